// Fit-frontier walks of a sample of multi-item shapes from a shipment history, timed in this
// thread: packer calls, points and milliseconds per shape. Used to compare walk variants.
//
//   npx tsx bench/frontier-walk.ts --shipments bench/data/mi100k/shipments.csv --every 25 [--coarse]
//
// --coarse: the walk rare shapes get (coarsest step, points tightened on the finest).
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { evaluate } from '../src/api/evaluate.js';
import { chooseOrientation, frontierRequest } from '../src/core/demand.js';
import { packOptionsOf, packSpecsOf } from '../src/core/fit.js';
import { computeFitFrontier } from '../src/core/packer/index.js';
import { defaultParams } from '../src/core/params.js';

const { values } = parseArgs({
  options: {
    shipments: { type: 'string', default: 'bench/data/mi100k/shipments.csv' },
    boxes: { type: 'string', default: 'bench/data/mi100k/boxes.csv' },
    every: { type: 'string', default: '25' },
    'exact-nodes': { type: 'string' },
    step: { type: 'string' },
    coarse: { type: 'boolean', default: false },
  },
});
const params = defaultParams('imperial');
if (values.step) params.steps = [Number(values.step)];
const run = await evaluate({ shipmentsFile: values.shipments, boxesFile: values.boxes, objective: 'volume', params, skipInvalid: false });
const classes = run.input.classes;
const orientation = chooseOrientation(classes);
const request = frontierRequest({ params, orientation, packOptions: packOptionsOf(params) });
const opts = { ...request.packOptions, ...(values['exact-nodes'] ? { exactNodes: Number(values['exact-nodes']) } : {}) };
const every = Number(values.every);
const multi = classes.filter((c) => c.units > 1 && c.count > 0).filter((_, i) => i % every === 0);
let calls = 0;
let points = 0;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let sig = 0;
for (const c of multi) {
  const f = computeFitFrontier(packSpecsOf(c), values.coarse ? request.coarseGrid : request.grid, opts);
  calls += f.evaluations;
  points += f.points.length / 3;
  for (let i = 0; i < f.points.length; i++) sig = (sig * 31 + f.points[i]! * 4) % 1_000_000_007;
}
const ms = performance.now() - t0;
const used = process.cpuUsage(cpu0);
const cpuMs = (used.user + used.system) / 1000;
console.log(
  `${multi.length} shapes (orientation ${orientation}): ${(calls / multi.length).toFixed(1)} calls and ${(points / multi.length).toFixed(2)} points per shape, ` +
    `${(ms / multi.length).toFixed(2)} ms per shape (CPU ${(cpuMs / multi.length).toFixed(2)} ms), ${(ms / 1000).toFixed(1)} s in all; points signature ${sig}`,
);
