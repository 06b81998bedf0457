// The search of a prepared problem (bench/search-levels.ts --dump) in worker threads, as optimize
// runs it, with the wall time of every epoch and how many islands it ran: where the islands
// phase waits for its slowest thread. Runs the built library (dist/) so the workers are compiled JS.
//
//   npm run build && npx tsx bench/search-epochs.ts --problem bench/out/mi100k.problem --threads 2
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { deserialize } from 'node:v8';
import type { SearchProblem } from '../src/core/search/index.js';
import { defaultParams } from '../src/core/params.js';

const { values } = parseArgs({
  options: { problem: { type: 'string' }, threads: { type: 'string', default: '2' } },
});
const { runSearchParallel } = (await import('../dist/parallel/run-search.js')) as typeof import('../src/parallel/run-search.js');
const problem = deserialize(readFileSync(values.problem!)) as SearchProblem;
// A problem dumped before a parameter existed takes its default.
problem.params = { ...defaultParams('imperial'), ...problem.params };
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const perLevel = new Map<number, { epochs: number; ms: number; islands: number[] }>();
const result = await runSearchParallel(problem, {}, Number(values.threads), {
  onEpoch: (e) => {
    const lv = perLevel.get(e.level) ?? { epochs: 0, ms: 0, islands: [] };
    lv.epochs++;
    lv.ms += e.ms;
    lv.islands.push(e.islands);
    perLevel.set(e.level, lv);
  },
});
const cpu = process.cpuUsage(cpu0);
for (const [level, lv] of perLevel) {
  console.log(`level ${level}: ${lv.epochs} epochs, ${(lv.ms / 1000).toFixed(2)} s, islands per epoch ${lv.islands.join(' ')}`);
}
const ph = result.phases;
console.log(
  `objective ${result.objective}; phases levels ${ph.levels_s.toFixed(2)} / islands ${ph.islands_s.toFixed(2)} / bound ${ph.bound_s.toFixed(2)} s; ` +
    `wall ${((performance.now() - t0) / 1000).toFixed(1)} s, CPU (all threads) ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
);
