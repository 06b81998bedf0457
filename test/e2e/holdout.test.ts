// Out-of-sample evaluation (SPEC §11) checked from outside: the held-out rows are written to their
// own file and both suites evaluated on it with `packopt evaluate`; `out_of_sample` must agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scenarioDir } from '../helpers/cli.js';

const SHIPMENTS = 'fixtures/sample/shipments.csv';
const BOXES = 'fixtures/sample/boxes.csv';
const FROM = '2025-10-01';
const FAST = JSON.stringify({ islands: 1, epochs: 1, moves_per_epoch: 300, steps: [4], bootstrap_resamples: 500 });

/** The sample's rows of the shipments dated on or after `from` (a shipment's date: its earliest row's). */
function heldOutRows(from: string): { csv: string; shipments: number } {
  const [header, ...rows] = readFileSync(SHIPMENTS, 'utf8').trim().split('\n');
  const cols = header!.split(',');
  const id = cols.indexOf('shipment_id');
  const date = cols.indexOf('date');
  const byId = new Map<string, string[]>();
  for (const row of rows) {
    const cells = row.split(',');
    byId.set(cells[id]!, [...(byId.get(cells[id]!) ?? []), row]);
  }
  const kept = [...byId.values()].filter((group) => group.map((r) => r.split(',')[date]!).sort()[0]! >= from);
  return { csv: [header, ...kept.flat()].join('\n') + '\n', shipments: kept.length };
}

/** box_id → sorted inner dims, from a boxes CSV whose first four columns are id, L, W, H. */
function readDims(file: string): Map<string, number[]> {
  const [, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  return new Map(rows.map((r) => {
    const [id, ...dims] = r.split(',');
    return [id!, dims.slice(0, 3).map(Number).sort((a, b) => a - b)];
  }));
}

/** SPEC §5: blank area of a regular slotted container with a 1.5 in glue flap, in in². */
const blankArea = ([a, b, c]: number[]) => Math.min((2 * (c! + a!) + 1.5) * (a! + b!), (2 * (b! + a!) + 1.5) * (a! + c!));

describe('optimize --holdout-from (built CLI)', () => {
  it('reports both suites on the held-out shipments as `packopt evaluate` finds them there', async () => {
    const { csv, shipments } = heldOutRows(FROM);
    const dir = scenarioDir({ 'fast.json': FAST, 'held.csv': csv });
    const r = await runCli(['optimize', '-s', SHIPMENTS, '-b', BOXES, '--holdout-from', FROM, '--threads', '1', '--config', join(dir, 'fast.json'), '--out', join(dir, 'o'), '-q']);
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'o', 'report.json'), 'utf8'));
    const oos = report.out_of_sample;
    expect(report.input.holdout).toMatchObject({ rule: 'from_date', from: FROM, share: null, held_out_shipments: shipments });
    expect(report.input.holdout.training_shipments + shipments).toBe(report.input.shipments);
    // The search and the in-sample figures saw only the training shipments.
    expect(report.current.metrics.shipments).toBe(report.input.holdout.training_shipments);
    expect(oos.shipments).toBe(shipments);
    // assignments.csv lists the training shipments only.
    const [, ...assigned] = readFileSync(join(dir, 'o', 'assignments.csv'), 'utf8').trim().split('\n');
    expect(assigned.reduce((sum, row) => sum + Number(row.split(',').at(-1)), 0)).toBe(report.input.holdout.training_shipments);

    // Both suites evaluated independently on the held-out rows.
    const evaluate = async (boxes: string, out: string) => {
      const e = await runCli(['evaluate', '-s', join(dir, 'held.csv'), '-b', boxes, '--units', 'imperial', '--out', join(dir, out), '-q']);
      expect(e.code).toBe(0);
      return JSON.parse(readFileSync(join(dir, out, 'report.json'), 'utf8')).current.metrics;
    };
    const cur = await evaluate(BOXES, 'cur');
    const opt = await evaluate(join(dir, 'o', 'suite.csv'), 'opt');
    expect(oos.current.metrics).toEqual(cur);
    expect(oos.optimized.metrics).toEqual(opt);

    // Savings over the shipments both suites serve, from the two assignments.csv files.
    const assignments = (out: string) => {
      const [, ...rows] = readFileSync(join(dir, out, 'assignments.csv'), 'utf8').trim().split('\n');
      return new Map(rows.map((row) => {
        const [id, box, item, volume, , , count] = row.split(',');
        return [id!, { box: box!, item: Number(item), volume: Number(volume), count: Number(count) }];
      }));
    };
    const a = assignments('cur');
    const b = assignments('opt');
    const dims = new Map([...readDims(BOXES), ...readDims(join(dir, 'o', 'suite.csv'))]);
    const t = { cv: 0, nv: 0, ca: 0, na: 0, iv: 0, n: 0 };
    for (const [id, x] of a) {
      const y = b.get(id)!;
      if (x.box === '' || y.box === '') continue;
      t.n += x.count;
      t.cv += x.count * x.volume;
      t.nv += x.count * y.volume;
      t.iv += x.count * x.item;
      t.ca += x.count * blankArea(dims.get(x.box)!);
      t.na += x.count * blankArea(dims.get(y.box)!);
    }
    const pct = (before: number, after: number) => (100 * (before - after)) / before;
    expect(oos.savings.compared_shipments).toBe(t.n);
    expect(oos.savings.total_box_volume_pct).toBeCloseTo(pct(t.cv, t.nv), 3);
    expect(oos.savings.total_corrugate_weight_pct).toBeCloseTo(pct(t.ca, t.na), 6);
    expect(oos.savings.air_per_shipment_pct).toBeCloseTo(pct(t.cv - t.iv, t.nv - t.iv), 3);
    expect(oos.savings.served_by_optimized_only).toBe(opt.fitted - t.n);

    // 95 % bootstrap intervals around each figure, the same for the same seed.
    for (const key of ['total_box_volume_pct', 'total_corrugate_weight_pct', 'air_per_shipment_pct']) {
      const [lo, hi] = oos.savings_ci95[key];
      expect(lo).toBeLessThanOrEqual(oos.savings[key]);
      expect(hi).toBeGreaterThanOrEqual(oos.savings[key]);
      expect(hi - lo).toBeGreaterThan(0);
    }
    expect(oos.bootstrap).toEqual({ resamples: 500, seed: 1 });
  }, 120_000);

  it('holds out the latest share by date, and says which rule it used', async () => {
    const dir = scenarioDir({ 'fast.json': FAST });
    const r = await runCli(['optimize', '-s', SHIPMENTS, '-b', BOXES, '--holdout', '0.25', '--threads', '1', '--config', join(dir, 'fast.json'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.input.holdout).toMatchObject({ rule: 'latest_share', share: 0.25 });
    expect(report.input.holdout.held_out_shipments).toBe(Math.round(0.25 * report.input.shipments));
    expect(report.out_of_sample.shipments).toBe(report.input.holdout.held_out_shipments);
  }, 120_000);

  it('refuses a split that cannot be made, with exit 2 and the reason', async () => {
    const dir = scenarioDir({ 'nodate.csv': 'shipment_id,length,width,height\nA,1,2,3\nB,2,2,2\n', 'fast.json': FAST });
    const cases: [string[], RegExp][] = [
      [['-s', join(dir, 'nodate.csv'), '--holdout-from', FROM], /has no date column: --holdout-from/],
      [['-s', SHIPMENTS, '--holdout-from', '2026-01-01'], /holds out no shipment \(the shipments are dated 2025-01-01 to 2025-12-31\)/],
      [['-s', SHIPMENTS, '--holdout-from', '2025-01-01'], /holds out every shipment/],
      [['-s', SHIPMENTS, '--holdout', '1.5'], /--holdout/],
      [['-s', SHIPMENTS, '--holdout', '0.2', '--holdout-from', FROM], /not both/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['optimize', ...args, '-b', BOXES, '--threads', '1', '--config', join(dir, 'fast.json'), '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  }, 60_000);
});
