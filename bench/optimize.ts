// bench:optimize — `packopt optimize` end to end on real and generated histories: seconds (wall and
// CPU), savings, the gap to the lower bound, and the share of the "one perfect box per shipment"
// saving that the K-box suite captures. Prints figures; asserts nothing.
//
//   npm run bench:optimize                      # every case whose data is present
//   npm run bench:optimize -- --only olist --threads 2
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(ROOT, '../shared/data');
const PROBE = join(ROOT, 'bench/rss-probe.mjs');

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    threads: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
  },
});

interface Case {
  name: string;
  what: string;
  shipments: string;
  boxes: string;
  args: string[];
  prepare?: () => void;
}

function generate(rows: number, name: string, single: boolean): () => void {
  return () => {
    if (existsSync(join(ROOT, 'bench/data', name))) return;
    const args = ['--import', 'tsx', join(ROOT, 'scripts/generate-sample.ts'), '--out', join(ROOT, 'bench/data'), '--shipments', String(rows), '--name', name, '--no-boxes'];
    if (single) args.push('--single');
    const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: ROOT });
    if (r.status !== 0) throw new Error('generation failed');
  };
}

const CASES: Case[] = [
  {
    name: 'olist',
    what: 'Olist, 27,416 shipments (9 % multi-item), 10-box suite, K = 10, metric',
    shipments: join(DATA, 'olist/shipments.csv'),
    boxes: join(DATA, 'olist/boxes.csv'),
    args: ['--units', 'metric', '--skip-invalid'],
  },
  {
    name: 'boxpacker',
    what: 'BoxPacker orders, 4,288 multi-item orders, 4 real boxes, K = 4, metric',
    shipments: join(DATA, 'boxpacker/shipments.csv'),
    boxes: join(DATA, 'boxpacker/boxes.csv'),
    args: ['--units', 'metric'],
  },
  {
    name: 'sample',
    what: 'fixtures/sample, 3,000 generated shipments (38 % multi-item), K = 10',
    shipments: join(ROOT, 'fixtures/sample/shipments.csv'),
    boxes: join(ROOT, 'fixtures/sample/boxes.csv'),
    args: [],
  },
  {
    name: '1m',
    what: 'generated, 1,000,000 single-item shipments (20,000 SKUs), K = 10',
    shipments: join(ROOT, 'bench/data/ship-1m.csv'),
    boxes: join(ROOT, 'fixtures/sample/boxes.csv'),
    args: [],
    prepare: generate(1_000_000, 'ship-1m.csv', true),
  },
];

for (const c of CASES) {
  if (values.only && !values.only.split(',').includes(c.name)) continue;
  c.prepare?.();
  if (!existsSync(c.shipments)) {
    console.log(`${c.name}: skipped (${c.shipments} not found)`);
    continue;
  }
  const args = ['--import', PROBE, join(ROOT, 'bin/packopt.js'), 'optimize', '-s', c.shipments, '-b', c.boxes, '--json',
    '--threads', values.threads, '--seed', values.seed, ...c.args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    console.log(`${c.name}: failed (exit ${r.status})\n${r.stderr}`);
    continue;
  }
  const m = /PEAK_RSS_KB=(\d+) CPU_US=(\d+)/.exec(r.stderr);
  const report = JSON.parse(r.stdout);
  const s = report.savings;
  const b = report.bound;
  console.log(`${c.name}: ${c.what}`);
  console.log(
    `  ${wall.toFixed(1)} s wall, ${m ? (Number(m[2]) / 1e6).toFixed(1) : '?'} s CPU (all threads), peak RSS ${m ? (Number(m[1]) / 1024).toFixed(0) : '?'} MB, ` +
      `${report.search.threads} threads, ${report.search.iterations.toLocaleString('en-US')} moves`,
  );
  console.log(
    `  savings: box volume ${s.total_box_volume_pct.toFixed(1)} %, corrugate ${s.total_corrugate_weight_pct.toFixed(1)} %, air per shipment ${s.air_per_shipment_pct.toFixed(1)} %; ` +
      `served ${report.current.metrics.fitted} -> ${report.optimized.metrics.fitted}`,
  );
  console.log(
    `  gap to lower bound ${b.gap_pct.toFixed(2)} %; perfect-fit share captured ` +
      `${b.perfect_fit_captured_pct === null ? 'n/a' : `${b.perfect_fit_captured_pct.toFixed(1)} %`}; ` +
      `multi-item ${report.optimized.metrics.multi_item}, split needed ${report.optimized.metrics.split_needed}`,
  );
}
