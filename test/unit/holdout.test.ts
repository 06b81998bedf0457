import { join } from 'node:path';
import { xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { holdoutReadOptions, planHoldout } from '../../src/api/holdout.js';
import { bootstrapSavings, computeWeightedSavings, drawBinomial, drawMultinomial, type PairedFigures } from '../../src/core/bootstrap.js';
import { createHoldoutRouter, planHoldoutFrom, planHoldoutShare, type DateTally } from '../../src/core/holdout.js';
import { InputError, UsageError } from '../../src/errors.js';
import { readShipments } from '../../src/io/read-shipments.js';
import { scenarioDir } from '../helpers/cli.js';

const tally = (byDate: Record<string, number>): DateTally => ({
  total: Object.values(byDate).reduce((a, b) => a + b, 0),
  byDate: new Map(Object.entries(byDate)),
  undated: 0,
  firstUndatedLine: null,
});

/** Route shipments given as [date, count] in file order; the held-out count of each. */
const route = (plan: ReturnType<typeof planHoldoutFrom>, shipments: [string | null, number][]) => {
  const r = createHoldoutRouter(plan);
  return shipments.map(([d, n]) => r(d, n));
};

describe('the out-of-sample split', () => {
  it('--holdout-from holds out the shipments dated on or after the date, and needs every date', () => {
    const plan = planHoldoutFrom('2025-03-01');
    expect(route(plan, [['2025-02-28', 1], ['2025-03-01', 2], ['2025-04-01', 1], [null, 1]])).toEqual([0, 2, 1, null]);
  });

  it('--holdout F by date takes the latest days whole, then the last shipments of the cutoff day in file order', () => {
    // 10 shipments: 4 on Jan 1, 4 on Jan 2, 2 on Jan 3; 30 % = 3: the 2 of Jan 3 and the last of Jan 2.
    const plan = planHoldoutShare(tally({ '2025-01-01': 4, '2025-01-02': 4, '2025-01-03': 2 }), 0.3);
    expect(plan).toMatchObject({ rule: 'latest_share', date: '2025-01-02', trainingOnCutoff: 3, heldOut: 3 });
    const held = route(plan, [['2025-01-03', 1], ['2025-01-02', 1], ['2025-01-01', 4], ['2025-01-02', 1], ['2025-01-02', 1], ['2025-01-03', 1], ['2025-01-02', 1]]);
    expect(held).toEqual([1, 0, 0, 0, 0, 1, 1]);
  });

  it('weighs shipments by count, splitting a pre-aggregated row at the cutoff', () => {
    // 100 shipments; 25 % = 25: the 20 of Mar 2 and 5 of the 30 on Mar 1's last row.
    const plan = planHoldoutShare(tally({ '2025-03-01': 80, '2025-03-02': 20 }), 0.25);
    expect(route(plan, [['2025-03-01', 50], ['2025-03-01', 30], ['2025-03-02', 20]])).toEqual([0, 5, 20]);
  });

  it('without dates holds out the last shipments in file order', () => {
    const plan = planHoldoutShare({ total: 10, byDate: new Map(), undated: 10, firstUndatedLine: 2 }, 0.2);
    expect(plan).toMatchObject({ rule: 'file_order_share', date: null, heldOut: 2 });
    expect(route(plan, [[null, 7], [null, 2], [null, 1]])).toEqual([0, 1, 1]);
  });

  const file = (text: string) => join(scenarioDir({ 's.csv': text }), 's.csv');
  const opts = { units: 'imperial' as const, skipInvalid: false };

  it('reads the training and held-out shipments into two class tables in one pass', async () => {
    const f = file('shipment_id,length,width,height,date,count\nA,1,2,3,2025-01-01,3\nB,4,4,4,2025-01-02,1\nC,1,2,3,2025-01-02,2\nD,5,5,5,2025-01-03,1\n');
    const plan = await planHoldout({ share: 0.5 }, f, opts);
    const input = await readShipments(f, { ...opts, ...holdoutReadOptions(plan) });
    // 7 shipments, 50 % → 4 held out: D, C's 2 and B.
    expect(input.shipments).toBe(3);
    expect(input.heldOut!.shipments).toBe(4);
    expect(input.classes.map((c) => c.count)).toEqual([3]);
    expect(input.heldOut!.classes.map((c) => [c.exampleId, c.count])).toEqual([['B', 1], ['C', 2], ['D', 1]]);
  });

  it('refuses --holdout-from on a file without dates, and a shipment without a date', async () => {
    const plan = planHoldoutFrom('2025-01-02');
    await expect(readShipments(file('shipment_id,length,width,height\nA,1,2,3\n'), { ...opts, ...holdoutReadOptions(plan) })).rejects.toThrow(/has no date column: --holdout-from/);
    const err = await readShipments(file('shipment_id,length,width,height,date\nA,1,2,3,2025-01-01\nB,1,2,3,\n'), { ...opts, ...holdoutReadOptions(plan) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(String((err as Error).message)).toMatch(/s\.csv:3: date: is empty/);
  });

  it('refuses a share that holds out nothing or everything, and a mix of dated and undated shipments', async () => {
    const f = file('shipment_id,length,width,height\nA,1,2,3\nB,1,2,3\n');
    await expect(planHoldout({ share: 0.1 }, f, opts)).rejects.toThrow(UsageError);
    await expect(planHoldout({ share: 0.9 }, f, opts)).rejects.toThrow(/nothing to search on/);
    const mixed = file('shipment_id,length,width,height,date\nA,1,2,3,2025-01-01\nB,1,2,3,\n');
    await expect(planHoldout({ share: 0.5 }, mixed, opts)).rejects.toThrow(/s\.csv:3: date: is empty/);
  });
});

const figures = (rows: number[][]): PairedFigures => {
  const col = (i: number) => Float64Array.from(rows, (r) => r[i]!);
  return { count: col(0), itemVolume: col(1), curVolume: col(2), newVolume: col(3), curCorrugate: col(4), newCorrugate: col(5) };
};

describe('bootstrap intervals of the savings', () => {
  // [count, item volume, current box volume, new box volume, current corrugate, new corrugate]
  const mixed = figures([[40, 100, 400, 200, 2, 1.5], [30, 300, 600, 500, 3, 2.8], [20, 50, 100, 100, 1, 1], [10, 900, 1000, 1200, 4, 4.5]]);

  it('is deterministic for a seed and contains the point estimate', () => {
    const a = bootstrapSavings(mixed, 1000, 7);
    expect(bootstrapSavings(mixed, 1000, 7)).toEqual(a);
    expect(bootstrapSavings(mixed, 1000, 8)).not.toEqual(a);
    const point = computeWeightedSavings(mixed, mixed.count);
    // Volume: current 40·400 + 30·600 + 20·100 + 10·1000 = 46,000, new 40·200 + 30·500 + 20·100 + 10·1200 = 37,000.
    expect(point.total_box_volume_pct).toBeCloseTo((100 * 9000) / 46000, 10);
    for (const key of ['total_box_volume_pct', 'total_corrugate_weight_pct', 'air_per_shipment_pct'] as const) {
      const [lo, hi] = a[key];
      expect(lo).toBeLessThan(point[key]);
      expect(hi).toBeGreaterThan(point[key]);
    }
  });

  it('has zero width when every held-out shipment is the same', () => {
    // 50 shipments of one shape: every resample is those 50; box 400 → 300, corrugate 2 → 1.5, air 300 → 200.
    const ci = bootstrapSavings(figures([[50, 100, 400, 300, 2, 1.5]]), 200, 1);
    expect(ci.total_box_volume_pct).toEqual([25, 25]);
    expect(ci.total_corrugate_weight_pct).toEqual([25, 25]);
    expect(ci.air_per_shipment_pct[0]).toBeCloseTo(100 / 3, 12);
    expect(ci.air_per_shipment_pct[1]).toBeCloseTo(100 / 3, 12);
  });

  it('draws multinomial counts that add up to the shipments, with the right means', () => {
    const gen = xoroshiro128plus(3);
    const counts = [5, 1000, 3, 200_000, 1];
    const out = new Float64Array(counts.length);
    const sums = new Float64Array(counts.length);
    for (let r = 0; r < 400; r++) {
      drawMultinomial(counts, gen, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(201_009);
      out.forEach((x, i) => (sums[i]! += x));
    }
    counts.forEach((c, i) => expect(Math.abs(sums[i]! / 400 - c)).toBeLessThan(4 * Math.sqrt(c / 400) + 0.5));
    expect(drawBinomial(10, 0, gen)).toBe(0);
    expect(drawBinomial(10, 1, gen)).toBe(10);
  });
});
