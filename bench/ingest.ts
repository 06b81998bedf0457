// bench:ingest — evaluate end to end against a bare csv-parse pass over the same file, alternating,
// in one run: CPU time and wall time (medians), rows/s and peak RSS; then evaluate at 10M rows.
// The ratio uses CPU time (user + system of the measured process): on a shared, noisy machine it
// is far steadier than wall time, and both processes are single-threaded, so the two agree when idle.
//
// The distinct-shape case (--distinct) reads 1M rows measured as real exports are (dims on a 0.1 in
// grid, weights on 0.01 lb), where almost every row is its own shape, and also times optimize -k 6.
//
//   npm run bench:ingest                 # 1M rows x 5 rounds, then 10M rows once
//   npm run bench:ingest -- --rounds 3 --skip-10m
//   npm run bench:ingest -- --distinct --rounds 3     # evaluate runs with --threads 2 (--threads N)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = join(ROOT, 'bench/data');
const BOXES = join(ROOT, 'fixtures/sample/boxes.csv');
const PROBE = join(ROOT, 'bench/rss-probe.mjs');

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'skip-10m': { type: 'boolean', default: false },
    distinct: { type: 'boolean', default: false },
    threads: { type: 'string', default: '2' },
  },
});

function ensureFile(rows: number, name: string, kind = '--single'): string {
  const file = join(DATA, name);
  if (!existsSync(file)) {
    console.log(`generating ${rows.toLocaleString('en-US')} single-item rows into ${file} …`);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/generate-sample.ts'), '--out', DATA, '--shipments', String(rows), kind, '--name', name, '--no-boxes'],
      { stdio: 'inherit', cwd: ROOT },
    );
    if (r.status !== 0) throw new Error('generation failed');
  }
  return file;
}

/** Run a node script with the probe; returns wall and CPU seconds, peak RSS in MB and its stdout. */
function measure(args: string[]): { seconds: number; cpu: number; rssMb: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', PROBE, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const m = /PEAK_RSS_KB=(\d+) CPU_US=(\d+)/.exec(r.stderr);
  return { seconds, cpu: m ? Number(m[2]) / 1e6 : NaN, rssMb: m ? Number(m[1]) / 1024 : NaN, stdout: r.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const bare = (file: string) => measure([join(ROOT, 'bench/bare-parse.mjs'), file]);
// CPU time counts every thread of the process: with --threads 2 it is the work done, not the wait.
const evaluate = (file: string, threads = values.threads) =>
  measure([join(ROOT, 'bin/packopt.js'), 'evaluate', '-s', file, '-b', BOXES, '--threads', threads, '--json', '--quiet']);

const optimize = (file: string) =>
  measure([join(ROOT, 'bin/packopt.js'), 'optimize', '-s', file, '-b', BOXES, '-k', '6', '--threads', values.threads, '--json', '--quiet']);

const rows1m = 1_000_000;
const distinct = values.distinct;
const file1m = distinct ? ensureFile(rows1m, 'distinct-1m.csv', '--distinct') : ensureFile(rows1m, 'ship-1m.csv');
if (distinct) console.log('distinct shapes: dims on a 0.1 in grid, weights on 0.01 lb');
const rounds = Number(values.rounds);
const bares: number[] = [];
const evals: number[] = [];
const bareCpu: number[] = [];
const evalCpu: number[] = [];
const ratios: number[] = [];
let rss1m = 0;
for (let i = 0; i < rounds; i++) {
  const b = bare(file1m);
  const e = evaluate(file1m);
  bares.push(b.seconds);
  evals.push(e.seconds);
  bareCpu.push(b.cpu);
  evalCpu.push(e.cpu);
  ratios.push(e.cpu / b.cpu);
  rss1m = Math.max(rss1m, e.rssMb);
  console.log(
    `round ${i + 1}: bare csv-parse ${b.cpu.toFixed(2)} s CPU (${b.seconds.toFixed(2)} s wall), ` +
      `evaluate ${e.cpu.toFixed(2)} s CPU (${e.seconds.toFixed(2)} s wall), CPU ratio ${(e.cpu / b.cpu).toFixed(2)}, evaluate peak RSS ${e.rssMb.toFixed(0)} MB`,
  );
}
console.log('');
console.log(`1M rows: bare csv-parse median ${median(bareCpu).toFixed(2)} s CPU, ${median(bares).toFixed(2)} s wall; ` +
  `evaluate median ${median(evalCpu).toFixed(2)} s CPU, ${median(evals).toFixed(2)} s wall ` +
  `(${Math.round(rows1m / median(evalCpu)).toLocaleString('en-US')} rows per CPU second)`);
console.log(`1M rows: evaluate / bare csv-parse, median of per-round CPU ratios: ${median(ratios).toFixed(2)}x (target <= ${distinct ? "1.0x of wall time, 2 cores" : "1.5x"}); ` +
  `ratio of wall medians ${(median(evals) / median(bares)).toFixed(2)}x`);
console.log(`1M rows: evaluate peak RSS ${rss1m.toFixed(0)} MB (target <= 300 MB)`);

if (distinct) {
  const one = evaluate(file1m, '1');
  const two = evaluate(file1m, values.threads);
  console.log(`1M rows: evaluate --threads 1: ${one.cpu.toFixed(2)} s CPU (${(one.cpu / median(bareCpu)).toFixed(2)}x the bare median), ` +
    `${one.seconds.toFixed(2)} s wall, peak RSS ${one.rssMb.toFixed(0)} MB; ` +
    `reports at --threads 1 and ${values.threads} ${one.stdout === two.stdout ? 'identical' : 'DIFFER'}`);
  const o = optimize(file1m);
  console.log(`1M rows: optimize -k 6 --threads ${values.threads}: ${o.cpu.toFixed(1)} s CPU, ${o.seconds.toFixed(1)} s wall, peak RSS ${o.rssMb.toFixed(0)} MB (target <= 600 MB)`);
}

if (!values['skip-10m']) {
  const file10m = distinct ? ensureFile(10_000_000, 'distinct-10m.csv', '--distinct') : ensureFile(10_000_000, 'ship-10m.csv');
  const e = evaluate(file10m);
  console.log(`10M rows: evaluate ${e.cpu.toFixed(1)} s CPU, ${e.seconds.toFixed(1)} s wall (${Math.round(1e7 / e.cpu).toLocaleString('en-US')} rows per CPU second), ` +
    `peak RSS ${e.rssMb.toFixed(0)} MB = ${((e.rssMb / rss1m - 1) * 100).toFixed(0)} % over 1M (target <= 20 %)`);
}
