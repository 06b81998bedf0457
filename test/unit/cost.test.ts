import { describe, expect, it } from 'vitest';
import {
  computeBillableWeight,
  computeCorrugateWeight,
  computeCostReport,
  computeFreight,
  computeLengthPlusGirth,
  computeNewPackagePrice,
  computeOuterDims,
  computeOuterVolume,
  computePackageCost,
  computeProposedPackageCost,
  computeShipmentCost,
  computeShipmentCostTotal,
  packageVolume,
  fitPriceLine,
  resolveNewPackagePrices,
  roundUp,
  withinLengthPlusGirth,
  type CostModel,
  type RateCard,
} from '../../src/core/cost.js';
import { defaultParams, type Params } from '../../src/core/params.js';
import type { Box } from '../../src/core/suite.js';

const box = (id: string, length: number, width: number, height: number, extra: Partial<Box> = {}): Box => ({
  id, length, width, height, maxWeight: null, locked: false, ...extra,
});
const imperial = (over: Partial<Params> = {}): Params => ({ ...defaultParams('imperial'), ...over });
const model = (over: Partial<Params> = {}, rates: RateCard | null = null): CostModel => ({ params: imperial(over), rates });

// The 12×10×6 box: sorted 6, 10, 12; blank min((2·18 + 1.5)·16, (2·16 + 1.5)·18) = min(600, 603) = 600 in²;
// board 125 lb / 1000 ft² = 125/144000 lb/in² → 600 · 125/144000 = 0.5208333 lb.
const P = box('P', 12, 10, 6, { price: 1.2 });
const P_BOARD_LB = (600 * 125) / 144_000;
// Outer 12.32 × 10.32 × 6.32 = 803.539968 in³; / 139 = 5.78086 lb dimensional.
const P_OUTER_IN3 = 803.539968;

describe('round_up(x, q): the smallest multiple of q that is ≥ x', () => {
  it('rounds up to the step', () => {
    expect(roundUp(2.001, 1)).toBe(3);
    expect(roundUp(1.1, 0.5)).toBe(1.5);
    expect(roundUp(5.78086, 1)).toBe(6);
  });

  it('keeps an exact multiple, and 0', () => {
    expect(roundUp(2, 1)).toBe(2);
    expect(roundUp(1.5, 0.5)).toBe(1.5);
    expect(roundUp(0, 1)).toBe(0);
  });

  it('ignores float noise of one part in 10⁹: 2.0000000001 lb bills as 2', () => {
    expect(roundUp(2.0000000001, 1)).toBe(2);
    expect(roundUp(0.1 + 0.2, 0.1)).toBeCloseTo(0.3, 12); // 0.30000000000000004
    expect(roundUp(2.00001, 1)).toBe(3);
  });

  it('does not round with a step of 0', () => {
    expect(roundUp(2.3, 0)).toBe(2.3);
  });
});

describe('outer size, dimensional and billable weight', () => {
  it('adds the board twice to each inner dim: 12×10×6 at 0.16 in → 12.32×10.32×6.32', () => {
    const [l, w, h] = computeOuterDims(12, 10, 6, 0.16);
    expect(l).toBeCloseTo(12.32, 12);
    expect(w).toBeCloseTo(10.32, 12);
    expect(h).toBeCloseTo(6.32, 12);
    expect(computeOuterVolume(12, 10, 6, 0.16)).toBeCloseTo(P_OUTER_IN3, 9);
  });

  it('bills 4.52 lb actual in a 803.54 in³ box by its dimensional weight: 5.78 → 6 lb', () => {
    expect(computeBillableWeight(4 + P_BOARD_LB, P_OUTER_IN3, 139, 1)).toBe(6);
  });

  it('bills 9.52 lb actual by the actual weight: → 10 lb', () => {
    expect(computeBillableWeight(9 + P_BOARD_LB, P_OUTER_IN3, 139, 1)).toBe(10);
  });

  it('metric: 30×20×10 cm at 0.4 cm → 30.8×20.8×10.8 = 6918.912 cm³, / 5000 = 1.384 → 1.5 kg', () => {
    const p = defaultParams('metric');
    const outer = computeOuterVolume(30, 20, 10, p.board_thickness);
    expect(outer).toBeCloseTo(6918.912, 9);
    expect(computeBillableWeight(1, outer, p.dim_divisor, p.billable_step)).toBe(1.5);
  });

  it('defaults: 0.16 in, 139 in³/lb, 1 lb; 0.4 cm, 5000 cm³/kg, 0.5 kg', () => {
    const i = defaultParams('imperial');
    const m = defaultParams('metric');
    expect([i.board_thickness, i.dim_divisor, i.billable_step]).toEqual([0.16, 139, 1]);
    expect([m.board_thickness, m.dim_divisor, m.billable_step]).toEqual([0.4, 5000, 0.5]);
    expect([i.corrugate_price, i.void_fill_price, i.freight_price_per_weight, i.box_sku_cost]).toEqual([0, 0, 0, 0]);
    expect(i.mailer_candidates).toBe('none');
  });
});

describe('rate(w): the first row with max_weight ≥ w', () => {
  const card: RateCard = { maxWeight: [1, 5, 10], price: [5, 8, 12] };

  it('prices a weight exactly at a row by that row', () => {
    expect(computeFreight(1, card, 0)).toBe(5);
    expect(computeFreight(5, card, 0)).toBe(8);
    expect(computeFreight(10, card, 0)).toBe(12);
  });

  it('prices a weight between rows by the next row up', () => {
    expect(computeFreight(0, card, 0)).toBe(5);
    expect(computeFreight(1.5, card, 0)).toBe(8);
    expect(computeFreight(5.0001, card, 0)).toBe(12);
  });

  it('treats conversion noise at a row as that row', () => {
    expect(computeFreight(5 + 1e-12, card, 0)).toBe(8);
  });

  it('cannot ship what is heavier than the last row', () => {
    expect(computeFreight(10.5, card, 0)).toBe(Infinity);
  });

  it('without a card: freight_price_per_weight × w', () => {
    expect(computeFreight(6, null, 0.8)).toBeCloseTo(4.8, 12);
    expect(computeFreight(6, null, 0)).toBe(0);
  });
});

describe('cost(s, p) = price + corrugate_price × corrugate weight + void_fill_price × air + freight', () => {
  const prices = { corrugate_price: 0.5, void_fill_price: 0.001, freight_price_per_weight: 0.8 };

  it('a 4 lb, 192 in³ shipment in the 12×10×6 box at 1.20', () => {
    // packaging 1.2 + 0.5 · 0.5208333 = 1.4604167; air 720 − 192 = 528 → 0.528; billable 6 → 4.8.
    const m = model(prices);
    const s = computeShipmentCost(computePackageCost(P, m.params), 4, 192, 0, m);
    expect(s.packaging).toBeCloseTo(1.2 + 0.5 * P_BOARD_LB, 12);
    expect(s.voidFill).toBeCloseTo(0.528, 12);
    expect(s.billableWeight).toBe(6);
    expect(s.dimensional).toBe(true);
    expect(s.freight).toBeCloseTo(4.8, 12);
    expect(s.total).toBeCloseTo(1.2 + 0.5 * P_BOARD_LB + 0.528 + 4.8, 12);
  });

  it('a box weighs its board unless the file gives empty_weight', () => {
    const params = imperial();
    expect(computeCorrugateWeight(P, params)).toBeCloseTo(P_BOARD_LB, 12);
    expect(computePackageCost(P, params).emptyWeight).toBeCloseTo(P_BOARD_LB, 12);
    expect(computePackageCost({ ...P, emptyWeight: 0.75 }, params).emptyWeight).toBe(0.75);
    // With empty_weight 2 the 4 lb shipment weighs 6 > 5.78: billed by actual weight, still 6.
    const m = model(prices);
    const s = computeShipmentCost(computePackageCost({ ...P, emptyWeight: 2 }, m.params), 4, 192, 0, m);
    expect(s.dimensional).toBe(false);
    expect(s.billableWeight).toBe(6);
  });

  it('totals the same without the breakdown, for the search', () => {
    const m = model(prices, { maxWeight: [1, 5, 10], price: [5, 8, 12] });
    const pkg = computePackageCost(P, m.params);
    for (const [weight, volume] of [[4, 192], [9, 192], [0, 720], [10, 1]] as const) {
      expect(computeShipmentCostTotal(pkg, weight, volume, 0, m)).toBe(computeShipmentCost(pkg, weight, volume, 0, m).total);
    }
  });

  it('a shipment beyond the rate card costs Infinity in that package', () => {
    // 10 lb + 0.52 lb board = 10.52 → 11 lb > the last row's 10 lb.
    const m = model({}, { maxWeight: [1, 5, 10], price: [5, 8, 12] });
    const s = computeShipmentCost(computePackageCost(P, m.params), 10, 192, 0, m);
    expect(s.billableWeight).toBe(11);
    expect(s.total).toBe(Infinity);
  });

  it('a mailer: no board, empty weight 0, volume and dimensional weight of the filled box', () => {
    // 10×8 mailer at 0.30 holding a 6×5×1.5 load (45 in³, 0.5 lb) 2 thick: box 8×6×2 = 96 in³,
    // air 51 → 0.051; dimensional 96/139 = 0.69 > 0.5 → billable 1 → 0.8.
    const m = model(prices);
    const pkg = computePackageCost(box('M', 10, 8, 2, { type: 'mailer', price: 0.3 }), m.params);
    expect(pkg.corrugateWeight).toBe(0);
    expect(pkg.emptyWeight).toBe(0);
    expect(pkg.packagingCost).toBe(0.3);
    const s = computeShipmentCost(pkg, 0.5, 45, 2, m);
    expect(s.voidFill).toBeCloseTo(0.051, 12);
    expect(s.billableWeight).toBe(1);
    expect(s.dimensional).toBe(true);
    expect(s.total).toBeCloseTo(0.3 + 0.051 + 0.8, 12);
    expect(packageVolume(pkg, 2)).toBe(96);
    expect(packageVolume(pkg, 1)).toBe(63);
  });
});

describe('max_length_plus_girth: outer length + 2·(width + height)', () => {
  it('12×10×6 at 0.16 in: 12.32 + 2·(10.32 + 6.32) = 45.6', () => {
    expect(computeLengthPlusGirth(P, 0.16)).toBeCloseTo(45.6, 12);
    expect(withinLengthPlusGirth(P, { board_thickness: 0.16, max_length_plus_girth: 45.6 })).toBe(true);
    expect(withinLengthPlusGirth(P, { board_thickness: 0.16, max_length_plus_girth: 45.5 })).toBe(false);
    expect(withinLengthPlusGirth(P, { board_thickness: 0.16, max_length_plus_girth: null })).toBe(true);
  });

  it('a 10×8 mailer, measured flat: 10 + 2·8 = 26', () => {
    expect(computeLengthPlusGirth(box('M', 8, 10, 2, { type: 'mailer' }), 0.16)).toBe(26);
  });
});

describe('the price line of proposed packages: least squares, both coefficients ≥ 0', () => {
  it('recovers an exact line: (2, 1.5), (4, 2.5), (6, 3.5) → 0.5 + 0.5·area', () => {
    const l = fitPriceLine([2, 4, 6], [1.5, 2.5, 3.5]);
    expect(l.fixed).toBeCloseTo(0.5, 12);
    expect(l.perArea).toBeCloseTo(0.5, 12);
  });

  it('a negative intercept: (1, 1), (2, 3), (3, 5) fits 2x − 1 free; bounded, the line through the origin, 22/14', () => {
    // Through the origin: Σxy/Σx² = 22/14, SSE 0.43; flat at the mean 3: SSE 8.
    const l = fitPriceLine([1, 2, 3], [1, 3, 5]);
    expect(l.fixed).toBe(0);
    expect(l.perArea).toBeCloseTo(22 / 14, 12);
  });

  it('a negative slope: (1, 3), (2, 2), (3, 1) → the flat line at the mean 2', () => {
    // Flat: SSE 2; through the origin 10/14: SSE 6.86.
    expect(fitPriceLine([1, 2, 3], [3, 2, 1])).toEqual({ fixed: 2, perArea: 0 });
  });

  it('one point: the line through the origin; none: 0', () => {
    expect(fitPriceLine([5], [2])).toEqual({ fixed: 0, perArea: 0.4 });
    expect(fitPriceLine([], [])).toEqual({ fixed: 0, perArea: 0 });
  });

  it('fits only the coefficient that is not given', () => {
    // fixed 1: (Σxy − Σx)/Σx² = (34 − 12)/56.
    expect(fitPriceLine([2, 4, 6], [1.5, 2.5, 3.5], { fixed: 1, perArea: null }).perArea).toBeCloseTo(22 / 56, 12);
    // perArea 0.25: mean of y − 0.25x = mean(1, 1.5, 2) = 1.5.
    expect(fitPriceLine([2, 4, 6], [1.5, 2.5, 3.5], { fixed: null, perArea: 0.25 }).fixed).toBeCloseTo(1.5, 12);
    expect(fitPriceLine([2, 4, 6], [1.5, 2.5, 3.5], { fixed: 0.1, perArea: 0.2 })).toEqual({ fixed: 0.1, perArea: 0.2 });
  });
});

describe('prices of proposed boxes and mailers from the current suite', () => {
  // Blanks: 12×10×6 600 in², 10×10×10 (2·20 + 1.5)·20 = 830 in². Prices 0.5 + 0.144 per ft²:
  // 0.5 + 0.144·600/144 = 1.10 and 0.5 + 0.144·830/144 = 1.33. Mailer 10×8: 2LW = 160 in² at 0.32.
  const suite = [
    box('A', 12, 10, 6, { price: 1.1 }),
    box('B', 10, 10, 10, { price: 1.33 }),
    box('C', 20, 20, 20), // no price: left out of the fit
    box('M', 10, 8, 2, { type: 'mailer', price: 0.32 }),
  ];

  it('fits boxes against blank area in ft² and mailers against 2·L·W through the origin', () => {
    const prices = resolveNewPackagePrices(suite, imperial());
    expect(prices.boxFixed).toBeCloseTo(0.5, 10);
    expect(prices.boxPerArea).toBeCloseTo(0.144, 10);
    expect(prices.mailerPerArea).toBeCloseTo(0.32 / (160 / 144), 10);
    const params = imperial();
    expect(computeNewPackagePrice('box', 12, 10, 6, prices, params)).toBeCloseTo(1.1, 10);
    expect(computeNewPackagePrice('mailer', 8, 10, 3, prices, params)).toBeCloseTo(0.32, 10);
  });

  it('prices and weighs a proposed package like one from the file', () => {
    const params = imperial();
    const prices = resolveNewPackagePrices(suite, params);
    const pkg = computeProposedPackageCost('box', 12, 10, 6, prices, params);
    expect(pkg.price).toBeCloseTo(1.1, 10);
    expect(pkg.emptyWeight).toBeCloseTo(P_BOARD_LB, 12);
    const mailer = computeProposedPackageCost('mailer', 10, 8, 2, prices, params);
    expect(mailer.price).toBeCloseTo(0.32, 10);
    expect(mailer.mailerArea).toBe(160);
  });

  it('is 0 where no current package has a price', () => {
    const prices = resolveNewPackagePrices([box('C', 20, 20, 20)], imperial());
    expect(prices).toEqual({ boxFixed: 0, boxPerArea: 0, mailerPerArea: 0 });
  });

  it('takes the parameters where given', () => {
    const prices = resolveNewPackagePrices(suite, imperial({ new_box_price_fixed: 0.2, new_box_price_per_area: 0.1, new_mailer_price_per_area: 0.05 }));
    expect(prices).toEqual({ boxFixed: 0.2, boxPerArea: 0.1, mailerPerArea: 0.05 });
  });
});

describe('cost totals of a suite', () => {
  // Packages: P (box 12×10×6 at 1.20), M (mailer 10×8×2 at 0.30).
  // class 0: 3 × (4 lb, 192 in³) in P: 1.4604167 + 0.528 + 4.8 (billable 6, dimensional)
  // class 1: 2 × (9 lb, 192 in³) in P: 1.4604167 + 0.528 + 8.0 (billable 10, actual)
  // class 2: 5 × (0.5 lb, 45 in³) in M, 2 thick: 0.30 + 0.051 + 0.8 (billable 1, dimensional)
  // class 3: 1 unfit
  const m = model({ corrugate_price: 0.5, void_fill_price: 0.001, freight_price_per_weight: 0.8 });
  const packages = [P, box('M', 10, 8, 2, { type: 'mailer', price: 0.3 })].map((b) => computePackageCost(b, m.params));
  const classes = [
    { count: 3, weight: 4, itemVolume: 192 },
    { count: 2, weight: 9, itemVolume: 192 },
    { count: 5, weight: 0.5, itemVolume: 45 },
    { count: 1, weight: 1, itemVolume: 1 },
  ];
  const assigned = Int32Array.from([0, 0, 1, -1]);
  const thickness = Float64Array.from([0, 0, 2, 0]);
  const boxPackaging = 1.2 + 0.5 * P_BOARD_LB;

  it('sums packaging, void fill, freight and billable weight over fitted shipments', () => {
    const r = computeCostReport(classes, packages, assigned, thickness, m);
    const packaging = 5 * boxPackaging + 5 * 0.3;
    const voidFill = 5 * 0.528 + 5 * 0.051;
    const freight = 3 * 4.8 + 2 * 8 + 5 * 0.8;
    expect(r.total_packaging_cost).toBeCloseTo(packaging, 10);
    expect(r.total_void_fill_cost).toBeCloseTo(voidFill, 10);
    expect(r.total_freight_cost).toBeCloseTo(34.4, 10);
    expect(r.total_cost).toBeCloseTo(packaging + voidFill + freight, 10);
    expect(r.cost_per_shipment_mean).toBeCloseTo((packaging + voidFill + freight) / 10, 10);
    expect(r.total_billable_weight).toBe(3 * 6 + 2 * 10 + 5 * 1);
    expect(r.dim_weight_share).toBeCloseTo(0.8, 12);
    expect(r.mailer_shipments).toBe(5);
    expect(r.total_mailer_area).toBeCloseTo((5 * 160) / 144, 12);
  });

  it('restricts the totals to the included classes', () => {
    const r = computeCostReport(classes, packages, assigned, thickness, m, (ci) => ci !== 1);
    expect(r.total_freight_cost).toBeCloseTo(3 * 4.8 + 5 * 0.8, 10);
    expect(r.dim_weight_share).toBe(1);
  });

  it('is all zeros when nothing fits', () => {
    const r = computeCostReport(classes, packages, Int32Array.from([-1, -1, -1, -1]), null, m);
    expect(r.total_cost).toBe(0);
    expect(r.cost_per_shipment_mean).toBe(0);
    expect(r.dim_weight_share).toBe(0);
  });
});
