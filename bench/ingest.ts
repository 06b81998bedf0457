// bench:ingest — evaluate end to end against a bare csv-parse pass over the same file, alternating,
// in one run: wall time (median), rows/s and peak RSS; then peak RSS of evaluate at 10M rows.
//
//   npm run bench:ingest                 # 1M rows x 5 rounds, then 10M rows once
//   npm run bench:ingest -- --rounds 3 --skip-10m
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = join(ROOT, 'bench/data');
const BOXES = join(ROOT, 'fixtures/sample/boxes.csv');
const PROBE = join(ROOT, 'bench/rss-probe.mjs');

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '5' }, 'skip-10m': { type: 'boolean', default: false } },
});

function ensureFile(rows: number, name: string): string {
  const file = join(DATA, name);
  if (!existsSync(file)) {
    console.log(`generating ${rows.toLocaleString('en-US')} single-item rows into ${file} …`);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/generate-sample.ts'), '--out', DATA, '--shipments', String(rows), '--single', '--name', name, '--no-boxes'],
      { stdio: 'inherit', cwd: ROOT },
    );
    if (r.status !== 0) throw new Error('generation failed');
  }
  return file;
}

/** Run a node script with the RSS probe; returns wall seconds and peak RSS in MB. */
function measure(args: string[]): { seconds: number; rssMb: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', PROBE, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const m = /PEAK_RSS_KB=(\d+)/.exec(r.stderr);
  return { seconds, rssMb: m ? Number(m[1]) / 1024 : NaN };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const bare = (file: string) => measure([join(ROOT, 'bench/bare-parse.mjs'), file]);
const evaluate = (file: string) =>
  measure([join(ROOT, 'bin/packopt.js'), 'evaluate', '-s', file, '-b', BOXES, '--json', '--quiet']);

const rows1m = 1_000_000;
const file1m = ensureFile(rows1m, 'ship-1m.csv');
const rounds = Number(values.rounds);
const bares: number[] = [];
const evals: number[] = [];
const ratios: number[] = [];
let rss1m = 0;
for (let i = 0; i < rounds; i++) {
  const b = bare(file1m);
  const e = evaluate(file1m);
  bares.push(b.seconds);
  evals.push(e.seconds);
  ratios.push(e.seconds / b.seconds);
  rss1m = Math.max(rss1m, e.rssMb);
  console.log(`round ${i + 1}: bare csv-parse ${b.seconds.toFixed(2)} s, evaluate ${e.seconds.toFixed(2)} s, ratio ${(e.seconds / b.seconds).toFixed(2)}, evaluate peak RSS ${e.rssMb.toFixed(0)} MB`);
}
console.log('');
console.log(`1M rows: bare csv-parse median ${median(bares).toFixed(2)} s; evaluate median ${median(evals).toFixed(2)} s ` +
  `(${Math.round(rows1m / median(evals)).toLocaleString('en-US')} rows/s)`);
console.log(`1M rows: evaluate / bare csv-parse, median of per-round ratios: ${median(ratios).toFixed(2)}x (target <= 1.5x)`);
console.log(`1M rows: evaluate peak RSS ${rss1m.toFixed(0)} MB (target <= 300 MB)`);

if (!values['skip-10m']) {
  const file10m = ensureFile(10_000_000, 'ship-10m.csv');
  const e = evaluate(file10m);
  console.log(`10M rows: evaluate ${e.seconds.toFixed(1)} s (${Math.round(1e7 / e.seconds).toLocaleString('en-US')} rows/s), ` +
    `peak RSS ${e.rssMb.toFixed(0)} MB = ${((e.rssMb / rss1m - 1) * 100).toFixed(0)} % over 1M (target <= 20 %)`);
}
