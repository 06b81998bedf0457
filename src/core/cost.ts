// The cost model (SPEC §10): what one shipment costs in one package — its price, its board, the
// void fill of its air and the freight billed on the greater of actual and dimensional weight —
// the prices of packages the search proposes, and the cost totals of a suite. Report units throughout.
import { computeBlankArea, computeBoxVolume, EPS, leq, sortDims } from './geometry.js';
import { computeFilledMailerVolume, computeMailerArea, mailerFlatSize } from './mailer.js';
import { ExactSum } from './exact-sum.js';
import { areaToReport } from './metrics.js';
import type { Params } from './params.js';
import { isMailer, type Box, type PackageType } from './suite.js';

/**
 * Freight rates, ascending by `maxWeight` (weight unit, strictly increasing): a billable weight w
 * costs the `price` of the first row with `maxWeight ≥ w`.
 */
export interface RateCard {
  maxWeight: readonly number[];
  price: readonly number[];
}

/** The parameters the cost of a shipment reads. */
export type CostParams = Pick<
  Params,
  | 'units'
  | 'glue_flap'
  | 'board_weight_per_area'
  | 'corrugate_price'
  | 'void_fill_price'
  | 'freight_price_per_weight'
  | 'board_thickness'
  | 'dim_divisor'
  | 'billable_step'
>;

/** Everything besides the shipment and the package that its cost depends on. */
export interface CostModel {
  params: CostParams;
  /** null: freight is `freight_price_per_weight × billable weight`. */
  rates: RateCard | null;
}

/**
 * The smallest multiple of `step` that is ≥ x. Weights reach here through unit conversion and
 * volume / divisor, so x within one part in 10⁹ (geometry's EPS, of x or of the step, whichever
 * is larger) of a multiple counts as that multiple: 2.0000000001 lb bills as 2 lb, not 3. A step
 * ≤ 0 means no rounding.
 */
export function roundUp(x: number, step: number): number {
  if (!(step > 0)) return x;
  const k = x / step;
  const near = Math.round(k);
  if (Math.abs(k - near) <= EPS * Math.max(1, Math.abs(k))) return near * step;
  return Math.ceil(k) * step;
}

/** Outer dims of a box (length unit): each inner dim plus the board on both sides. */
export function computeOuterDims(l: number, w: number, h: number, boardThickness: number): [number, number, number] {
  const t = 2 * boardThickness;
  return [l + t, w + t, h + t];
}

/** Outer volume of a box (length³). */
export function computeOuterVolume(l: number, w: number, h: number, boardThickness: number): number {
  const [ol, ow, oh] = computeOuterDims(l, w, h, boardThickness);
  return ol * ow * oh;
}

/**
 * Outer length + girth (length unit): the longest outer side plus twice the other two, as carriers
 * measure it. A mailer's is taken flat (L + 2·W), the most any load of it can reach: a load of
 * thickness a makes it (L − a) + 2·W.
 */
export function computeLengthPlusGirth(box: Box, boardThickness: number): number {
  if (isMailer(box)) {
    const [L, W] = mailerFlatSize(box.length, box.width);
    return L + 2 * W;
  }
  const [a, b, c] = sortDims(...computeOuterDims(box.length, box.width, box.height, boardThickness));
  return c + 2 * (a + b);
}

/** Within the carrier's `max_length_plus_girth` (always, when there is none)? */
export function withinLengthPlusGirth(box: Box, params: Pick<Params, 'board_thickness' | 'max_length_plus_girth'>): boolean {
  const limit = params.max_length_plus_girth;
  return limit === null || leq(computeLengthPlusGirth(box, params.board_thickness), limit);
}

/**
 * Billable weight (weight unit): the greater of actual weight (shipment + empty package) and
 * dimensional weight (outer volume / divisor), rounded up to the billable step.
 */
export function computeBillableWeight(actualWeight: number, outerVolume: number, dimDivisor: number, step: number): number {
  return roundUp(Math.max(actualWeight, outerVolume / dimDivisor), step);
}

/**
 * Freight of a billable weight (currency): the rate card's price for it, or the price per weight
 * without a card. Infinity when it is heavier than the card's last row: no package can carry it.
 */
export function computeFreight(billableWeight: number, rates: RateCard | null, pricePerWeight: number): number {
  if (rates === null) return pricePerWeight * billableWeight;
  // First row with maxWeight ≥ w (up to conversion noise): binary search.
  let lo = 0;
  let hi = rates.maxWeight.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (leq(billableWeight, rates.maxWeight[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo < rates.price.length ? rates.price[lo]! : Infinity;
}

/** A package's figures that do not depend on the shipment in it (report units). */
export interface PackageCost {
  type: PackageType;
  /** Purchase price (currency); 0 when not given. */
  price: number;
  /** Board weight (weight unit); 0 for a mailer. */
  corrugateWeight: number;
  /** price + corrugate_price × corrugate weight (currency). */
  packagingCost: number;
  /** Weight of the empty package (weight unit). */
  emptyWeight: number;
  /** A box's inner and outer volumes (length³); 0 for a mailer, whose volume depends on its load. */
  innerVolume: number;
  outerVolume: number;
  /** A mailer's flat size L ≥ W (length unit); 0 for a box. */
  flatLength: number;
  flatWidth: number;
  /** A mailer's 2·L·W (length²); 0 for a box. */
  mailerArea: number;
}

/** Corrugate weight of a box (weight unit): blank area × board weight per area (SPEC §5). */
export function computeCorrugateWeight(box: Box, params: Pick<Params, 'glue_flap' | 'board_weight_per_area'>): number {
  if (isMailer(box)) return 0;
  return computeBlankArea(box.length, box.width, box.height, params.glue_flap) * params.board_weight_per_area;
}

/** Precompute a package's shipment-independent cost figures. */
export function computePackageCost(box: Box, params: CostParams): PackageCost {
  const price = box.price ?? 0;
  if (isMailer(box)) {
    const [L, W] = mailerFlatSize(box.length, box.width);
    return {
      type: 'mailer', price, corrugateWeight: 0, packagingCost: price, emptyWeight: box.emptyWeight ?? 0,
      innerVolume: 0, outerVolume: 0, flatLength: L, flatWidth: W, mailerArea: computeMailerArea(L, W),
    };
  }
  const corrugateWeight = computeCorrugateWeight(box, params);
  return {
    type: 'box',
    price,
    corrugateWeight,
    packagingCost: price + params.corrugate_price * corrugateWeight,
    emptyWeight: box.emptyWeight ?? corrugateWeight,
    innerVolume: computeBoxVolume(box.length, box.width, box.height),
    outerVolume: computeOuterVolume(box.length, box.width, box.height, params.board_thickness),
    flatLength: 0,
    flatWidth: 0,
    mailerArea: 0,
  };
}

/** What one shipment costs in one package, by part (currency; weights in the weight unit). */
export interface ShipmentCost {
  /** price + corrugate. */
  packaging: number;
  voidFill: number;
  /** Infinity when the billable weight is beyond the rate card: the package cannot ship it. */
  freight: number;
  billableWeight: number;
  /** Its dimensional weight exceeds its actual weight. */
  dimensional: boolean;
  total: number;
}

/**
 * Cost of a shipment (weight in the weight unit, item volume in length³) in a package. For a
 * mailer, `loadThickness` is the thickness a of the load it holds: the filled box
 * (L − a) × (W − a) × a is both its volume (for air) and its outer volume; boxes ignore it.
 */
export function computeShipmentCost(
  pkg: PackageCost,
  weight: number,
  itemVolume: number,
  loadThickness: number,
  model: CostModel,
): ShipmentCost {
  const p = model.params;
  const volume = packageVolume(pkg, loadThickness);
  const outer = pkg.type === 'mailer' ? volume : pkg.outerVolume;
  const actual = weight + pkg.emptyWeight;
  const billableWeight = computeBillableWeight(actual, outer, p.dim_divisor, p.billable_step);
  const voidFill = p.void_fill_price * Math.max(0, volume - itemVolume);
  const freight = computeFreight(billableWeight, model.rates, p.freight_price_per_weight);
  return {
    packaging: pkg.packagingCost,
    voidFill,
    freight,
    billableWeight,
    dimensional: outer / p.dim_divisor > actual,
    total: pkg.packagingCost + voidFill + freight,
  };
}

/**
 * computeShipmentCost's total alone, without allocating: for the search, which prices every
 * (shipment class, candidate package) pair. Infinity when the package cannot ship it.
 */
export function computeShipmentCostTotal(
  pkg: PackageCost,
  weight: number,
  itemVolume: number,
  loadThickness: number,
  model: CostModel,
): number {
  const p = model.params;
  const volume = packageVolume(pkg, loadThickness);
  const outer = pkg.type === 'mailer' ? volume : pkg.outerVolume;
  const billable = computeBillableWeight(weight + pkg.emptyWeight, outer, p.dim_divisor, p.billable_step);
  const freight = computeFreight(billable, model.rates, p.freight_price_per_weight);
  return pkg.packagingCost + p.void_fill_price * Math.max(0, volume - itemVolume) + freight;
}

/**
 * The volume V of a filled package (length³): a box's inner volume, a mailer's filled box for a
 * load `loadThickness` thick. Air is V − v.
 */
export function packageVolume(pkg: PackageCost, loadThickness: number): number {
  return pkg.type === 'mailer' ? computeFilledMailerVolume(pkg.flatLength, pkg.flatWidth, loadThickness) : pkg.innerVolume;
}

// --- prices of the packages the search proposes ---

/** A price line `fixed + perArea × area` (currency, currency per area unit). */
export interface PriceLine {
  fixed: number;
  perArea: number;
}

/**
 * Least-squares line y ≈ fixed + perArea·x with both coefficients ≥ 0. A coefficient given
 * (non-null) is kept and only the other one fitted. When the free fit has a negative coefficient,
 * the best line lies on that coefficient's bound (the problem is convex), so it is refitted at 0
 * there and the better of the two bounded fits wins. With no spread in x (one point, or equal
 * areas) the line goes through the origin: a bigger box takes more board. No points: 0, 0.
 */
export function fitPriceLine(
  x: readonly number[],
  y: readonly number[],
  given: { fixed: number | null; perArea: number | null } = { fixed: null, perArea: null },
): PriceLine {
  const n = x.length;
  if (given.fixed !== null && given.perArea !== null) return { fixed: given.fixed, perArea: given.perArea };
  if (n === 0) return { fixed: given.fixed ?? 0, perArea: given.perArea ?? 0 };
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
    sxx += x[i]! * x[i]!;
    sxy += x[i]! * y[i]!;
  }
  // One coefficient fixed: the other's least-squares value, clamped at 0 (1-D convex problem).
  const slopeGiven = (fixed: number) => (sxx > 0 ? Math.max(0, (sxy - fixed * sx) / sxx) : 0);
  const fixedGiven = (perArea: number) => Math.max(0, (sy - perArea * sx) / n);
  if (given.fixed !== null) return { fixed: given.fixed, perArea: slopeGiven(given.fixed) };
  if (given.perArea !== null) return { fixed: fixedGiven(given.perArea), perArea: given.perArea };

  const sse = (l: PriceLine) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (y[i]! - l.fixed - l.perArea * x[i]!) ** 2;
    return s;
  };
  const varX = sxx - (sx * sx) / n;
  if (varX > EPS * Math.max(1, sxx)) {
    const perArea = (sxy - (sx * sy) / n) / varX;
    const fixed = (sy - perArea * sx) / n;
    if (perArea >= 0 && fixed >= 0) return { fixed, perArea };
  } else {
    return { fixed: 0, perArea: slopeGiven(0) };
  }
  const throughOrigin = { fixed: 0, perArea: slopeGiven(0) };
  const flat = { fixed: fixedGiven(0), perArea: 0 };
  return sse(throughOrigin) <= sse(flat) ? throughOrigin : flat;
}

/** Prices of proposed packages: boxes `boxFixed + boxPerArea × blank area`, mailers `mailerPerArea × 2·L·W`. */
export interface NewPackagePrices {
  boxFixed: number;
  /** Currency per area unit of blank (ft² or m²). */
  boxPerArea: number;
  /** Currency per area unit of 2·L·W (ft² or m²). */
  mailerPerArea: number;
}

/**
 * The prices of packages the search proposes: the parameters where given, else fitted to the
 * current suite's priced boxes (price against blank area) and priced mailers (price against
 * 2·L·W, through the origin); 0 where the suite has no price of that type. Areas in ft² or m².
 */
export function resolveNewPackagePrices(
  current: readonly Box[],
  params: Pick<Params, 'units' | 'glue_flap' | 'new_box_price_fixed' | 'new_box_price_per_area' | 'new_mailer_price_per_area'>,
): NewPackagePrices {
  const boxArea: number[] = [];
  const boxPrice: number[] = [];
  const mailerArea: number[] = [];
  const mailerPrice: number[] = [];
  for (const b of current) {
    if (b.price === undefined) continue;
    if (isMailer(b)) {
      const [L, W] = mailerFlatSize(b.length, b.width);
      mailerArea.push(areaToReport(computeMailerArea(L, W), params.units));
      mailerPrice.push(b.price);
    } else {
      boxArea.push(areaToReport(computeBlankArea(b.length, b.width, b.height, params.glue_flap), params.units));
      boxPrice.push(b.price);
    }
  }
  const box = fitPriceLine(boxArea, boxPrice, { fixed: params.new_box_price_fixed, perArea: params.new_box_price_per_area });
  const mailer = fitPriceLine(mailerArea, mailerPrice, { fixed: 0, perArea: params.new_mailer_price_per_area });
  return { boxFixed: box.fixed, boxPerArea: box.perArea, mailerPerArea: mailer.perArea };
}

/** Price of a package the search proposes (currency); dims in the length unit. */
export function computeNewPackagePrice(
  type: PackageType,
  l: number,
  w: number,
  h: number,
  prices: NewPackagePrices,
  params: Pick<Params, 'units' | 'glue_flap'>,
): number {
  if (type === 'mailer') {
    const [L, W] = mailerFlatSize(l, w);
    return prices.mailerPerArea * areaToReport(computeMailerArea(L, W), params.units);
  }
  return prices.boxFixed + prices.boxPerArea * areaToReport(computeBlankArea(l, w, h, params.glue_flap), params.units);
}

/** Cost figures of a package the search proposes (inner dims in the length unit), priced by `prices`. */
export function computeProposedPackageCost(
  type: PackageType,
  l: number,
  w: number,
  h: number,
  prices: NewPackagePrices,
  params: CostParams,
): PackageCost {
  const price = computeNewPackagePrice(type, l, w, h, prices, params);
  return computePackageCost({ id: '', length: l, width: w, height: h, maxWeight: null, locked: false, type, price }, params);
}

// --- totals of a suite ---

/** The cost keys of a report (SPEC §9, §10): currency, weights in the weight unit, area in ft² or m². */
export interface CostReport {
  total_cost: number;
  cost_per_shipment_mean: number;
  total_packaging_cost: number;
  total_void_fill_cost: number;
  total_freight_cost: number;
  total_billable_weight: number;
  /** Share of fitted shipments billed by dimensional weight. */
  dim_weight_share: number;
  mailer_shipments: number;
  /** Σ over shipments in mailers of 2·L·W. */
  total_mailer_area: number;
}

/** What the totals read of a shipment class (ShipmentClass has these). */
export interface CostedClass {
  /** Shipments of this shape. */
  count: number;
  /** Weight of one shipment (weight unit). */
  weight: number;
  /** Item volume of one shipment (length³). */
  itemVolume: number;
}

/**
 * Cost totals of a suite: class ci ships `count` times in package `assigned[ci]` (−1: unfit, left
 * out), a mailer with load thickness `loadThickness[ci]`. `include`, when given, restricts the
 * totals to the classes it marks. Callers pass fits whose cost is finite: a package whose
 * billable weight is beyond the rate card is no fit.
 */
export function computeCostReport(
  classes: readonly CostedClass[],
  packages: readonly PackageCost[],
  assigned: Int32Array,
  loadThickness: Float64Array | null,
  model: CostModel,
  include?: (classIndex: number) => boolean,
): CostReport {
  const sum = new CostReportSum(packages, model);
  classes.forEach((c, ci) => {
    const pi = assigned[ci]!;
    if (pi < 0 || (include && !include(ci))) return;
    sum.add(c, pi, loadThickness?.[ci] ?? 0);
  });
  return sum.finish();
}

/**
 * computeCostReport's totals, added up one fitted class at a time in any order (the money sums
 * are exact until finish() rounds them once, so the order of the classes does not show).
 */
export class CostReportSum {
  private fitted = 0;
  private readonly packaging = new ExactSum();
  private readonly voidFill = new ExactSum();
  private readonly freight = new ExactSum();
  private readonly billable = new ExactSum();
  private dimensional = 0;
  private mailerShipments = 0;
  private readonly mailerArea = new ExactSum();

  constructor(private readonly packages: readonly PackageCost[], private readonly model: CostModel) {}

  /** One class fitted in package `pi`, with its load's thickness in a mailer (0 in a box). */
  add(c: CostedClass, pi: number, thickness: number): void {
    const pkg = this.packages[pi]!;
    const n = c.count;
    const s = computeShipmentCost(pkg, c.weight, c.itemVolume, thickness, this.model);
    this.fitted += n;
    this.packaging.add(n * s.packaging);
    this.voidFill.add(n * s.voidFill);
    this.freight.add(n * s.freight);
    this.billable.add(n * s.billableWeight);
    if (s.dimensional) this.dimensional += n;
    if (pkg.type === 'mailer') {
      this.mailerShipments += n;
      this.mailerArea.add(n * pkg.mailerArea);
    }
  }

  finish(): CostReport {
    const fitted = this.fitted;
    const all = new ExactSum();
    all.addSum(this.packaging);
    all.addSum(this.voidFill);
    all.addSum(this.freight);
    const total = all.value();
    return {
      total_cost: total,
      cost_per_shipment_mean: fitted > 0 ? total / fitted : 0,
      total_packaging_cost: this.packaging.value(),
      total_void_fill_cost: this.voidFill.value(),
      total_freight_cost: this.freight.value(),
      total_billable_weight: this.billable.value(),
      dim_weight_share: fitted > 0 ? this.dimensional / fitted : 0,
      mailer_shipments: this.mailerShipments,
      total_mailer_area: areaToReport(this.mailerArea.value(), this.model.params.units),
    };
  }
}
