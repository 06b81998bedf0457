// The metrics of a suite over the shipments it serves (SPEC §5), in report units: lengths in the
// length unit, volumes in length³, areas in ft² (imperial) or m² (metric), weights in lb or kg.
import { computeCostReport, computePackageCost, packageVolume, type CostReport } from './cost.js';
import { computeBlankArea } from './geometry.js';
import { computeAirHistogram, computeUtilizationHistogram, type Histogram } from './histogram.js';
import type { Params } from './params.js';
import type { ShipmentClass } from './shipments.js';
import { isMailer, packageTypeOf, type Box, type PackageType } from './suite.js';

export interface BoxMetrics {
  box_id: string;
  length: number;
  width: number;
  height: number;
  /** Heaviest shipment the box may carry (weight unit), null for none: lets `track` rebuild the suite. */
  max_weight: number | null;
  /** `box` or `mailer` (SPEC §9). */
  type: PackageType;
  /** Purchase price of one unit (currency); 0 when the file gives none. */
  price: number;
  shipments: number;
  share: number;
  utilization_mean: number | null;
}

/** A suite's metrics; the cost keys (SPEC §10) only when it has a cost model (hasCostModel). */
export interface SuiteMetrics extends Partial<CostMetrics> {
  shipments: number;
  fitted: number;
  unfit: number;
  total_box_volume: number;
  total_item_volume: number;
  total_corrugate_area: number;
  total_corrugate_weight: number;
  utilization_mean: number;
  utilization_aggregate: number;
  air_per_shipment_mean: number;
  empty_space_over_50_share: number;
  /** Shipments with more than one unit, and those of them that fit no box ("split needed"). */
  multi_item: number;
  split_needed: number;
  /** Fitted shipments by utilization (v/V), in bins of 0.1. */
  utilization_histogram: Histogram;
  /** Fitted shipments by air (V − v, volume unit), in round bins. */
  air_histogram: Histogram;
  /** Shipments in mailers, and Σ over them of the mailer's 2·L·W (ft² or m²). */
  mailer_shipments: number;
  total_mailer_area: number;
  boxes: BoxMetrics[];
}

/** The cost keys (SPEC §10), present when a price, a rate card or a cost parameter is given. */
export type CostMetrics = Omit<CostReport, 'mailer_shipments' | 'total_mailer_area'>;

/** Where each class went: its package (−1: unfit) and, in a mailer, its load [c, b, a] (fit.ts Assignment). */
export interface PlacedClasses {
  box: Int32Array;
  /** By class index, only the classes in mailers. */
  loads: ReadonlyMap<number, readonly [number, number, number]>;
}

/**
 * Does the report carry cost keys (SPEC §10)? When some package has a price, a rate card is given,
 * or a cost parameter differs from its default.
 */
export function hasCostModel(boxes: readonly Box[], params: Params): boolean {
  return (
    params.rates !== null ||
    boxes.some((b) => b.price !== undefined) ||
    params.corrugate_price > 0 ||
    params.void_fill_price > 0 ||
    params.freight_price_per_weight > 0 ||
    params.new_box_price_fixed !== null ||
    params.new_box_price_per_area !== null ||
    params.new_mailer_price_per_area !== null ||
    params.box_sku_cost > 0
  );
}

/** Blank area in length² → report area unit (ft² from in², m² from cm²). */
export function areaToReport(area: number, units: Params['units']): number {
  return units === 'imperial' ? area / 144 : area / 10_000;
}

/**
 * Metrics of `boxes` given each class's package (−1 = unfit) and mailer load. `include`, when
 * given, restricts the metrics to the classes it marks (savings compare two suites on the
 * shipments both serve). A filled mailer counts as its box (L − a)(W − a)a and adds no corrugate.
 */
export function computeSuiteMetrics(
  classes: readonly ShipmentClass[],
  boxes: readonly Box[],
  placement: Int32Array | PlacedClasses,
  params: Params,
  include?: (classIndex: number) => boolean,
): SuiteMetrics {
  // A bare index array: a suite of boxes alone (a mailer's volume needs its loads).
  const placed: PlacedClasses = placement instanceof Int32Array ? { box: placement, loads: new Map() } : placement;
  const assigned = placed.box;
  const pkgs = boxes.map((b) => computePackageCost(b, params));
  const area = boxes.map((b) => (isMailer(b) ? 0 : computeBlankArea(b.length, b.width, b.height, params.glue_flap)));
  const thickness = new Float64Array(classes.length);
  const perBoxCount = new Float64Array(boxes.length);
  const perBoxUtil = new Float64Array(boxes.length);
  let shipments = 0;
  let fitted = 0;
  let boxVolume = 0;
  let itemVolume = 0;
  let blank = 0;
  let utilSum = 0;
  let emptyOver50 = 0;
  let multi = 0;
  let split = 0;
  // Per fitted class: its utilization, air and weight (shipments), for the histograms. Columns
  // sized for every class, not growing arrays: at a million shapes they are the metrics' peak.
  const utils = new Float64Array(classes.length);
  const airs = new Float64Array(classes.length);
  const weights = new Float64Array(classes.length);
  let binned = 0;

  classes.forEach((c, ci) => {
    if (include && !include(ci)) return;
    const n = c.count;
    shipments += n;
    const bi = assigned[ci]!;
    if (c.units > 1) multi += n;
    if (bi < 0) {
      if (c.units > 1) split += n;
      return;
    }
    const load = placed.loads.get(ci);
    if (load) thickness[ci] = load[2];
    const V = packageVolume(pkgs[bi]!, thickness[ci]!);
    const u = c.itemVolume / V;
    fitted += n;
    boxVolume += n * V;
    itemVolume += n * c.itemVolume;
    blank += n * area[bi]!;
    utilSum += n * u;
    if ((V - c.itemVolume) / V > 0.5) emptyOver50 += n;
    perBoxCount[bi]! += n;
    perBoxUtil[bi]! += n * u;
    utils[binned] = u;
    airs[binned] = V - c.itemVolume;
    weights[binned++] = n;
  });

  const per = (x: number) => (fitted > 0 ? x / fitted : 0);
  const money = computeCostReport(classes, pkgs, assigned, thickness, { params, rates: params.rates }, include);
  const { mailer_shipments, total_mailer_area, ...cost } = money;
  return {
    shipments,
    fitted,
    unfit: shipments - fitted,
    total_box_volume: boxVolume,
    total_item_volume: itemVolume,
    total_corrugate_area: areaToReport(blank, params.units),
    total_corrugate_weight: blank * params.board_weight_per_area,
    utilization_mean: per(utilSum),
    utilization_aggregate: boxVolume > 0 ? itemVolume / boxVolume : 0,
    air_per_shipment_mean: per(boxVolume - itemVolume),
    empty_space_over_50_share: per(emptyOver50),
    multi_item: multi,
    split_needed: split,
    utilization_histogram: computeUtilizationHistogram(utils.subarray(0, binned), weights.subarray(0, binned)),
    air_histogram: computeAirHistogram(airs.subarray(0, binned), weights.subarray(0, binned)),
    mailer_shipments,
    total_mailer_area,
    ...(hasCostModel(boxes, params) ? cost : {}),
    boxes: boxes.map((b, bi) => ({
      box_id: b.id,
      length: b.length,
      width: b.width,
      height: b.height,
      max_weight: b.maxWeight,
      type: packageTypeOf(b),
      price: b.price ?? 0,
      shipments: perBoxCount[bi]!,
      share: per(perBoxCount[bi]!),
      utilization_mean: perBoxCount[bi]! > 0 ? perBoxUtil[bi]! / perBoxCount[bi]! : null,
    })),
  };
}
