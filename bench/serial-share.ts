// bench:serial-share — how much of an `optimize` run is serial. Runs the built CLI on the Olist
// shipments at K = 10 with --threads 1 and 2 (alternating, several runs each), reads
// search.phases from --json and splits them: frontier walks, search islands and the bound's
// subgradient (bound_s − bound_input_s) run in worker threads (parallel); ingest, level
// building, the bound's input (its fit relation, bound_input_s) and the evaluation on the main
// thread (serial). A build whose report has no bound_input_s ran its whole bound on the main
// thread: it counts as serial. Builds between the tight-box bound's arrival on grid levels and its
// move to the workers (e.g. f888369) report bound_input_s but ran that bound on the main thread
// inside bound_s: count their bound_workers as serial by hand. Prints the median phase seconds, the serial share at 1 thread, the
// Amdahl limits it implies for 2, 4 and 16 threads, and the measured 1 → 2 thread speed-up.
// Asserts nothing. --root DIR runs the built CLI of another checkout (a before/after comparison).
//
//   npm run build && npx tsx bench/serial-share.ts
//   npx tsx bench/serial-share.ts -- --runs 3 --k 10 --data ../shared/data [--root DIR]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    runs: { type: 'string', default: '3' },
    k: { type: 'string', default: '10' },
    data: { type: 'string', default: resolve(import.meta.dirname, '../../shared/data') },
    root: { type: 'string', default: resolve(import.meta.dirname, '..') },
  },
});
const ROOT = resolve(values.root);
const runs = Number(values.runs);
const shipments = join(resolve(values.data), 'olist/shipments.csv');
const boxes = join(resolve(values.data), 'olist/boxes.csv');
if (!existsSync(shipments) || !existsSync(boxes)) {
  console.log(`skipped: ${shipments} not found (pass --data DIR holding olist/shipments.csv and olist/boxes.csv)`);
  process.exit(0);
}
if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('run `npm run build` first');

// bound_input_s and bound_workers_s split bound_s (see split()).
const PHASES = ['ingest_s', 'frontiers_s', 'levels_s', 'islands_s', 'bound_input_s', 'bound_workers_s', 'evaluation_s'] as const;
type Phase = (typeof PHASES)[number];
const PARALLEL: readonly Phase[] = ['frontiers_s', 'islands_s', 'bound_workers_s'];
const SERIAL: readonly Phase[] = ['ingest_s', 'levels_s', 'bound_input_s', 'evaluation_s'];
interface Run {
  phases: Record<Phase, number>;
  seconds: number;
  objective: number;
  bound: number;
}

function optimize(threads: number): Run {
  const args = ['bin/packopt.js', 'optimize', '-s', shipments, '-b', boxes, '-k', values.k, '--units', 'metric', '--skip-invalid', '--json', '--threads', String(threads)];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`optimize --threads ${threads} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const out = JSON.parse(r.stdout) as { search: { phases: Reported; seconds: number }; bound?: { value?: number }; optimized?: { metrics?: { total_box_volume?: number } } };
  return { phases: split(out.search.phases), seconds: out.search.seconds, objective: Number(out.optimized?.metrics?.total_box_volume ?? NaN), bound: Number(out.bound?.value ?? NaN) };
}

type Reported = Record<'ingest_s' | 'frontiers_s' | 'levels_s' | 'islands_s' | 'bound_s' | 'evaluation_s', number> & { bound_input_s?: number };

/** The bound's input on the main thread, its subgradient in the workers (all of it on the main thread in older builds). */
function split(p: Reported): Record<Phase, number> {
  const input = p.bound_input_s ?? p.bound_s;
  return { ...p, bound_input_s: input, bound_workers_s: p.bound_s - input };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const sum = (p: Record<Phase, number>, keys: readonly Phase[]) => keys.reduce((a, k) => a + p[k], 0);
const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');

console.log(`Olist K = ${values.k}: ${runs} runs each at --threads 1 and 2, alternating; ${availableParallelism()} cores, Node ${process.version}`);
console.log(`load average before: ${load()}`);
const byThreads: Record<1 | 2, Run[]> = { 1: [], 2: [] };
for (let i = 0; i < runs; i++) {
  for (const threads of (i % 2 === 0 ? [1, 2] : [2, 1]) as (1 | 2)[]) {
    const run = optimize(threads);
    byThreads[threads].push(run);
    const serial = sum(run.phases, SERIAL);
    console.log(
      `  run ${i + 1}, ${threads} thread${threads === 1 ? ' ' : 's'}: ${run.seconds.toFixed(2)} s (serial ${serial.toFixed(2)} s, parallel ${sum(run.phases, PARALLEL).toFixed(2)} s) ` +
        PHASES.map((k) => `${k.replace('_s', '')} ${run.phases[k].toFixed(2)}`).join(', '),
    );
  }
}
console.log(`load average after: ${load()}`);

// Median of each phase on its own, and of the totals over runs (not the sum of the medians).
const med = (threads: 1 | 2) => {
  const runsT = byThreads[threads];
  const phases = Object.fromEntries(PHASES.map((k) => [k, median(runsT.map((r) => r.phases[k]))])) as Record<Phase, number>;
  return {
    phases,
    serial: median(runsT.map((r) => sum(r.phases, SERIAL))),
    parallel: median(runsT.map((r) => sum(r.phases, PARALLEL))),
    seconds: median(runsT.map((r) => r.seconds)),
  };
};
const one = med(1);
const two = med(2);
// The serial share at 1 thread, from each run's own split, then the median.
const share = median(byThreads[1].map((r) => sum(r.phases, SERIAL) / (sum(r.phases, SERIAL) + sum(r.phases, PARALLEL))));
const amdahl = (n: number) => 1 / (share + (1 - share) / n);

const row = (name: string, a: number, b: number) => `| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} |`;
console.log('\n| median seconds | 1 thread | 2 threads |');
console.log('|---|---|---|');
for (const k of PHASES) console.log(row(`${k.replace('_s', '')}${PARALLEL.includes(k) ? ' (workers)' : ''}`, one.phases[k], two.phases[k]));
console.log(row('serial (ingest + levels + bound input + evaluation)', one.serial, two.serial));
console.log(row('parallel (frontiers + islands + bound workers)', one.parallel, two.parallel));
console.log(row('search.seconds', one.seconds, two.seconds));
console.log(
  `\nserial share at 1 thread: ${(share * 100).toFixed(1)} % (target ≤ 15 %)\n` +
    `Amdahl limits: 2 threads ×${amdahl(2).toFixed(2)}, 4 threads ×${amdahl(4).toFixed(2)}, 16 threads ×${amdahl(16).toFixed(2)} (at most ×${(1 / share).toFixed(2)})\n` +
    `measured 1 → 2 threads: ×${(one.seconds / two.seconds).toFixed(2)} (search.seconds medians); parallel phases alone ×${(one.parallel / two.parallel).toFixed(2)}`,
);
const objectives = new Set([...byThreads[1], ...byThreads[2]].map((r) => r.objective));
if (objectives.size > 1) console.log(`  note: runs chose suites of different total box volume: ${[...objectives].join(', ')}`);
const bounds = new Set([...byThreads[1], ...byThreads[2]].map((r) => r.bound));
console.log(bounds.size > 1 ? `  note: runs gave different bounds: ${[...bounds].join(', ')}` : `every run: bound ${[...bounds][0]}, total box volume ${[...objectives][0]}`);
