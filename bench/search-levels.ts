// The search of a prepared problem, timed in this thread level by level: build (levels) and
// islands, the bound left out. `--dump` prepares the problem as optimize does (frontiers in
// worker threads) and writes it to a file; later runs read it, so search variants can be compared
// without walking the frontiers again.
//
//   npx tsx bench/search-levels.ts --dump bench/out/mi100k.problem -s bench/data/mi100k/shipments.csv -b bench/data/mi100k/boxes.csv
//   npx tsx bench/search-levels.ts --problem bench/out/mi100k.problem [--levels 3] [--no-islands]
//
// --no-islands: each level's suite is the greedy one (no descent), to time the level builds alone.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { optimize } from '../src/api/optimize.js';
import { defaultParams } from '../src/core/params.js';
import { evaluateSuite, exchangeBest, finishLevel, planSearch, runEpoch, startLevel, type SearchProblem } from '../src/core/search/index.js';

const { values } = parseArgs({
  options: {
    dump: { type: 'string' },
    problem: { type: 'string' },
    shipments: { type: 'string', short: 's', default: 'bench/data/mi100k/shipments.csv' },
    boxes: { type: 'string', short: 'b', default: 'bench/data/mi100k/boxes.csv' },
    k: { type: 'string', default: '10' },
    levels: { type: 'string' },
    'no-islands': { type: 'boolean', default: false },
  },
});

if (values.dump) {
  const params = defaultParams('imperial');
  await optimize({
    shipmentsFile: values.shipments,
    boxesFile: values.boxes,
    objective: 'volume',
    params,
    skipInvalid: false,
    coverAll: false,
    seed: 1,
    threads: 2,
    k: Number(values.k),
    runSearch: async (problem: SearchProblem) => {
      mkdirSync(dirname(values.dump!), { recursive: true });
      writeFileSync(values.dump!, serialize(problem));
      console.log(`wrote ${values.dump}`);
      process.exit(0);
    },
  });
}

const problem = deserialize(readFileSync(values.problem!)) as SearchProblem;
// A problem dumped before a parameter existed takes its default.
problem.params = { ...defaultParams('imperial'), ...problem.params };
const search = planSearch(problem);
const maxLevels = values.levels ? Number(values.levels) : Infinity;
const { epochs, moves_per_epoch: budget } = problem.params;
const cpu0 = process.cpuUsage();
let islandsCpu = 0;
for (let run = startLevel(search); run && run.index < maxLevels; run = startLevel(search)) {
  const built = search.phases.levels_s;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let epoch = 0; epoch < (values['no-islands'] ? 0 : epochs); epoch++) {
    for (const isl of run.islands) runEpoch(run.instance, isl, budget);
    if (exchangeBest(search, run, epoch)) break;
  }
  const s = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  islandsCpu += (c1.user + c1.system) / 1e6;
  search.phases.islands_s += s;
  finishLevel(search, run);
  const inst = run.instance;
  console.log(
    `level ${run.index} step ${run.level.step}: ${inst.nClasses} classes, ${inst.nCandidates} candidates, ${inst.fitCand.length} fit pairs; ` +
      `built by ${built.toFixed(2)} s, islands ${s.toFixed(2)} s, ${run.islands.reduce((a, isl) => a + isl.moves, 0)} moves, objective ${evaluateSuite(inst, run.best).cost}`,
  );
}
const cpu = process.cpuUsage(cpu0);
console.log(`levels ${search.phases.levels_s.toFixed(2)} s, islands ${search.phases.islands_s.toFixed(2)} s (CPU ${islandsCpu.toFixed(1)} s), CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`);
