// Which side of the reported gap is weak on a large history: the suite or the lower bound?
// `capture` prepares a history exactly as `optimize` does, runs the search in this thread (the same
// suite as at any --threads) and saves the final level's classes, tight values and the incumbent's
// per-class costs under bench/data/<name>-bound/. `bound` then reruns only the bound on the saved
// level with other settings (pair budget, λ caps, iterations, the bound's form).
//
//   npx tsx bench/bound-gap.ts capture --shipments bench/data/mi100k/shipments.csv --boxes bench/data/mi100k/boxes.csv --name mi100k
//   npx tsx bench/bound-gap.ts bound --name mi100k   # --cap auto|first|second|inf, --iterations N, --init first|mid|second, --theta N, --beta N (deflection; 0: plain steps)
//     --scale range|first|weight|none (each class's step scale where the budget cuts the steps; range: as optimize), --plain (plain steps, θ 4, as where every step fits),
//     --patience N, --visits N (step budget in run visits), --trace N (print every N steps)
//   The second generator's history: capture --shipments bench/data/orders100k/shipments.csv --boxes bench/data/orders100k/boxes.csv --name orders100k
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareOptimization, searchSuite } from '../src/api/optimize.js';
import { defaultParams } from '../src/core/params.js';
import {
  exchangeBest,
  finishLevel,
  finishSearch,
  makeCostOf,
  planSearch,
  runEpoch,
  startLevel,
  type ClassTable,
  type SearchProblem,
  type SearchResult,
} from '../src/core/search/index.js';
import { incumbentCosts, tightStart } from '../src/core/search/optimize-suite.js';
import { buildTightRelation, placeTightChunk, runTightSteps, type TightBoundOptions } from '../src/core/search/tight-bound.js';

const ROOT = resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    shipments: { type: 'string' },
    boxes: { type: 'string' },
    name: { type: 'string', default: 'mi100k' },
    k: { type: 'string', default: '10' },
    units: { type: 'string', default: 'imperial' },
    runs: { type: 'string', default: '12000000' },
    cap: { type: 'string', default: 'auto' },
    iterations: { type: 'string', default: '1000' },
    theta: { type: 'string' },
    plain: { type: 'boolean' },
    beta: { type: 'string', default: '0.5' },
    init: { type: 'string', default: 'mid' },
    visits: { type: 'string' },
    patience: { type: 'string' },
    trace: { type: 'string' },
    scale: { type: 'string', default: 'range' },
    moves: { type: 'string' },
    radius: { type: 'string' },
  },
});
const dir = join(ROOT, 'bench/data', `${values.name}-bound`);

interface Saved {
  n: number;
  orientation: 'free' | 'upright';
  objective: number;
  bound: number;
  gapPct: number | null;
  locked: number[][];
  k: number;
  search: Pick<SearchProblem, 'objective' | 'params'>;
  boundSeconds: number;
  suite: number[][];
}

const f64 = (name: string): Float64Array => {
  const b = readFileSync(join(dir, name));
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
};
const i32 = (name: string): Int32Array => {
  const b = readFileSync(join(dir, name));
  return new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const put = (name: string, a: Float64Array | Int32Array): void => writeFileSync(join(dir, name), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

async function capture(): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const params = { ...defaultParams(values.units as 'imperial' | 'metric') };
  if (values.moves) params.moves_per_epoch = Number(values.moves);
  if (values.radius) params.refine_radius = Number(values.radius);
  let result: SearchResult | null = null;
  const t0 = performance.now();
  const prep = await prepareOptimization({
    shipmentsFile: values.shipments!,
    boxesFile: values.boxes!,
    objective: 'volume',
    params,
    skipInvalid: true,
    coverAll: false,
    seed: 1,
    threads: 2,
    runSearch: async (problem) => {
      console.log(`prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const search = planSearch(problem);
      for (let run = startLevel(search); run; run = startLevel(search)) {
        for (let epoch = 0; epoch < problem.params.epochs; epoch++) {
          for (const isl of run.islands) runEpoch(run.instance, isl, problem.params.moves_per_epoch, search.stop);
          if (exchangeBest(search, run, epoch)) break;
        }
        finishLevel(search, run);
        console.log(`level ${run.level.step}: ${run.instance.nClasses} classes, ${run.instance.nCandidates} candidates, objective ${run.bestObjective}`);
      }
      const last = search.last!;
      const lv = last.level;
      const inst = last.instance;
      const tb = performance.now();
      result = finishSearch(search);
      const boundSeconds = (performance.now() - tb) / 1000;
      // The incumbent's cheapest and second-cheapest weighted cost per class (as finishSearch).
      const { first, second } = incumbentCosts(inst, last.best);
      const t = lv.table;
      put('weight', t.weight);
      put('shipWeight', t.shipWeight);
      put('entryStart', t.entryStart);
      put('entries', t.entries);
      lv.tv!.forEach((v, x) => put(`tv${x}`, v));
      put('first', first);
      put('second', second);
      const saved: Saved = {
        n: t.n,
        orientation: problem.orientation,
        objective: result.objective,
        bound: result.bound,
        gapPct: result.gapPct,
        locked: search.locked,
        k: inst.k,
        search: { objective: problem.objective, params: problem.params },
        boundSeconds,
        suite: result.suite,
      };
      writeFileSync(join(dir, 'level.json'), JSON.stringify(saved));
      console.log(JSON.stringify({ objective: result.objective, bound: result.bound, gapPct: result.gapPct, boundSeconds, phases: result.phases }));
      return result;
    },
  });
  await searchSuite(prep, Number(values.k));
}

function bound(): void {
  const saved = JSON.parse(readFileSync(join(dir, 'level.json'), 'utf8')) as Saved;
  const entryStart = i32('entryStart');
  const table: ClassTable = { n: saved.n, weight: f64('weight'), shipWeight: f64('shipWeight'), entryStart, entries: f64('entries') };
  const tv = [f64('tv0'), f64('tv1'), f64('tv2')];
  const first = f64('first');
  const second = f64('second');
  const costOf = makeCostOf(saved.search);
  const locked = saved.locked as [number, number, number][];
  let sumFirst = 0;
  for (const c of first) sumFirst += c;
  console.log(
    `classes ${saved.n}, tight values ${tv.map((v) => v.length).join(' × ')}, entries ${entryStart[saved.n]}, objective ${saved.objective}, saved bound ${saved.bound} (gap ${saved.gapPct?.toFixed(2)} %, ${saved.boundSeconds.toFixed(1)} s), Σ first ${sumFirst.toFixed(0)}`,
  );
  for (const runs of values.runs.split(',').map(Number)) {
    const cap = values.cap === 'auto' ? new Float64Array(saved.n).fill(Infinity) : values.cap === 'second' ? second : values.cap === 'first' ? first : values.cap === 'double' ? first.map((c) => 2 * c) : new Float64Array(saved.n).fill(Infinity);
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // --scale range: what optimize does (tightStart); first: each class's incumbent cost; weight:
    // its weight; none: every λ_j moves alike (the steps before the scaling).
    // --plain, --scale none with a budget that cuts the steps: main's steps before the scaling.
    const stepScale = values.scale === 'range' ? tightStart(first, second).stepScale : values.scale === 'first' ? first : values.scale === 'weight' ? table.weight : new Float64Array(saved.n).fill(1);
    const init = values.init === 'first' ? first : values.init === 'second' ? second : tightStart(first, second).init;
    // --plain: the plain steps (θ 4 unless --theta), as where every step asked for fits the budget.
    const o: TightBoundOptions = { runLimit: runs, iterations: Number(values.iterations), upper: saved.objective, init: values.plain ? init : first, scaled: values.plain ? null : { init, stepScale }, beta: Number(values.beta), fallbackCap: values.cap === 'auto' ? second : null, ...(values.theta ? { theta: Number(values.theta) } : {}), ...(values.visits ? { runVisits: Number(values.visits) } : {}) };
    const rel = buildTightRelation(table, tv, saved.orientation, costOf, locked, saved.k, cap, o, 1);
    const built = (performance.now() - t0) / 1000;
    const cu = process.cpuUsage(cpu0);
    const builtCpu = (cu.user + cu.system) / 1e6;
    const every = values.trace ? Number(values.trace) : 0;
    let placeMs = 0;
    let moved = 0;
    const tStep0 = performance.now();
    const r = runTightSteps(rel, o.upper, o.theta ?? rel.theta0, () => {
      const tp = performance.now();
      for (let j = 0; j < rel.n; j++) if (rel.lambda[j] !== rel.applied[j]) moved++;
      placeTightChunk(rel, 0);
      placeMs += performance.now() - tp;
    }, undefined, o.beta ?? 0.5, {
      ...(values.patience ? { patience: Number(values.patience) } : {}),
      trace: (it, v, b, th) => {
        if (every > 0 && it % every === 0) console.log(`step ${it}: value gap ${((100 * (saved.objective - v)) / saved.objective).toFixed(3)} %, best ${((100 * (saved.objective - b)) / saved.objective).toFixed(3)} %, θ ${th}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      },
    });
    console.log(`steps ${((performance.now() - tStep0) / 1000).toFixed(2)} s wall, of it placing ${(placeMs / 1000).toFixed(2)} s, classes moved per step ${(moved / Math.max(1, r.stats.iterations)).toFixed(0)} of ${rel.n}`);
    const value = r.bound;
    const extra = JSON.stringify(r.stats);
    const s = (performance.now() - t0) / 1000;
    const cuAll = process.cpuUsage(cpu0);
    const gap = (100 * (saved.objective - value)) / saved.objective;
    console.log(`runs ≤ ${runs}, cap ${values.cap}, ${values.iterations} iterations, θ ${values.theta}, β ${values.beta}, init ${values.init}: bound ${value}, gap ${gap.toFixed(3)} %, ${s.toFixed(1)} s (runs built in ${built.toFixed(2)} s wall, ${builtCpu.toFixed(2)} s CPU), ${((cuAll.user + cuAll.system) / 1e6).toFixed(1)} s CPU in all, rss +${((process.memoryUsage().rss - rss0) / 2 ** 20).toFixed(0)} MB; ${extra}`);
  }
}

if (positionals[0] === 'capture') await capture();
else bound();
