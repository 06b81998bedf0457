// bench:optimize — `packopt optimize` end to end on real and generated histories: seconds (wall and
// CPU), savings, the gap to the lower bound, and the share of the "one perfect box per shipment"
// saving that the K-box suite captures. Prints figures; asserts nothing.
//
//   npm run bench:optimize                      # every case whose data is present
//   npm run bench:optimize -- --only olist --threads 2
//   npm run bench:optimize -- --cost            # the cost cases (money per shipment), see bench/README.md
//   npm run bench:optimize -- --cost --only cost-sample
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    cost: { type: 'boolean', default: false },
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

for (const c of values.cost ? [] : CASES) {
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

// ---- cost cases (`--cost`): money per shipment, and what the volume-optimal suite costs ----------

interface CostCase {
  name: string;
  what: string;
  shipments: string;
  boxes: string;
  rates: string;
  args: string[];
  out: string;
  prepare?: () => void;
}

const COST_CASES: CostCase[] = [
  {
    name: 'cost-sample',
    what: 'fixtures/sample with boxes-priced.csv (10 boxes + mailer M01) and rates.csv, K = 11',
    shipments: join(ROOT, 'fixtures/sample/shipments.csv'),
    boxes: join(ROOT, 'fixtures/sample/boxes-priced.csv'),
    rates: join(ROOT, 'fixtures/sample/rates.csv'),
    args: [],
    out: join(ROOT, 'bench/data/cost-sample'),
  },
  {
    name: 'cost-100k',
    what: 'generated, 100,000 shipments (38 % multi-item, seed 11), 10 boxes priced 0.35 + 0.12/ft² of blank + mailer M01, rates.csv, K = 10',
    shipments: join(ROOT, 'bench/data/cost100k/shipments.csv'),
    boxes: join(ROOT, 'bench/data/cost100k/boxes-priced.csv'),
    rates: join(ROOT, 'fixtures/sample/rates.csv'),
    args: ['-k', '10'],
    out: join(ROOT, 'bench/data/cost100k'),
    prepare: () => {
      const dir = join(ROOT, 'bench/data/cost100k');
      if (!existsSync(join(dir, 'shipments.csv'))) {
        const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/generate-sample.ts'), '--out', dir, '--shipments', '100000', '--seed', '11'], { stdio: 'inherit', cwd: ROOT });
        if (r.status !== 0) throw new Error('generation failed');
      }
      if (!existsSync(join(dir, 'boxes-priced.csv'))) {
        const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/cost-data.ts'), join(dir, 'boxes.csv')], { cwd: ROOT, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`pricing failed\n${r.stderr}`);
        writeFileSync(join(dir, 'boxes-priced.csv'), r.stdout);
      }
    },
  },
];

interface Run {
  report: any;
  wall: number;
  cpu: number | null;
  rssMb: number | null;
}

function runCli(args: string[]): Run | string {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', PROBE, join(ROOT, 'bin/packopt.js'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) return `exit ${r.status}\n${r.stderr}`;
  const m = /PEAK_RSS_KB=(\d+) CPU_US=(\d+)/.exec(r.stderr);
  return { report: JSON.parse(r.stdout), wall, cpu: m ? Number(m[2]) / 1e6 : null, rssMb: m ? Number(m[1]) / 1024 : null };
}

const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const timing = (r: Run) =>
  `${r.wall.toFixed(1)} s wall, ${r.cpu === null ? '?' : r.cpu.toFixed(1)} s CPU, peak RSS ${r.rssMb === null ? '?' : r.rssMb.toFixed(0)} MB`;
/** cost per shipment, freight share of cost, share billed by dimensional weight. */
const costLine = (m: any) =>
  `${money(m.cost_per_shipment_mean)} per shipment (${m.fitted.toLocaleString('en-US')} shipments, total ${money(m.total_cost)}; ` +
  `freight ${pct(m.total_freight_cost / m.total_cost)} of cost, packaging ${money(m.total_packaging_cost)}), dim-weight billed ${pct(m.dim_weight_share)}`;

for (const c of values.cost ? COST_CASES : []) {
  if (values.only && !values.only.split(',').includes(c.name)) continue;
  c.prepare?.();
  if (!existsSync(c.shipments)) {
    console.log(`${c.name}: skipped (${c.shipments} not found)`);
    continue;
  }
  mkdirSync(c.out, { recursive: true });
  const common = ['-s', c.shipments, '-b', c.boxes, '--rates', c.rates, '--json', '--threads', values.threads, '--seed', values.seed, ...c.args];
  console.log(`${c.name}: ${c.what}`);
  const runs: Record<string, Run> = {};
  for (const objective of ['cost', 'volume'] as const) {
    const r = runCli(['optimize', ...common, '--objective', objective, '--out', join(c.out, `${objective}-out`)]);
    if (typeof r === 'string') {
      console.log(`  optimize --objective ${objective}: failed (${r})`);
      continue;
    }
    runs[objective] = r;
    const { current, optimized } = r.report;
    const s = r.report.savings;
    console.log(`  optimize --objective ${objective}: ${timing(r)}, ${r.report.search.iterations.toLocaleString('en-US')} moves, gap to bound ${r.report.bound.gap_pct.toFixed(2)} %`);
    if (objective === 'cost') console.log(`    current:   ${costLine(current.metrics)}`);
    console.log(`    optimized: ${costLine(optimized.metrics)}`);
    console.log(
      `    on the ${s.compared_shipments.toLocaleString('en-US')} shipments both serve: ${money(s.compared.current.cost_per_shipment_mean)} -> ${money(s.compared.optimized.cost_per_shipment_mean)} per shipment, ` +
        `total_cost_pct ${s.total_cost_pct.toFixed(2)} %, box volume saved ${s.total_box_volume_pct.toFixed(1)} %; served ${current.metrics.fitted} -> ${optimized.metrics.fitted}` +
        `; mailers in the suite ${optimized.metrics.boxes.filter((b: any) => b.type === 'mailer').length}`,
    );
  }
  if (runs.cost && runs.volume) {
    // Each optimized suite as a current suite, every shipment in its cheapest package in money.
    for (const objective of ['cost', 'volume']) {
      const suite = join(c.out, `${objective}-out/suite.csv`);
      if (!/(^|,)price(,|$)/m.test(readFileSync(suite, 'utf8').split('\n')[0]!)) console.log(`  ${suite} has no price column`);
      const r = runCli(['evaluate', '-s', c.shipments, '-b', suite, '--rates', c.rates, '--objective', 'cost', '--json']);
      if (typeof r === 'string') {
        console.log(`  evaluate ${suite}: failed (${r})`);
        continue;
      }
      console.log(`  ${objective}-optimal suite, evaluated --objective cost: ${costLine(r.report.current.metrics)}, box volume ${Math.round(r.report.current.metrics.total_box_volume).toLocaleString('en-US')}`);
    }
    // Both runs compare on the shipments the current suite serves (the same set under either
    // objective), so their `savings.compared` figures are like for like; the evaluations above
    // may serve different numbers of shipments.
    const cc = runs.cost.report.savings.compared.optimized.cost_per_shipment_mean;
    const vc = runs.volume.report.savings.compared.optimized.cost_per_shipment_mean;
    console.log(
      `  on the shipments the current suite serves, the volume-optimal suite costs ${money(vc)} a shipment, the cost-optimal one ${money(cc)}: ` +
        `${(100 * (vc / cc - 1)).toFixed(1)} % more; cost objective time ${(runs.cost.wall / runs.volume.wall).toFixed(2)}x wall, ` +
        `${runs.cost.cpu && runs.volume.cpu ? (runs.cost.cpu / runs.volume.cpu).toFixed(2) : '?'}x CPU of the volume objective's`,
    );
  }
}
