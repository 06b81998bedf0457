// scripts/generate-orders.ts, the second generator of the benchmarks: its output must be a history
// packopt reads as it is, that the suite it writes serves in full, the same for the same seed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const SHIPMENTS = 500;

function generate(seed: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'packopt-orders-'));
  const gen = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/generate-orders.ts'), '--out', dir, '--shipments', String(SHIPMENTS), '--seed', String(seed)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (gen.status !== 0) throw new Error(`generate-orders failed: ${gen.stderr}`);
  return dir;
}

describe('scripts/generate-orders.ts', () => {
  let dir = '';
  let rows: string[][] = [];
  beforeAll(() => {
    dir = generate(3);
    const [header, ...lines] = readFileSync(join(dir, 'shipments.csv'), 'utf8').trimEnd().split('\n');
    expect(header).toBe('order_id,sku,qty,length_in,width_in,height_in,weight_lb,upright,compress,date');
    rows = lines.map((l) => l.split(','));
  });

  it('writes orders sorted by date, a fair share of them multi-item, sizes on a 0.1 in grid', () => {
    const units = new Map<string, number>();
    for (const c of rows) units.set(c[0]!, (units.get(c[0]!) ?? 0) + Number(c[2]));
    expect(units.size).toBe(SHIPMENTS);
    const multi = [...units.values()].filter((u) => u > 1).length / SHIPMENTS;
    expect(multi).toBeGreaterThan(0.25);
    expect(multi).toBeLessThan(0.55);
    const dates = rows.map((c) => c[9]!);
    expect(dates).toEqual([...dates].sort());
    for (const c of rows) {
      for (const x of c.slice(3, 6)) expect(Math.abs(Number(x) * 10 - Math.round(Number(x) * 10))).toBeLessThan(1e-9);
      expect(Number(c[2])).toBeGreaterThanOrEqual(1);
      expect(Number(c[2])).toBeLessThanOrEqual(3);
    }
    expect(rows.some((c) => c[7] === 'true')).toBe(true);
    expect(rows.some((c) => Number(c[8]) > 0)).toBe(true);
  });

  it('is served in full by the suite it writes, read by the built CLI with no warning', async () => {
    const r = await runCli(['evaluate', '-s', join(dir, 'shipments.csv'), '-b', join(dir, 'boxes.csv'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.units).toBe('imperial');
    expect(report.input).toMatchObject({ rows: rows.length, shipments: SHIPMENTS, skipped: 0 });
    expect(report.current.metrics).toMatchObject({ shipments: SHIPMENTS, fitted: SHIPMENTS, unfit: 0 });
  });

  it('writes the same files for the same seed and other orders for another', () => {
    const files = (d: string) => ['shipments.csv', 'boxes.csv'].map((f) => readFileSync(join(d, f), 'utf8'));
    expect(files(generate(3))).toEqual(files(dir));
    expect(files(generate(4))[0]).not.toEqual(files(dir)[0]);
  });
});
