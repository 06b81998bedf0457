// Per-island work of a prepared problem's search, one thread: for every level, epoch and island,
// the CPU time of its epoch, its moves, restarts and best objective. Shows how unevenly the
// islands' runs weigh (what a thread waits for at the end of an epoch) and where their best came.
//
//   npx tsx bench/island-trace.ts --problem bench/out/mi100k.problem [--moves N] [--epochs N]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { deserialize } from 'node:v8';
import { evaluateSuite, exchangeBest, finishLevel, planSearch, runEpoch, startLevel, type SearchProblem } from '../src/core/search/index.js';
import { defaultParams } from '../src/core/params.js';

const { values } = parseArgs({
  options: { problem: { type: 'string' }, moves: { type: 'string' }, epochs: { type: 'string' }, quiet: { type: 'boolean', default: false } },
});
const problem = deserialize(readFileSync(values.problem!)) as SearchProblem;
// A problem dumped before a parameter existed takes its default.
problem.params = { ...defaultParams('imperial'), ...problem.params };
if (values.moves) problem.params = { ...problem.params, moves_per_epoch: Number(values.moves) };
if (values.epochs) problem.params = { ...problem.params, epochs: Number(values.epochs) };
const search = planSearch(problem);
const { epochs, moves_per_epoch: budget } = problem.params;
const cpu0 = process.cpuUsage();
let islandsMs = 0;
// Wall time two threads would take: each epoch's active islands in two contiguous halves (as
// run-search.ts splits them), the slower half; and with islands claimed one by one (dynamic).
let sim2 = 0;
let simDyn = 0;
const splitWall = (ms: number[]): number => {
  const h = Math.ceil(ms.length / 2);
  const a = ms.slice(0, h).reduce((x, y) => x + y, 0);
  const b = ms.slice(h).reduce((x, y) => x + y, 0);
  return Math.max(a, b);
};
const dynWall = (ms: number[]): number => {
  const t = [0, 0];
  for (const v of ms) t[t[0]! <= t[1]! ? 0 : 1]! += v;
  return Math.max(t[0]!, t[1]!);
};
for (let run = startLevel(search); run; run = startLevel(search)) {
  const perIsland = run.islands.map(() => 0);
  const c0 = process.cpuUsage();
  let levelMs = 0;
  let nEpochs = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const row: string[] = [];
    const epochMs: number[] = [];
    for (const isl of run.islands) {
      if (isl.done) {
        row.push('-');
        continue;
      }
      const m0 = isl.moves;
      const t0 = performance.now();
      runEpoch(run.instance, isl, budget);
      const ms = performance.now() - t0;
      perIsland[isl.index]! += ms;
      epochMs.push(ms);
      levelMs += ms;
      row.push(`${(ms / 1000).toFixed(2)}s/${isl.moves - m0}mv/r${isl.restart}${isl.done ? 'D' : ''}/${isl.bestObjective}`);
    }
    nEpochs++;
    sim2 += splitWall(epochMs);
    simDyn += dynWall(epochMs);
    if (!values.quiet) console.log(`  L${run.index} e${epoch}: ${row.join('  ')}`);
    if (exchangeBest(search, run, epoch)) break;
  }
  islandsMs += levelMs;
  const c1 = process.cpuUsage(c0);
  finishLevel(search, run);
  console.log(
    `level ${run.index} (CPU ${((c1.user + c1.system) / 1e6).toFixed(1)} s): ${run.instance.nClasses} classes, ${run.instance.nCandidates} cands; ${nEpochs} epochs, islands ${(levelMs / 1000).toFixed(2)} s, ` +
      `per island ${perIsland.map((ms) => (ms / 1000).toFixed(1)).join(' ')}; moves ${run.islands.reduce((a, i) => a + i.moves, 0)}; objective ${evaluateSuite(run.instance, run.best).cost}`,
  );
}
const cpu = process.cpuUsage(cpu0);
console.log(`islands ${(islandsMs / 1000).toFixed(2)} s (2 threads: contiguous ${(sim2 / 1000).toFixed(2)} s, dynamic ${(simDyn / 1000).toFixed(2)} s), CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
