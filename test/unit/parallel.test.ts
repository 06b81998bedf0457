import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimizeSuite, type SearchProgress } from '../../src/core/search/index.js';
import { InternalError } from '../../src/errors.js';
import fc from 'fast-check';
import { computeLagrangianBound } from '../../src/core/search/index.js';
import { boundTasks, runBoundTask, type BoundReply, type BoundTask } from '../../src/parallel/bound.js';
import { WorkerPool, workerModule } from '../../src/parallel/pool.js';
import type { EpochReply, EpochTask } from '../../src/parallel/protocol.js';
import { runSearchInWorkers, runSearchParallel, splitContiguous } from '../../src/parallel/run-search.js';
import { boundInputs } from '../helpers/bound-inputs.js';
import { computeBlankArea } from '../../src/core/geometry.js';
import { reduceClasses, tightValues } from '../../src/core/search/reduce.js';
import { buildTightRelation, computeTightBound, type DemandClass, type Orientation } from '../../src/core/search/index.js';
import {
  driveTightSteps,
  runTightBoundTask,
  sharedAlloc,
  tightBoundTasks,
  tightCollector,
  type TightBoundReply,
  type TightBoundTask,
  type TightCollectReply,
  type TightCollectTask,
} from '../../src/parallel/tight-bound.js';
import { TIGHT_CLASS_BLOCK, tightRelationSteps } from '../../src/core/search/tight-bound.js';
import { generatedProblem } from './fixtures/parallel/problem.js';

const FIXTURES = resolve(import.meta.dirname, 'fixtures/parallel');

/** A search that would run for minutes: many long epochs, islands that never give up. */
function longProblem() {
  return generatedProblem(11, { epochs: 1_000_000, moves_per_epoch: 2000, restarts: 1000, stall_limit: 1000, islands: 4 });
}

describe('splitContiguous', () => {
  it('cuts 8 islands into 3 contiguous chunks of 3, 3 and 2, in island order', () => {
    expect(splitContiguous([0, 1, 2, 3, 4, 5, 6, 7], 3)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7],
    ]);
  });

  it('gives one chunk per item when there are fewer items than parts asked for', () => {
    expect(splitContiguous([0, 1], 2)).toEqual([[0], [1]]);
  });
});

describe('the bound in worker threads', () => {
  it('equals the in-thread bound bit for bit at 1, 2 and 3 threads on random instances', async () => {
    const cases = fc.sample(boundInputs(), { numRuns: 40, seed: 17 });
    const stopFlag = new Int32Array(new SharedArrayBuffer(4));
    for (const threads of [2, 3]) {
      const pool = new WorkerPool<EpochTask | BoundTask, EpochReply | BoundReply>({ threads, workerFile: workerModule('worker') });
      try {
        for (const c of cases) {
          const job = { input: c.input, upper: c.upper, iterations: c.iterations, init: c.init ?? new Float64Array(c.input.nClasses) };
          const expected = computeLagrangianBound(c.input, c.upper, c.iterations, job.init);
          const replies = await Promise.all(boundTasks(job, threads, stopFlag).map((task) => pool.run(task)));
          expect(replies.slice(1)).toEqual(Array(threads - 1).fill(null));
          expect(Object.is(replies[0], expected)).toBe(true);
          // One thread: the lead alone takes every chunk.
          expect(Object.is(runBoundTask(boundTasks(job, 1, stopFlag)[0]!), expected)).toBe(true);
        }
      } finally {
        await pool.destroy();
      }
    }
  }, 120_000);
});

describe('the tight-box bound in worker threads', () => {
  const side = fc.integer({ min: 3, max: 80 }).map((v) => v / 10);
  const tightCases = fc.record({
    orientation: fc.constantFrom<Orientation>('free', 'upright'),
    objective: fc.constantFrom('volume' as const, 'corrugate' as const),
    classes: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 30 }), entries: fc.array(fc.tuple(side, side, side), { minLength: 1, maxLength: 3 }) }), {
      minLength: 2,
      maxLength: 40,
    }),
    k: fc.integer({ min: 1, max: 4 }),
    locked: fc.boolean(),
    runLimit: fc.constantFrom(5, 40, 1_000_000),
    iterations: fc.constantFrom(5, 60, 300),
    chunks: fc.integer({ min: 1, max: 9 }),
  });

  it('equals computeTightBound bit for bit at 1, 2 and 3 threads and any chunking, on random instances', async () => {
    const cases = fc.sample(tightCases, { numRuns: 40, seed: 23 }).map((x) => {
      const canon = (d: number[]): [number, number, number] =>
        x.orientation === 'free' ? ([...d].sort((p, q) => p - q) as [number, number, number]) : [Math.min(d[0]!, d[1]!), Math.max(d[0]!, d[1]!), d[2]!];
      const classes: DemandClass[] = x.classes.map((c) => ({ weight: c.weight, shipWeight: 0, frontier: c.entries.map(canon) }));
      const costOf = (a: number, b: number, c: number): number => (x.objective === 'volume' ? a * b * c : computeBlankArea(a, b, c, 1.5));
      const t = reduceClasses(classes, x.orientation, 1, [9, 9, 9], 1).table;
      const locked: [number, number, number][] = x.locked ? [[9, 9, 9]] : [];
      const k = x.k + locked.length;
      // Incumbent-like start values and fallback caps: each class's cost in the largest box, twice.
      const init = new Float64Array(t.n).map((_, j) => t.weight[j]! * costOf(5, 5, 5));
      const o = { upper: init.reduce((s, v) => s + v, 0), iterations: x.iterations, init, runLimit: x.runLimit, fallbackCap: init.map((v) => 2 * v) };
      const cap = new Float64Array(t.n).fill(Infinity);
      const expected = computeTightBound(t, tightValues(t), x.orientation, costOf, locked, k, cap, o).bound;
      const rel = () => buildTightRelation(t, tightValues(t), x.orientation, costOf, locked, k, cap, o, x.chunks, sharedAlloc);
      return { expected, rel, upper: o.upper };
    });
    const stopFlag = new Int32Array(new SharedArrayBuffer(4));
    for (const threads of [2, 3]) {
      const pool = new WorkerPool<EpochTask | TightBoundTask, EpochReply | TightBoundReply>({ threads, workerFile: workerModule('worker') });
      try {
        for (const c of cases) {
          const replies = await Promise.all(tightBoundTasks(c.rel(), c.upper, threads, stopFlag).map((task) => pool.run(task)));
          expect(replies.slice(1)).toEqual(Array(threads - 1).fill(null));
          expect(Object.is(replies[0], c.expected)).toBe(true);
          expect(Object.is(runTightBoundTask(tightBoundTasks(c.rel(), c.upper, 1, stopFlag)[0]!), c.expected)).toBe(true);
        }
      } finally {
        await pool.destroy();
      }
    }
  }, 120_000);
});

describe("the tight-box bound's runs collected in worker threads", () => {
  const side = fc.integer({ min: 3, max: 160 }).map((v) => v / 10);
  const cases = fc.record({
    orientation: fc.constantFrom<Orientation>('free', 'upright'),
    objective: fc.constantFrom('volume' as const, 'corrugate' as const),
    classes: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 30 }), entries: fc.array(fc.tuple(side, side, side), { minLength: 1, maxLength: 3 }) }), {
      minLength: 300,
      maxLength: 700,
    }),
    k: fc.integer({ min: 1, max: 4 }),
    locked: fc.boolean(),
    // Runs at no cap fit / pass the first limit (the fallback cap then) / pass every limit (water-filling).
    runLimit: fc.constantFrom(1_000_000, 3_000, 300),
    iterations: fc.constantFrom(5, 40),
  });

  it('gives the in-thread relation and bound bit for bit at 2 and 3 threads, over several blocks of classes', async () => {
    const built = fc.sample(cases, { numRuns: 12, seed: 5 }).map((x) => {
      const canon = (d: number[]): [number, number, number] =>
        x.orientation === 'free' ? ([...d].sort((p, q) => p - q) as [number, number, number]) : [Math.min(d[0]!, d[1]!), Math.max(d[0]!, d[1]!), d[2]!];
      const classes: DemandClass[] = x.classes.map((c) => ({ weight: c.weight, shipWeight: 0, frontier: c.entries.map(canon) }));
      const cost = { objective: x.objective, params: { glue_flap: 1.5 } } as unknown as Parameters<typeof tightCollector>[0]['cost'];
      const costOf = (a: number, b: number, c: number): number => (x.objective === 'volume' ? a * b * c : computeBlankArea(a, b, c, 1.5));
      const t = reduceClasses(classes, x.orientation, 0.5, [17, 17, 17], 1).table;
      const tv = tightValues(t);
      const locked: [number, number, number][] = x.locked ? [[17, 17, 17]] : [];
      const k = x.k + locked.length;
      const init = new Float64Array(t.n).map((_, j) => t.weight[j]! * costOf(8, 8, 8));
      const o = { upper: init.reduce((s, v) => s + v, 0), iterations: x.iterations, init, runLimit: x.runLimit, fallbackCap: init.map((v) => 2 * v) };
      const cap = new Float64Array(t.n).fill(Infinity);
      const args = [t, tv, x.orientation, costOf, locked, k, cap, o, 4] as const;
      return { x, t, tv, cost, args, expected: buildTightRelation(...args), bound: computeTightBound(t, tv, x.orientation, costOf, locked, k, cap, o).bound };
    });
    // Several blocks of classes, and every path of the build.
    expect(Math.min(...built.map((c) => c.t.n))).toBeGreaterThan(2 * TIGHT_CLASS_BLOCK);
    expect(built.some((c) => c.expected.capped > 0)).toBe(true);
    const stopFlag = new Int32Array(new SharedArrayBuffer(4));
    for (const threads of [2, 3]) {
      const pool = new WorkerPool<TightCollectTask | TightBoundTask, TightCollectReply | TightBoundReply>({ threads, workerFile: workerModule('worker') });
      try {
        for (const c of built) {
          const source = { table: c.t, tv: c.tv, orientation: c.x.orientation, cost: c.cost };
          const rel = await driveTightSteps(tightRelationSteps(...c.args, sharedAlloc), tightCollector(source, threads, (task) => pool.run(task)));
          for (const key of ['runStart', 'runS', 'boxCost', 'slotRow', 'rowList', 'rowLo', 'rowHi', 'lambda', 'lo', 'hi', 'lockStart', 'lockList'] as const) {
            expect(Array.from(rel[key]), key).toEqual(Array.from(c.expected[key]));
          }
          expect([rel.iterations, rel.capped, rel.chunks]).toEqual([c.expected.iterations, c.expected.capped, c.expected.chunks]);
          const replies = await Promise.all(tightBoundTasks(rel, c.args[7].upper, threads, stopFlag).map((task) => pool.run(task)));
          expect(Object.is(replies[0], c.bound)).toBe(true);
        }
      } finally {
        await pool.destroy();
      }
    }
  }, 120_000);
});

describe('runSearchParallel', () => {
  it('finds the same suite, objective, bound and move counts at 1, 2 and 3 threads as optimizeSuite in-thread', async () => {
    const problem = generatedProblem(5);
    // Phase timings are measured, not computed: everything else must agree.
    const { phases: _inThreadPhases, ...inThread } = optimizeSuite(problem);
    for (const threads of [1, 2, 3]) {
      const { phases: _phases, ...result } = await runSearchParallel(problem, {}, threads);
      expect(result).toEqual(inThread);
    }
    // The islands exchanged and searched more than one epoch on some level.
    expect(inThread.stats.iterations).toBeGreaterThan(problem.params.moves_per_epoch * problem.params.islands);
  });

  it('reports progress after every epoch, as in-thread', async () => {
    const problem = generatedProblem(6);
    const seen: SearchProgress[] = [];
    const expected: SearchProgress[] = [];
    optimizeSuite(problem, { onProgress: (p) => expected.push(p) });
    await runSearchInWorkers(problem, { onProgress: (p) => seen.push(p) }, 2);
    expect(seen).toEqual(expected);
  });

  it('ends with an InternalError within seconds when a worker throws', async () => {
    const started = performance.now();
    const run = runSearchParallel(generatedProblem(5), {}, 2, { workerFile: resolve(FIXTURES, 'throwing-worker.ts') });
    await expect(run).rejects.toThrow(InternalError);
    await expect(run).rejects.toThrow(/island epoch exploded/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('ends with an InternalError within seconds when a worker cannot load', async () => {
    const started = performance.now();
    const run = runSearchParallel(generatedProblem(5), {}, 3, { workerFile: resolve(FIXTURES, 'unloadable-worker.mjs') });
    await expect(run).rejects.toThrow(InternalError);
    await expect(run).rejects.toThrow(/worker module failed to load/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('ends with an InternalError within seconds when the worker file is missing', async () => {
    const started = performance.now();
    const run = runSearchParallel(generatedProblem(5), {}, 2, { workerFile: resolve(FIXTURES, 'no-such-worker.mjs') });
    await expect(run).rejects.toThrow(InternalError);
    await expect(run).rejects.toThrow(/search worker thread failed/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('returns the best suite so far promptly when the signal aborts', async () => {
    const problem = longProblem();
    const abort = new AbortController();
    let epochs = 0;
    let abortedAt = 0;
    const run = runSearchParallel(
      problem,
      {
        signal: abort.signal,
        onProgress: () => {
          // Abort a little after the first exchange, mid-epoch.
          if (epochs++ === 0) setTimeout(() => ((abortedAt = performance.now()), abort.abort()), 300);
        },
      },
      2,
    );
    const result = await run;
    expect(abortedAt).toBeGreaterThan(0);
    expect(performance.now() - abortedAt).toBeLessThan(3000);
    expect(result.suite).toHaveLength(problem.k);
    expect(Number.isFinite(result.objective)).toBe(true);
    expect(result.bound).toBeLessThanOrEqual(result.objective);
    expect(result.stats.levels).toHaveLength(1);
  });

  it('returns soon after control.deadline with the best suite so far', async () => {
    const problem = longProblem();
    const started = performance.now();
    let epochs = 0;
    const result = await runSearchParallel(problem, { deadline: started + 4000, onProgress: () => epochs++ }, 2);
    expect(performance.now() - started).toBeLessThan(7000);
    expect(epochs).toBeGreaterThan(0);
    expect(result.suite).toHaveLength(problem.k);
    expect(Number.isFinite(result.objective)).toBe(true);
  });

  it('leaves no worker thread behind: a process that ran a search exits by itself', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(FIXTURES, 'run-once.ts'), '2'], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done(-1);
      }, 30_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as { objective: number; suite: number[][] };
    expect(printed.objective).toBe(optimizeSuite(generatedProblem(5)).objective);
  });
});
