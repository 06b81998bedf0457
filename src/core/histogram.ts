// Weighted histograms of per-shipment figures (utilization, air) for the report's charts: bin
// edges on round numbers, so that a chart's axis and the report's numbers read the same.

/** Counts per bin: bin i holds values in [edges[i], edges[i+1]); the last bin is closed. */
export interface Histogram {
  edges: number[];
  counts: number[];
}

/** Round away float noise from `i · step` (0.30000000000000004 → 0.3). */
const clean = (x: number) => Number(x.toPrecision(12));

/** A 1–2–5 step that cuts `span` into at most `maxBins` bins. */
export function computeNiceStep(span: number, maxBins: number): number {
  if (!(span > 0)) return 1;
  const raw = span / maxBins;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return clean(m * power);
  return clean(10 * power);
}

/** Edges `k·step` from the multiple at or below `min` to the one at or above `max` (at least one bin). */
export function computeEdges(min: number, max: number, step: number): number[] {
  const lo = Math.floor(min / step + 1e-9);
  const hi = Math.max(lo + 1, Math.ceil(max / step - 1e-9));
  const edges: number[] = [];
  for (let i = lo; i <= hi; i++) edges.push(clean(i * step));
  return edges;
}

/** The bin of `v` among `edges` (clamped into the end bins). */
function binOf(v: number, edges: readonly number[], bins: number): number {
  // The last edge below or at v; binary search keeps this O(n log bins).
  let lo = 0;
  let hi = bins - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Sum of `weights` per bin of `edges`. Values outside the edges are clamped into the end bins. */
export function computeHistogram(values: ArrayLike<number>, weights: ArrayLike<number>, edges: readonly number[]): Histogram {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binOf(values[i]!, edges, counts.length)]! += weights[i]!;
  return { edges: [...edges], counts };
}

/** The edges of the utilization histogram for values up to `max`. */
function utilizationEdges(max: number): number[] {
  return computeEdges(0, Math.max(1, max), 0.1);
}

/** The edges of the air histogram for values from `min` to `max`. */
function airEdges(min: number, max: number): number[] {
  const lo = Math.min(0, min);
  const hi = Math.max(0, max);
  return computeEdges(lo, hi, computeNiceStep(hi - lo, 12));
}

/** Utilization (v/V) in bins of 0.1 from 0 to 1, or further when compressed goods exceed 1. */
export function computeUtilizationHistogram(values: ArrayLike<number>, weights: ArrayLike<number>): Histogram {
  let max = 1;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  return computeHistogram(values, weights, utilizationEdges(max));
}

/** Air (V − v) from 0 (or below, for compressed goods) to the largest, in at most 12 round bins. */
export function computeAirHistogram(values: ArrayLike<number>, weights: ArrayLike<number>): Histogram {
  let min = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  return computeHistogram(values, weights, airEdges(min, max));
}

/**
 * Where the histograms' figures wait until every class is known (the edges need the extremes):
 * in memory, or in a file when an evaluate spills its classes. Any visiting order gives the same
 * counts (they are sums of whole shipment counts).
 */
export interface HistogramStore {
  push(util: number, air: number, weight: number): void;
  forEach(visit: (util: number, air: number, weight: number) => void): void;
}

/** A HistogramStore in growing columns. */
export class MemoryHistogramStore implements HistogramStore {
  private utils: Float64Array;
  private airs: Float64Array;
  private weights: Float64Array;
  private size = 0;
  /** `capacity`: the expected number of values (fitted classes at most). */
  constructor(capacity = 64) {
    this.utils = new Float64Array(Math.max(capacity, 1));
    this.airs = new Float64Array(Math.max(capacity, 1));
    this.weights = new Float64Array(Math.max(capacity, 1));
  }
  push(util: number, air: number, weight: number): void {
    if (this.size === this.utils.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.utils = grow(this.utils);
      this.airs = grow(this.airs);
      this.weights = grow(this.weights);
    }
    this.utils[this.size] = util;
    this.airs[this.size] = air;
    this.weights[this.size++] = weight;
  }
  forEach(visit: (util: number, air: number, weight: number) => void): void {
    for (let i = 0; i < this.size; i++) visit(this.utils[i]!, this.airs[i]!, this.weights[i]!);
  }
}

/** The utilization and air histograms of the values in `store`, whose extremes are given. */
export function computeStoredHistograms(
  store: HistogramStore,
  extremes: { utilMax: number; airMin: number; airMax: number },
): { utilization: Histogram; air: Histogram } {
  const ue = utilizationEdges(extremes.utilMax);
  const ae = airEdges(extremes.airMin, extremes.airMax);
  const uc = new Array<number>(ue.length - 1).fill(0);
  const ac = new Array<number>(ae.length - 1).fill(0);
  store.forEach((u, a, w) => {
    uc[binOf(u, ue, uc.length)]! += w;
    ac[binOf(a, ae, ac.length)]! += w;
  });
  return { utilization: { edges: ue, counts: uc }, air: { edges: ae, counts: ac } };
}
