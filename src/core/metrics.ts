// The metrics of a suite over the shipments it serves (SPEC §5), in report units: lengths in the
// length unit, volumes in length³, areas in ft² (imperial) or m² (metric), weights in lb or kg.
import { CostReportSum, computePackageCost, packageVolume, type CostReport, type PackageCost } from './cost.js';
import { ExactSum } from './exact-sum.js';
import { computeBlankArea } from './geometry.js';
import { computeStoredHistograms, MemoryHistogramStore, type Histogram, type HistogramStore } from './histogram.js';
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
  // Columns sized for every class, not growing arrays: at a million shapes they are the metrics' peak.
  const sum = new SuiteMetricsSum(boxes, params, new MemoryHistogramStore(classes.length));
  sum.add(classes, placement, include);
  return sum.finish();
}

/**
 * computeSuiteMetrics added up over batches of classes (the partitions of a spilled evaluate) in
 * any order: counts are whole numbers, the float totals exact sums rounded once at the end, and
 * the histograms binned only when every class is known. Batches in any order, or one batch of all
 * the classes, give the same metrics, bit for bit.
 */
export class SuiteMetricsSum {
  private readonly pkgs: PackageCost[];
  private readonly area: number[];
  private readonly perBoxCount: Float64Array;
  private readonly perBoxUtil: ExactSum[];
  private shipments = 0;
  private fitted = 0;
  private readonly boxVolume = new ExactSum();
  private readonly itemVolume = new ExactSum();
  private readonly blank = new ExactSum();
  private readonly utilSum = new ExactSum();
  private emptyOver50 = 0;
  private multi = 0;
  private split = 0;
  private utilMax = 1;
  private airMin = 0;
  private airMax = 0;
  private readonly cost: CostReportSum;

  constructor(
    private readonly boxes: readonly Box[],
    private readonly params: Params,
    /** Per fitted class: its utilization, air and weight (shipments), for the histograms. */
    private readonly hist: HistogramStore = new MemoryHistogramStore(),
  ) {
    this.pkgs = boxes.map((b) => computePackageCost(b, params));
    this.area = boxes.map((b) => (isMailer(b) ? 0 : computeBlankArea(b.length, b.width, b.height, params.glue_flap)));
    this.perBoxCount = new Float64Array(boxes.length);
    this.perBoxUtil = boxes.map(() => new ExactSum());
    this.cost = new CostReportSum(this.pkgs, { params, rates: params.rates });
  }

  /** One batch of classes and where they went (indices of this batch). */
  add(classes: readonly ShipmentClass[], placement: Int32Array | PlacedClasses, include?: (classIndex: number) => boolean): void {
    // A bare index array: a suite of boxes alone (a mailer's volume needs its loads).
    const placed: PlacedClasses = placement instanceof Int32Array ? { box: placement, loads: new Map() } : placement;
    const assigned = placed.box;
    classes.forEach((c, ci) => {
      if (include && !include(ci)) return;
      const n = c.count;
      this.shipments += n;
      const bi = assigned[ci]!;
      if (c.units > 1) this.multi += n;
      if (bi < 0) {
        if (c.units > 1) this.split += n;
        return;
      }
      const thickness = placed.loads.get(ci)?.[2] ?? 0;
      const V = packageVolume(this.pkgs[bi]!, thickness);
      const iv = c.itemVolume;
      const u = iv / V;
      const air = V - iv;
      this.fitted += n;
      this.boxVolume.add(n * V);
      this.itemVolume.add(n * iv);
      this.blank.add(n * this.area[bi]!);
      this.utilSum.add(n * u);
      if (air / V > 0.5) this.emptyOver50 += n;
      this.perBoxCount[bi]! += n;
      this.perBoxUtil[bi]!.add(n * u);
      this.utilMax = Math.max(this.utilMax, u);
      this.airMin = Math.min(this.airMin, air);
      this.airMax = Math.max(this.airMax, air);
      this.hist.push(u, air, n);
      this.cost.add(c, bi, thickness);
    });
  }

  finish(): SuiteMetrics {
    const { boxes, params, fitted } = this;
    const per = (x: number) => (fitted > 0 ? x / fitted : 0);
    const { mailer_shipments, total_mailer_area, ...cost } = this.cost.finish();
    const boxVolume = this.boxVolume.value();
    const itemVolume = this.itemVolume.value();
    const blank = this.blank.value();
    const histograms = computeStoredHistograms(this.hist, { utilMax: this.utilMax, airMin: this.airMin, airMax: this.airMax });
    return {
      shipments: this.shipments,
      fitted,
      unfit: this.shipments - fitted,
      total_box_volume: boxVolume,
      total_item_volume: itemVolume,
      total_corrugate_area: areaToReport(blank, params.units),
      total_corrugate_weight: blank * params.board_weight_per_area,
      utilization_mean: per(this.utilSum.value()),
      utilization_aggregate: boxVolume > 0 ? itemVolume / boxVolume : 0,
      air_per_shipment_mean: per(boxVolume - itemVolume),
      empty_space_over_50_share: per(this.emptyOver50),
      multi_item: this.multi,
      split_needed: this.split,
      utilization_histogram: histograms.utilization,
      air_histogram: histograms.air,
      mailer_shipments,
      total_mailer_area,
      ...(hasCostModel(boxes, params) ? cost : {}),
      boxes: boxes.map((b, bi) => {
        const count = this.perBoxCount[bi]!;
        return {
          box_id: b.id,
          length: b.length,
          width: b.width,
          height: b.height,
          max_weight: b.maxWeight,
          type: packageTypeOf(b),
          price: b.price ?? 0,
          shipments: count,
          share: per(count),
          utilization_mean: count > 0 ? this.perBoxUtil[bi]!.value() / count : null,
        };
      }),
    };
  }
}
