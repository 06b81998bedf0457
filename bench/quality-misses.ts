// Where the suite search misses the optimum of a multi-item bench instance (bench/quality-multi.ts,
// 1-inch grid): the MIP's optimal boxes, the search's suite, and, level by level, which optimal
// boxes the level's candidates lack. The MIP's solution is cached in bench/data/ (the first run of
// the 200-shipment, K = 6 instance takes minutes).
//
//   npx tsx bench/quality-misses.ts            # the four 1-inch instances
//   npx tsx bench/quality-misses.ts 2          # the third of them
import highsImport from 'highs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { exchangeBest, finishLevel, planSearch, runEpoch, startLevel } from '../src/core/search/index.js';
import { multiCase, pmedianText } from './quality-multi.js';

type Loader = (typeof highsImport)['default'];
const loadHighs: Loader =
  typeof highsImport === 'function' ? (highsImport as unknown as Loader) : (highsImport as { default: Loader }).default;
const highs = await loadHighs();

// [shipments drawn, K, grid steps, draw seed]: the 1-inch instances of `bench:quality -- --multi`.
const plan: [number, number, number[], number][] = [
  [200, 4, [2, 1], 8],
  [200, 6, [2, 1], 1],
  [200, 8, [2, 1], 9],
  [200, 10, [2, 1], 10],
];
const which = process.argv.slice(2).map(Number);
const name = (b: ArrayLike<number>): string => Array.from(b).join('x');
mkdirSync('bench/data', { recursive: true });
for (const [idx, [n, k, steps, seed]] of plan.entries()) {
  if (which.length > 0 && !which.includes(idx)) continue;
  const c = await multiCase(n, k, steps, seed);
  const cache = `bench/data/quality-misses-${n}-${k}-${seed}.json`;
  let optimum: { objective: number; boxes: number[][] };
  if (existsSync(cache)) optimum = JSON.parse(readFileSync(cache, 'utf8'));
  else {
    const sol = highs.solve(pmedianText(c.mip, k, false), { mip_rel_gap: 1e-9, time_limit: 600, output_flag: false });
    const columns = sol.Columns as Record<string, { Primal: number }>;
    const boxes = c.mip.boxes.filter((_, i) => columns[`y${i}`]!.Primal > 0.5);
    optimum = { objective: sol.ObjectiveValue, boxes };
    writeFileSync(cache, JSON.stringify(optimum));
  }
  const gap = (100 * (c.result.objective - optimum.objective)) / optimum.objective;
  console.log(`${c.name}: ours ${c.result.objective}, optimum ${optimum.objective.toFixed(0)}, gap ${gap.toFixed(4)} %`);
  console.log(`  optimum: ${optimum.boxes.map(name).join(' ')}`);
  console.log(`  ours:    ${c.result.suite.map(name).join(' ')}`);
  // The same search level by level (one thread, as optimizeSuite runs it), to see its candidates.
  const search = planSearch(c.problem);
  const { epochs, moves_per_epoch: budget } = c.problem.params;
  for (let run = startLevel(search); run; run = startLevel(search)) {
    for (let e = 0; e < epochs; e++) {
      for (const isl of run.islands) runEpoch(run.instance, isl, budget);
      if (exchangeBest(search, run, e)) break;
    }
    const inst = run.instance;
    const have = new Set<string>();
    for (let i = 0; i < inst.nCandidates; i++) have.add(name(inst.candDims.subarray(3 * i, 3 * i + 3)));
    const missing = run.level.step === steps[steps.length - 1] ? optimum.boxes.filter((b) => !have.has(name(b))).map(name).join(' ') || 'none' : '-';
    console.log(`  level ${run.level.step} in: ${run.level.full ? 'every tight box' : 'neighbourhoods'}, ${inst.nCandidates} candidates, best ${run.bestObjective}; optimal boxes missing: ${missing}`);
    finishLevel(search, run);
  }
}
