import { describe, expect, it } from 'vitest';
import { assignClasses } from '../../src/core/fit.js';
import { computeSuiteMetrics } from '../../src/core/metrics.js';
import { explainUnfit } from '../../src/core/unfit.js';
import { defaultParams, type Params } from '../../src/core/params.js';
import { ClassTable, type ItemLine } from '../../src/core/shipments.js';
import type { Box } from '../../src/core/suite.js';
import { verifyPlacements } from '../helpers/verify-placements.js';

const item = (l: number, w: number, h: number, extra: Partial<ItemLine> = {}): ItemLine => ({
  l, w, h, qty: 1, unitWeight: 0, upright: false, compress: 0, sku: '', ...extra,
});
// Mailer 12×9, loads up to 2 thick, 0.20; box 10×8×4, 0.50.
const mailer: Box = { id: 'M', type: 'mailer', length: 12, width: 9, height: 2, maxWeight: null, locked: false, price: 0.2 };
const carton: Box = { id: 'B', length: 10, width: 8, height: 4, maxWeight: null, locked: false, price: 0.5 };
const params = (extra: Partial<Params> = {}): Params => ({ ...defaultParams('imperial'), freight_price_per_weight: 1, ...extra });

function scenario() {
  const t = new ClassTable();
  t.add([item(8, 6, 1, { unitWeight: 0.5 })], 3, 'flat'); // mailer load [8, 6, 1]: 1 ≤ 2, 9 ≤ 12, 7 ≤ 9
  t.add([item(8, 6, 3, { unitWeight: 0.5 })], 1, 'thick'); // 3 > T: the box only
  t.add([item(5, 4, 1, { qty: 2 })], 1, 'pair'); // two flat units side by side in the mailer
  return t.classes;
}

describe('assignment with mailers and money', () => {
  it('puts a flat item in the mailer, whose filled volume (12−1)(9−1)·1 = 88 beats the box\'s 320', () => {
    const a = assignClasses(scenario(), [carton, mailer], params(), 'volume');
    expect(Array.from(a.box)).toEqual([1, 0, 1]);
    expect(a.loads.get(0)).toEqual([8, 6, 1]);
    // Only classes in mailers carry a load.
    expect(a.loads.has(1)).toBe(false);
    expect(a.placements.get(2)).toHaveLength(2);
    expect(a.loads.get(2)![2]).toBe(1);
    // The placements prove the load: both units inside its extents [c, b, a], no overlap.
    expect(verifyPlacements([{ l: 5, w: 4, h: 1, qty: 2 }], a.loads.get(2)!, a.placements.get(2)!)).toEqual([]);
  });

  it('counts a mailer as no corrugate, and takes it under the corrugate objective', () => {
    const a = assignClasses(scenario(), [carton, mailer], params(), 'corrugate');
    expect(Array.from(a.box)).toEqual([1, 0, 1]);
  });

  it('prices each shipment: mailer 0.20 + freight 1 lb = 1.20 against box 0.50 + freight 3 lb = 3.50', () => {
    const classes = scenario();
    const p = params();
    const a = assignClasses(classes, [carton, mailer], p, 'cost');
    expect(Array.from(a.box)).toEqual([1, 0, 1]);
    const m = computeSuiteMetrics(classes, [carton, mailer], a, p);
    // flat: 3 × 1.20; thick: box outer 10.32·8.32·4.32 = 370.9 in³ → 2.67 lb → 3 lb, 0.50 + 3;
    // pair: load [8, 5, 1] or [10, 4, 1], V ≤ 88 → 1 lb, 0.20 + 1.
    expect(m.total_cost).toBeCloseTo(3 * 1.2 + 3.5 + 1.2, 9);
    expect(m.total_freight_cost).toBeCloseTo(3 + 3 + 1, 9);
    expect(m.total_packaging_cost).toBeCloseTo(4 * 0.2 + 0.5, 9);
    expect(m.mailer_shipments).toBe(4);
    expect(m.total_mailer_area).toBeCloseTo((4 * 2 * 12 * 9) / 144, 9);
    expect(m.dim_weight_share).toBe(1); // every one: the mailer's 88/139 = 0.63 lb over 0.5 lb, the box's 2.67 lb over 0.5 lb + board
    expect(m.total_corrugate_area).toBeGreaterThan(0);
    expect(m.boxes.map((b) => [b.box_id, b.type, b.price, b.shipments])).toEqual([['B', 'box', 0.5, 1], ['M', 'mailer', 0.2, 4]]);
  });

  it('uses a mailer\'s filled volume for air and utilization', () => {
    const classes = scenario().slice(0, 1);
    const p = defaultParams('imperial');
    const { price: _, ...bag } = mailer;
    const a = assignClasses(classes, [bag], p, 'volume');
    const m = computeSuiteMetrics(classes, [bag], a, p);
    expect(m.total_box_volume).toBe(3 * 88);
    expect(m.air_per_shipment_mean).toBe(88 - 48);
    expect(m.total_corrugate_weight).toBe(0);
    expect(m.total_cost).toBeUndefined(); // no price, rate card or cost parameter
  });

  it('leaves a shipment beyond the rate card unfit under cost', () => {
    const classes = scenario().slice(0, 1);
    const p = params({ rates: { maxWeight: [0.5], price: [3] } });
    const a = assignClasses(classes, [carton, mailer], p, 'cost');
    expect(Array.from(a.box)).toEqual([-1]);
  });
});

describe('a rate card under any objective', () => {
  it('leaves a shipment whose billable weight is beyond the last row unfit, even under volume', () => {
    const t = new ClassTable();
    t.add([item(5, 4, 1, { unitWeight: 6 })], 1, 'heavy');
    const p = params({ rates: { maxWeight: [1, 5], price: [4, 7] } });
    expect(Array.from(assignClasses(t.classes, [carton, mailer], p, 'volume').box)).toEqual([-1]);
    expect(Array.from(assignClasses(t.classes, [carton, mailer], params(), 'volume').box)).toEqual([1]);
  });
});

describe('why a shipment fits no mailer', () => {
  it('calls an item too large whose load does not fit the mailer, though the box of the mailer\'s dims would take it', () => {
    const t = new ClassTable();
    t.add([item(11.5, 8.5, 1, { qty: 2 })], 1, 'wide'); // 11.5 + 1 > 12
    const m = { ...mailer, maxWeight: null };
    expect(explainUnfit(t.classes[0]!, [m], params()).reason).toBe('too_large');
  });
});
