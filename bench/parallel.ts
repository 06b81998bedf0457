// bench:parallel — the suite search in worker threads: wall time of the same fixed work (8 islands,
// fixed epochs and moves, islands that never stop early, no time limit) at --threads 1 and 2,
// alternating, several rounds, median ratio; then the quality reached within a fixed time limit.
// Prints figures; asserts nothing. Runs the built library (dist/) so the workers are compiled JS.
//
//   npm run bench:parallel
//   npm run bench:parallel -- --rounds 3 --epochs 2 --moves 400 --steps 2 --time-limit 20
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SearchProblem, SearchResult } from '../src/core/search/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = join(ROOT, 'bench/data/ship-200k.csv');
/** The search problem built from DATA (demand classes take minutes to build): built once, reused. */
const PROBLEM = join(ROOT, 'bench/data/ship-200k.problem.json');

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    epochs: { type: 'string', default: '4' },
    moves: { type: 'string', default: '3000' },
    'time-limit': { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    steps: { type: 'string', default: '2,1' },
    prepare: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const epochs = Number(values.epochs);
const moves = Number(values.moves);
const timeLimit = Number(values['time-limit']);
const steps = values.steps.split(',').map(Number);

if (!existsSync(join(ROOT, 'dist/parallel/worker.js'))) throw new Error('run `npm run build` first (bench:parallel does)');
if (!existsSync(DATA)) {
  const args = ['--import', 'tsx', join(ROOT, 'scripts/generate-sample.ts'), '--out', join(ROOT, 'bench/data'), '--shipments', '200000', '--name', 'ship-200k.csv', '--no-boxes'];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new Error('generation failed');
}

// The built library, imported at run time so the bench type-checks without dist/.
const dist = (p: string) => join(ROOT, 'dist', p);
const { optimize } = (await import(dist('api/optimize.js'))) as typeof import('../src/api/optimize.js');
const { defaultParams } = (await import(dist('core/params.js'))) as typeof import('../src/core/params.js');
const { runSearchParallel } = (await import(dist('parallel/run-search.js'))) as typeof import('../src/parallel/run-search.js');

// Read the shipments and build the demand classes once, through optimize() itself: its search
// step hands the problem over and stops there. Cached in bench/data (gitignored).
async function buildProblem(): Promise<SearchProblem> {
  const CAPTURED = new Error('problem captured');
  let captured: SearchProblem | null = null;
  try {
    await optimize({
      shipmentsFile: DATA,
      boxesFile: join(ROOT, 'fixtures/sample/boxes.csv'),
      objective: 'volume',
      params: defaultParams('imperial'),
      skipInvalid: false,
      coverAll: false,
      seed: Number(values.seed),
      threads: 1,
      runSearch: async (p) => {
        captured = p;
        throw CAPTURED;
      },
    });
  } catch (err) {
    if (err !== CAPTURED) throw err;
  }
  if (!captured) throw new Error('no search problem');
  return captured;
}

const t = performance.now();
let problem: SearchProblem;
let how: string;
if (existsSync(PROBLEM)) {
  problem = JSON.parse(readFileSync(PROBLEM, 'utf8')) as SearchProblem;
  problem.seed = Number(values.seed);
  how = `loaded from ${PROBLEM.slice(ROOT.length + 1)}`;
} else {
  problem = await buildProblem();
  writeFileSync(PROBLEM, JSON.stringify(problem));
  how = `read and classes built in ${((performance.now() - t) / 1000).toFixed(1)} s`;
}
if (values.prepare) {
  console.log(`${PROBLEM}: ${how}`);
  process.exit(0);
}
const base: SearchProblem = problem;
console.log(
  `ship-200k.csv: ${base.classes.length.toLocaleString('en-US')} demand classes, K = ${base.k}, ` +
    `${how}; ` +
    `${availableParallelism()} cores, Node ${process.version}`,
);

// Fixed work: islands never give up (restarts, stall_limit huge), so every level runs
// epochs × islands × moves swaps whatever the thread count.
const fixed: SearchProblem = {
  ...base,
  params: { ...base.params, steps, islands: 8, epochs, moves_per_epoch: moves, restarts: 1_000_000, stall_limit: 1_000_000 },
};
const timedBase: SearchProblem = { ...base, params: { ...base.params, steps } };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Wall time of the whole search, and of its epochs alone (the part that runs in the workers). */
async function timed(p: SearchProblem, threads: number, deadlineSec?: number): Promise<{ ms: number; epochMs: number; cores: number; result: SearchResult }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const control = deadlineSec === undefined ? {} : { deadline: start + deadlineSec * 1000 };
  let epochMs = 0;
  const result = await runSearchParallel(p, control, threads, { onEpoch: (e) => (epochMs += e.ms) });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  // CPU time of every thread of this process over wall time: the cores the machine actually gave.
  return { ms, epochMs, cores: (used.user + used.system) / 1000 / ms, result };
}

console.log(`\nFixed work: 8 islands × ${epochs} epochs × ${moves} moves per level, levels ${fixed.params.steps.join(', ')} in; ${rounds} rounds, 1 and 2 threads alternating`);
const ms: Record<1 | 2, number[]> = { 1: [], 2: [] };
const epochMs: Record<1 | 2, number[]> = { 1: [], 2: [] };
const ratios: number[] = [];
const epochRatios: number[] = [];
const cores: Record<1 | 2, number[]> = { 1: [], 2: [] };
let reference: SearchResult | null = null;
const secs = (x: number) => `${(x / 1000).toFixed(2)} s`;
for (let round = 0; round < rounds; round++) {
  const order: (1 | 2)[] = round % 2 === 0 ? [1, 2] : [2, 1];
  for (const threads of order) {
    const run = await timed(fixed, threads);
    reference ??= run.result;
    if (run.result.objective !== reference.objective || JSON.stringify(run.result.suite) !== JSON.stringify(reference.suite)) {
      console.log(`  !! threads ${threads}: a different suite (objective ${run.result.objective} vs ${reference.objective})`);
    }
    ms[threads].push(run.ms);
    epochMs[threads].push(run.epochMs);
    cores[threads].push(run.cores);
  }
  ratios.push(ms[1][round]! / ms[2][round]!);
  epochRatios.push(epochMs[1][round]! / epochMs[2][round]!);
  console.log(
    `  round ${round + 1}: search 1 thread ${secs(ms[1][round]!)}, 2 threads ${secs(ms[2][round]!)} (×${ratios[round]!.toFixed(2)}); ` +
      `epochs alone ${secs(epochMs[1][round]!)} vs ${secs(epochMs[2][round]!)} (×${epochRatios[round]!.toFixed(2)}); ` +
      `cores used ${cores[1][round]!.toFixed(2)} vs ${cores[2][round]!.toFixed(2)}`,
  );
}
console.log(
  `  median: search ${secs(median(ms[1]))} vs ${secs(median(ms[2]))}, ratio ×${median(ratios).toFixed(2)}; ` +
    `epochs alone ${secs(median(epochMs[1]))} vs ${secs(median(epochMs[2]))}, ratio ×${median(epochRatios).toFixed(2)}; ` +
    `cores used ${median(cores[1]).toFixed(2)} vs ${median(cores[2]).toFixed(2)}`,
);
console.log(
  `  every run: the same suite, ${reference!.stats.iterations.toLocaleString('en-US')} moves, ` +
    `levels ${reference!.stats.levels.map((l) => l.step).join(', ')}, objective ${reference!.objective.toFixed(0)}, gap ${(reference!.gapPct ?? NaN).toFixed(2)} %`,
);

console.log(`\nQuality within --time-limit ${timeLimit} s (default parameters, steps ${steps.join(', ')} in; ${rounds} rounds alternating)`);
for (let round = 0; round < rounds; round++) {
  const order: (1 | 2)[] = round % 2 === 0 ? [1, 2] : [2, 1];
  const parts: string[] = [];
  for (const threads of order) {
    const { ms: took, epochMs: inEpochs, cores: used, result } = await timed(timedBase, threads, timeLimit);
    parts.push(
      `${threads} thread${threads === 1 ? '' : 's'}: objective ${result.objective.toFixed(0)}, gap ${(result.gapPct ?? NaN).toFixed(2)} %, ` +
        `${result.stats.iterations.toLocaleString('en-US')} moves, levels ${result.stats.levels.length}, ${(took / 1000).toFixed(1)} s (epochs ${(inEpochs / 1000).toFixed(1)} s, ${used.toFixed(2)} cores)`,
    );
  }
  console.log(`  round ${round + 1}: ${parts.join(' | ')}`);
}
