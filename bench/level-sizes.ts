// Per grid level of a prepared problem: classes, class entries, tight boxes, rows of tight
// footprints and rows × entries (the work a level too large for every tight box spends in
// cheapestPerServedSet, src/core/search/optimize-suite.ts, when it is at most 2 M), and how the
// level is searched (every tight box, every class set's cheapest box, or neighbourhoods).
//
//   npx tsx bench/level-sizes.ts -s fixtures/sample/shipments.csv -b fixtures/sample/boxes.csv
//   npx tsx bench/level-sizes.ts -s /work/shared/data/olist/shipments.csv -b /work/shared/data/olist/boxes.csv --units metric
//   npx tsx bench/level-sizes.ts --problem bench/out/mi100k.problem   # written by bench/search-levels.ts --dump
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deserialize } from 'node:v8';
import { optimize } from '../src/api/optimize.js';
import { defaultParams } from '../src/core/params.js';
import { finishLevel, planSearch, startLevel, type SearchProblem } from '../src/core/search/index.js';
import { canonicalBox, countTight, reduceClasses, roundDownToGrid, tightValues } from '../src/core/search/reduce.js';

const { values } = parseArgs({
  options: {
    problem: { type: 'string' },
    shipments: { type: 'string', short: 's' },
    boxes: { type: 'string', short: 'b' },
    units: { type: 'string', default: 'imperial' },
    k: { type: 'string', default: '10' },
  },
});

let problem: SearchProblem;
if (values.problem) problem = deserialize(readFileSync(values.problem)) as SearchProblem;
else {
  let captured: SearchProblem | null = null;
  await optimize({
    shipmentsFile: values.shipments!,
    boxesFile: values.boxes!,
    objective: 'volume',
    params: defaultParams(values.units as 'imperial' | 'metric'),
    skipInvalid: true,
    coverAll: false,
    seed: 1,
    threads: 2,
    k: Number(values.k),
    runSearch: async (p: SearchProblem) => {
      captured = p;
      throw new Error('captured');
    },
  }).catch((e: unknown) => {
    if (!captured) throw e;
  });
  problem = captured!;
}

const search = planSearch(problem);
const maxBox = canonicalBox(problem.params.max_box, problem.orientation);
for (let run = startLevel(search); run; run = startLevel(search)) {
  const step = run.level.step!;
  const lc = reduceClasses(problem.demandTable ?? problem.classes, problem.orientation, step, maxBox.map((v) => roundDownToGrid(v, step)) as [number, number, number], problem.params.min_box_side);
  const tv = tightValues(lc.table);
  let rows = 0;
  for (const a of tv[0]) for (const b of tv[1]) if (b >= a - 1e-9) rows++;
  const entries = lc.table.entryStart[lc.table.n]!;
  const tight = countTight(tv, problem.orientation);
  const how = tight <= problem.params.max_candidates ? 'every tight box' : run.level.full ? "every class set's cheapest box" : 'neighbourhoods';
  console.log(
    `step ${step}: ${lc.table.n} classes, ${entries} entries, ${tight} tight boxes, ${rows} rows, rows × entries ${(rows * entries / 1e6).toFixed(2)} M; ${run.instance.nCandidates} candidates (${how}), built in ${search.phases.levels_s.toFixed(2)} s so far`,
  );
  finishLevel(search, run);
}
