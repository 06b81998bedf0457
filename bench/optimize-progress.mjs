// `packopt optimize --json` with the phases' progress on stderr, one timestamped line per change
// (the CLI shows progress only on a TTY and never under --json). Needs `npm run build`.
//
//   node bench/optimize-progress.mjs -s SHIPMENTS -b BOXES -k 10 --threads 2 --seed 1 > report.json
import { parseArgs } from 'node:util';
import { computeFrontiersInPool, defaultParams, optimize, runSearchInWorkers } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    shipments: { type: 'string', short: 's' },
    boxes: { type: 'string', short: 'b' },
    k: { type: 'string', short: 'k' },
    threads: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    units: { type: 'string', default: 'imperial' },
  },
});
const t0 = performance.now();
const stamp = () => `${((performance.now() - t0) / 1000).toFixed(1)} s, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`;
let last = '';
let lastAt = 0;
const log = (key, text, force = false) => {
  // A new phase or level is always logged; progress within one at most every 10 s.
  if (!force && key === last && performance.now() - lastAt < 10_000) return;
  last = key;
  lastAt = performance.now();
  process.stderr.write(`[${stamp()}] ${text}\n`);
};
const run = await optimize({
  shipmentsFile: values.shipments,
  boxesFile: values.boxes,
  objective: 'volume',
  params: defaultParams(values.units),
  skipInvalid: false,
  coverAll: false,
  seed: Number(values.seed),
  threads: Number(values.threads),
  ...(values.k !== undefined ? { k: Number(values.k) } : {}),
  onRows: (rows) => log('rows', `reading: ${rows.toLocaleString('en-US')} rows`),
  onPhase: (p) => log(`phase ${p.phase}`, `${p.phase} ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}`, p.done === 0 || p.done === p.total),
  onSearchProgress: (p) => log(`level ${p.level}`, `search: level ${p.level + 1}, epoch ${p.epoch + 1}, best ${Math.round(p.best).toLocaleString('en-US')}`),
  runSearch: runSearchInWorkers,
  computeFrontiers: computeFrontiersInPool,
});
log('done', 'done', true);
process.stdout.write(`${JSON.stringify(run.report, null, 2)}\n`);
