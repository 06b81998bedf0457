// The files and streams packopt writes: --out folders, CSV cells, closed pipes, usage errors, packaging.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BIN, BOXES_CSV, ROOT, runCli, scenarioDir } from '../helpers/cli.js';

const SHIPMENTS_CSV = [
  'shipment_id,sku,length,width,height,quantity,weight',
  'A1,p1,5,3,3,1,1', // → S
  'A2,p2,10,8,3,1,2', // → M
  'A4,p5,30,30,30,1,9', // too large for every box
].join('\n');
const FAST = JSON.stringify({ islands: 2, epochs: 2, moves_per_epoch: 500 });

function scenario(extra: Record<string, string> = {}) {
  const dir = scenarioDir({ 's.csv': SHIPMENTS_CSV, 'b.csv': BOXES_CSV, 'fast.json': FAST, ...extra });
  return { dir, args: ['-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv')] };
}
const readCsv = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error:|node:internal/);

describe('--steps', () => {
  for (const steps of ['abc', '0', '-1', '2,,1', '2,0.75', '1,2']) {
    it(`refuses --steps ${steps} as a usage error (exit 2) that says why`, async () => {
      const { args } = scenario();
      const r = await runCli(['optimize', ...args, `--steps=${steps}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^packopt: error: --steps "${steps.replace(/[.]/g, '\\.')}": .+; expected steps coarse to fine`, 'm'));
      noStack(r.stderr);
    });
  }

  it('refuses config steps that do not divide each other, in sweep too', async () => {
    const { dir, args } = scenario({ 'c.json': '{"steps": [2, 0.75]}' });
    const r = await runCli(['sweep', ...args, '--k-min', '2', '--k-max', '3', '--config', join(dir, 'c.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('0.75 does not divide 2');
  });
});

describe('--out', () => {
  it('refuses an existing file, an empty name and a place it cannot write, before reading anything (exit 2)', async () => {
    const { dir } = scenario({ 'taken.txt': 'x' });
    // The shipments file does not exist: a check that ran after reading would complain about it instead.
    const args = ['evaluate', '-s', join(dir, 'missing.csv'), '-b', join(dir, 'b.csv'), '--out'];
    const cases: [string, RegExp][] = [
      [join(dir, 'taken.txt'), /is an existing file, not a folder/],
      ['', /the folder name is empty/],
      [join(dir, 'taken.txt', 'sub'), /cannot be created: .*taken\.txt is not a folder/],
    ];
    for (const [out, why] of cases) {
      const r = await runCli([...args, out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--out "${out}"`);
      expect(r.stderr).toMatch(why);
      noStack(r.stderr);
    }
  });

  it('refuses a folder holding files packopt did not write, and leaves them alone', async () => {
    const { dir, args } = scenario();
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'notes.txt'), 'keep');
    const r = await runCli(['evaluate', ...args, '--out', join(dir, 'mine'), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds files packopt did not write (notes.txt)');
    expect(readdirSync(join(dir, 'mine'))).toEqual(['notes.txt']);
  });

  it('replaces an earlier output as a whole: files the new run does not write are gone', async () => {
    const { dir, args } = scenario({ 'multi.csv': 'shipment_id,length,width,height,quantity\nM1,4,3,2,2\n' });
    const out = join(dir, 'out');
    expect((await runCli(['evaluate', '-s', join(dir, 'multi.csv'), '-b', join(dir, 'b.csv'), '--out', out, '-q'])).code).toBe(0);
    expect(existsSync(join(out, 'placements.jsonl'))).toBe(true);
    expect((await runCli(['evaluate', ...args, '--out', out, '-q'])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['assignments.csv', 'report.html', 'report.json', 'suite.csv', 'unfit.csv']);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses to replace the folder it runs in, even an earlier output', async () => {
    const { dir, args } = scenario();
    const out = join(dir, 'out');
    expect((await runCli(['evaluate', ...args, '--out', out, '-q'])).code).toBe(0);
    const r = await runCli(['evaluate', ...args, '--out', '.', '-q'], { cwd: out });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is the current folder or holds it');
    expect(existsSync(join(out, 'report.json'))).toBe(true);
  });

  it('track refuses to write into the folder of the baseline it reads', async () => {
    const { dir, args } = scenario();
    const base = join(dir, 'q1');
    expect((await runCli(['optimize', ...args, '--config', join(dir, 'fast.json'), '--out', base, '-q'])).code).toBe(0);
    const before = readFileSync(join(base, 'report.json'), 'utf8');
    const r = await runCli(['track', '--baseline', join(base, 'report.json'), '-s', join(dir, 's.csv'), '--out', base]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds the input file');
    expect(readFileSync(join(base, 'report.json'), 'utf8')).toBe(before);
  });
});

describe('unfit.csv', () => {
  it('lists each unfit shape with its reason and nearest package, and the summary counts the reasons', async () => {
    const { dir, args } = scenario({
      'b.csv': 'box_id,length,width,height,max_weight\nS,6,4,4,5\nM,12,9,4,15\nL,16,12,8,10\n',
      's.csv': SHIPMENTS_CSV + '\nH1,p6,14,10,6,1,12\nH2,p6,14,10,6,1,12\n',
    });
    const out = join(dir, 'out');
    const r = await runCli(['evaluate', ...args, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/unfit\s+3 shipments fit no box: 2 too heavy, 1 too large; e\.g\. H1 \(\+1 alike\), A4 — see unfit\.csv/);
    expect(readFileSync(join(out, 'unfit.csv'), 'utf8').split('\n')[0]).toBe(
      'suite,shipment_id,shipments,units,length_in,width_in,height_in,weight_lb,reason,nearest_package',
    );
    expect(readCsv(join(out, 'unfit.csv'))).toEqual([
      { suite: 'current', shipment_id: 'H1', shipments: '2', units: '1', length_in: '14', width_in: '10', height_in: '6', weight_lb: '12', reason: 'too_heavy', nearest_package: 'L' },
      { suite: 'current', shipment_id: 'A4', shipments: '1', units: '1', length_in: '30', width_in: '30', height_in: '30', weight_lb: '9', reason: 'too_large', nearest_package: 'L' },
    ]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.current.unfit_reasons).toEqual({ too_large: 1, too_heavy: 2, no_packing_found: 0 });
    expect(report.current.unfit_shipments[0]).toEqual({ shipment_id: 'H1', shipments: 2, units: 1, reason: 'too_heavy', nearest_package: 'L' });
  });

  it('lists the current and the optimized suite after optimize', async () => {
    const { dir, args } = scenario();
    const out = join(dir, 'out');
    const r = await runCli(['optimize', ...args, '--config', join(dir, 'fast.json'), '-k', '2', '--out', out]);
    expect(r.code).toBe(0);
    expect(readCsv(join(out, 'unfit.csv')).map((row) => [row.suite, row.shipment_id, row.reason])).toEqual([
      ['current', 'A4', 'too_large'],
      ['optimized', 'A4', 'too_large'],
    ]);
    expect(r.stdout).toContain('Left out of the comparison: 1 neither serves.');
  });
});

describe('optimize summary', () => {
  it('shows totals on the shipments both suites serve, matching the percentages, and says who serves the rest', async () => {
    // 40 shipments both suites serve; Z1 only a new suite can serve (--cover-all); Z2 exceeds max_box.
    const shapes = [[3, 2, 1], [4, 3, 2], [6, 4, 2], [7, 5, 3], [9, 6, 2], [10, 8, 3], [12, 9, 5], [14, 10, 6]];
    const rows = Array.from({ length: 40 }, (_, i) => `S${String(i).padStart(3, '0')},${shapes[(i * 7) % 8]!.join(',')}`);
    const { dir, args } = scenario({
      's.csv': ['shipment_id,length,width,height', ...rows, 'Z1,30,20,18', 'Z2,70,10,10'].join('\n'),
      'b.csv': 'box_id,length,width,height\nA,8,8,8\nB,12,12,6\nC,16,12,8\nD,20,16,12\n',
    });
    const r = await runCli(['optimize', ...args, '--config', join(dir, 'fast.json'), '--cover-all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('On the 40 shipments both suites serve:');
    expect(r.stdout).toContain('Left out of the comparison: 1 only the optimized suite serves, 1 neither serves.');
    // The row shows the compared figures (here in ft3) that the percentage is computed from.
    const json = JSON.parse((await runCli(['optimize', ...args, '--config', join(dir, 'fast.json'), '--cover-all', '--json'])).stdout);
    const { current, optimized } = json.savings.compared;
    expect(json.savings.compared_shipments).toBe(40);
    const ft3 = (x: number) => (x / 1728).toFixed(1);
    expect(r.stdout).toMatch(new RegExp(`box volume \\(ft3\\)\\s+${ft3(current.total_box_volume)}\\s+${ft3(optimized.total_box_volume)}\\s+−${json.savings.total_box_volume_pct.toFixed(1)}%`));
    expect(100 * (1 - optimized.total_box_volume / current.total_box_volume)).toBeCloseTo(json.savings.total_box_volume_pct, 9);
  });
});

describe('track --out', () => {
  it('writes unfit.csv for the suite it replaced (current) and the deployed one (optimized)', async () => {
    const { dir, args } = scenario();
    const base = join(dir, 'q1');
    expect((await runCli(['optimize', ...args, '--config', join(dir, 'fast.json'), '-k', '2', '--out', base, '-q'])).code).toBe(0);
    const out = join(dir, 'q2');
    const r = await runCli(['track', '--baseline', join(base, 'report.json'), '-s', join(dir, 's.csv'), '--out', out]);
    expect(r.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.json', 'unfit.csv']);
    expect(readCsv(join(out, 'unfit.csv')).map((row) => [row.suite, row.shipment_id, row.reason])).toEqual([
      ['current', 'A4', 'too_large'],
      ['optimized', 'A4', 'too_large'],
    ]);
    expect(r.stdout).toMatch(/deployed suite: 1 shipment fits no box: 1 too large; e\.g\. A4/);
  });
});

describe('CSV outputs are spreadsheet-safe', () => {
  it('writes ids that begin with =, +, - or @ with a leading quote, and numbers as numbers', async () => {
    const { dir, args } = scenario({
      's.csv': 'shipment_id,length,width,height\n"=HYPERLINK(""http://x"",""y"")",5,3,3\n+SUM(1),5,3,3\n-1+2,30,30,30\n-7,5,3,3\n',
      'b.csv': 'box_id,length,width,height\n@SUM(A1),6,4,4\n',
    });
    const out = join(dir, 'out');
    expect((await runCli(['evaluate', ...args, '--out', out, '-q'])).code).toBe(0);
    const rows = readCsv(join(out, 'assignments.csv'));
    expect(rows.map((r) => r.shipment_id)).toEqual([`'=HYPERLINK("http://x","y")`, `'+SUM(1)`, `'-1+2`, '-7']);
    expect(rows[0]!.box_id).toBe(`'@SUM(A1)`);
    expect(readCsv(join(out, 'suite.csv'))[0]!.box_id).toBe(`'@SUM(A1)`);
    expect(readCsv(join(out, 'unfit.csv'))[0]).toMatchObject({ shipment_id: `'-1+2`, nearest_package: `'@SUM(A1)` });
  });
});

describe('placements.jsonl', () => {
  it('labels each placed unit with its own sku when two skus have the same size', async () => {
    const { dir, args } = scenario({ 's.csv': 'shipment_id,sku,length,width,height\nP1,red,4,3,2\nP1,blue,4,3,2\nP2,green,2,3,4\nP2,black,3,4,2\n' });
    const out = join(dir, 'out');
    expect((await runCli(['evaluate', ...args, '--out', out, '-q'])).code).toBe(0);
    const lines = readFileSync(join(out, 'placements.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l: { items: { sku: string }[] }) => l.items.map((i) => i.sku).sort())).toEqual([['blue', 'red'], ['black', 'green']]);
  });
});

describe('a reader that closes the pipe early', () => {
  it('ends the run quietly with exit 0 when stdout is closed before packopt writes', async () => {
    const { args } = scenario();
    const child = spawn(process.execPath, [BIN, 'evaluate', ...args, '--json', '--units', 'imperial'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('exits 0 without a stack trace under `| true` (a reader that reads nothing)', () => {
    const r = spawnSync('bash', ['-c', `node "${BIN}" evaluate -s fixtures/sample/shipments.csv -b fixtures/sample/boxes.csv --units imperial | true; exit \${PIPESTATUS[0]}`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('packaging', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

  it('prints the version of package.json', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
    // A copy of the package with another version says that one: the version is read, not written twice.
    const copy = scenarioDir({ 'package.json': JSON.stringify({ ...pkg, version: '9.8.7-check' }) });
    cpSync(join(ROOT, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const other = spawnSync(process.execPath, [join(copy, 'bin/packopt.js'), '--version'], { encoding: 'utf8' });
    expect(other.stdout.trim()).toBe('9.8.7-check');
  });

  it('packs the license, the library entry with its types, and no source map pointing at unshipped files', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });
});
