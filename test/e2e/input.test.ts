import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOXES_CSV, runCli, scenarioDir } from '../helpers/cli.js';

const FAST = JSON.stringify({ islands: 3, epochs: 3, moves_per_epoch: 2000 });

describe('input the CLI refuses with a located reason (built CLI)', () => {
  it('a stray quote inside an unquoted cell is exit 2 with file:line: column, not an internal error', async () => {
    const dir = scenarioDir({ 's.csv': 'shipment_id,sku,length,width,height\nA,12" tube,12,2,2\n', 'b.csv': BOXES_CSV });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.csv:2: sku: a quote \("\) inside a cell/);
    expect(r.stderr).not.toContain('internal error');
  });

  it('Latin-1 text is exit 2 naming the line, not ids merged through U+FFFD', async () => {
    const dir = scenarioDir({ 'b.csv': BOXES_CSV });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 's.csv'), Buffer.from('shipment_id,length,width,height\nA\xe91,1,1,1\nA\xe82,1,1,1\n', 'latin1'));
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.csv:2: invalid UTF-8 .*save the file as UTF-8/);
  });
});

describe('input text on the terminal (built CLI)', () => {
  it('prints box and shipment ids with their control characters escaped', async () => {
    const dir = scenarioDir({
      's.csv': 'shipment_id,length,width,height\n"\u001b[2Jbig",90,90,90\n',
      'b.csv': 'box_id,length,width,height\n"\u001b]0;pwned\u0007S",6,4,4\n',
    });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('\\x1b]0;pwned\\x07S');
    expect(r.stdout).toContain('\\x1b[2Jbig');
  });
});

describe('option values (built CLI)', () => {
  it('a bad --steps is a usage error (exit 2) that quotes the value escaped', async () => {
    const dir = scenarioDir({ 's.csv': 'shipment_id,length,width,height\nA,1,1,1\n', 'b.csv': BOXES_CSV });
    const r = await runCli(['optimize', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial', '--steps', '0x2,\u001b[31m']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--steps "0x2,\\x1b[31m": ');
  });
});

describe('input that is not a regular file (built CLI)', () => {
  const SORTED = 'shipment_id,length,width,height\nA,5,3,3\nB,1,1,1\n';

  /** A FIFO in a fresh folder, fed `text` by a writer that is killed afterwards in case nobody reads. */
  async function fifoWith(text: string): Promise<{ dir: string; fifo: string; stop: () => void }> {
    const dir = scenarioDir({ 'b.csv': BOXES_CSV, 'data.csv': text });
    const fifo = join(dir, 'fifo.csv');
    await new Promise((done) => spawn('mkfifo', [fifo]).on('close', done));
    const writer = spawn('sh', ['-c', `cat "${join(dir, 'data.csv')}" > "${fifo}"`]);
    return { dir, fifo, stop: () => writer.kill() };
  }

  it('reads a sorted export from a FIFO in one pass', async () => {
    const { dir, fifo, stop } = await fifoWith(SORTED);
    try {
      const r = await runCli(['evaluate', '-s', fifo, '-b', join(dir, 'b.csv'), '--units', 'imperial', '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).input.shipments).toBe(2);
    } finally {
      stop();
    }
  });

  it('refuses --out on a pipe up front, naming the file, instead of hanging on a second pass', async () => {
    const dir = scenarioDir({ 'b.csv': BOXES_CSV });
    const out = join(dir, 'out');
    const r = await runCli(['evaluate', '-s', '/dev/stdin', '-b', join(dir, 'b.csv'), '--units', 'imperial', '--out', out], { input: SORTED });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/dev/stdin is not a regular file');
    expect(existsSync(out)).toBe(false);
  });

  it('says why an unsorted export cannot be checked through a FIFO', async () => {
    const { dir, fifo, stop } = await fifoWith('shipment_id,length,width,height\nZ,1,1,1\nA,1,1,1\nM,1,1,1\n');
    try {
      const r = await runCli(['evaluate', '-s', fifo, '-b', join(dir, 'b.csv'), '--units', 'imperial']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${fifo}: is not a regular file`);
      expect(r.stderr).toContain('save it to a file, or sort it by shipment id');
    } finally {
      stop();
    }
  });

  it('refuses --out on a FIFO without opening it', async () => {
    const dir = scenarioDir({ 'b.csv': BOXES_CSV });
    const fifo = join(dir, 'fifo.csv');
    await new Promise((done) => spawn('mkfifo', [fifo]).on('close', done));
    const r = await runCli(['evaluate', '-s', fifo, '-b', join(dir, 'b.csv'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${fifo} is not a regular file`);
  });
});

describe('--skip-invalid (built CLI)', () => {
  it('leaves a reappearing shipment out of the report and of assignments.csv alike', async () => {
    const dir = scenarioDir({ 's.csv': 'shipment_id,length,width,height\nA,5,3,3\nB,1,1,1\nA,2,2,2\nC,1,1,1\n', 'b.csv': BOXES_CSV });
    const out = join(dir, 'out');
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial', '--skip-invalid', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.current.metrics.shipments).toBe(3);
    expect(report.input.skipped).toBe(1);
    const assignments = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n').slice(1);
    expect(assignments.map((l) => l.split(',')[0])).toEqual(['A', 'B', 'C']);
    expect(assignments.reduce((t, l) => t + Number(l.split(',').at(-1)), 0)).toBe(report.current.metrics.shipments);
  });

  it('counts and announces skipped box rows per file, off stdout', async () => {
    const dir = scenarioDir({ 's.csv': 'shipment_id,length,width,height\nA,5,3,3\nB,,1,1\n', 'b.csv': 'box_id,length,width,height\nS,6,4,4\nX,0x10,4,4\nY,-1,1,1\n' });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial', '--skip-invalid', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.input).toMatchObject({ skipped: 1, skipped_boxes: 2 });
    expect(report.current.metrics.boxes).toHaveLength(1);
    expect(r.stderr).toContain(`packopt: warning: skipped 2 invalid rows of ${join(dir, 'b.csv')} (--skip-invalid)`);
    expect(r.stderr).toContain(`packopt: warning: skipped 1 invalid row of ${join(dir, 's.csv')} (--skip-invalid)`);
  });
});

describe('--skip-invalid with a catalog (built CLI)', () => {
  it('counts and announces skipped catalog rows', async () => {
    const dir = scenarioDir({
      's.csv': 'shipment_id,length,width,height\nA,5,3,3\nB,10,8,3\n',
      'b.csv': BOXES_CSV,
      'cat.csv': 'box_id,length,width,height\nC1,6,4,4\nC2,12,9,4\nC3,1e999,1,1\n',
      'fast.json': FAST,
    });
    const r = await runCli(['optimize', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--catalog', join(dir, 'cat.csv'), '--config', join(dir, 'fast.json'), '-k', '2', '--threads', '1', '--units', 'imperial', '--skip-invalid', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).input).toMatchObject({ skipped: 0, skipped_boxes: 0, skipped_catalog: 1 });
    expect(r.stderr).toContain(`packopt: warning: skipped 1 invalid row of ${join(dir, 'cat.csv')} (--skip-invalid)`);
  });
});

describe('units (built CLI)', () => {
  const CM = 'shipment_id,length_cm,width_cm,height_cm,weight_kg\nA,10,5,2,1\nB,20,10,4,2\n';
  const BOXES_CM = 'box_id,length,width,height\nP,12,6,3\nQ,25,12,6\n';

  it('reports an all-_cm file in metric with no flag and no warning', async () => {
    const dir = scenarioDir({ 's.csv': CM, 'b.csv': BOXES_CM });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.units).toBe('metric');
    // The bare boxes file is read in the same units: 10×5×2 cm goes into P (12×6×3 cm).
    expect(report.current.metrics.boxes[0]).toMatchObject({ box_id: 'P', shipments: 1 });
  });

  it('assumes imperial for unsuffixed lengths, says so on stderr (also under --json), not under --quiet', async () => {
    const dir = scenarioDir({ 's.csv': 'shipment_id,length,width,height\nA,5,3,3\n', 'b.csv': BOXES_CSV });
    const json = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).units).toBe('imperial');
    expect(json.stderr.trim().split('\n')).toHaveLength(1);
    expect(json.stderr).toMatch(/warning: .*s\.csv: its length columns carry no unit suffix .*imperial/);
    const quiet = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--quiet']);
    expect(quiet.stderr).toBe('');
    const given = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'metric', '--json']);
    expect(given.stderr).toBe('');
    expect(JSON.parse(given.stdout).units).toBe('metric');
  });

  it('reuses a config from `config --defaults` with --units metric and finds the same boxes as without it', async () => {
    const defaults = await runCli(['config', '--defaults']);
    expect(JSON.parse(defaults.stdout).units).toBe('imperial');
    const shapes = [[8, 5, 3], [10, 6, 4], [15, 10, 5], [18, 12, 8], [25, 20, 6], [30, 22, 15]];
    const rows = Array.from({ length: 36 }, (_, i) => `S${String(i).padStart(3, '0')},${shapes[(i * 5) % shapes.length]!.join(',')}`);
    const dir = scenarioDir({
      's.csv': ['shipment_id,length,width,height', ...rows].join('\n'),
      'b.csv': 'box_id,length,width,height\nA,20,20,20\nB,30,30,15\nC,40,30,20\n',
      'fast.json': FAST,
      'full.json': JSON.stringify({ ...JSON.parse(defaults.stdout), ...JSON.parse(FAST) }),
    });
    const run = (config: string) =>
      runCli(['optimize', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'metric', '--config', join(dir, config), '--threads', '1', '-k', '3', '--json']);
    const [without, withDefaults] = await Promise.all([run('fast.json'), run('full.json')]);
    expect(without.code).toBe(0);
    expect(withDefaults.code).toBe(0);
    const boxes = (r: { stdout: string }) => JSON.parse(r.stdout).optimized.metrics.boxes.map((b: { box_id: string }) => b.box_id);
    expect(boxes(withDefaults)).toEqual(boxes(without));
    expect(JSON.parse(withDefaults.stdout).search.steps).toEqual([5, 2.5]);
  });
});
