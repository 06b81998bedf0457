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

/** Sum of `weights` per bin of `edges`. Values outside the edges are clamped into the end bins. */
export function computeHistogram(values: ArrayLike<number>, weights: ArrayLike<number>, edges: readonly number[]): Histogram {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // The last edge below or at v; binary search keeps this O(n log bins).
    let lo = 0;
    let hi = counts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid]! <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]! += weights[i]!;
  }
  return { edges: [...edges], counts };
}

/** Utilization (v/V) in bins of 0.1 from 0 to 1, or further when compressed goods exceed 1. */
export function computeUtilizationHistogram(values: ArrayLike<number>, weights: ArrayLike<number>): Histogram {
  let max = 1;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]!);
  return computeHistogram(values, weights, computeEdges(0, max, 0.1));
}

/** Air (V − v) from 0 (or below, for compressed goods) to the largest, in at most 12 round bins. */
export function computeAirHistogram(values: ArrayLike<number>, weights: ArrayLike<number>): Histogram {
  let min = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  const step = computeNiceStep(max - min, 12);
  return computeHistogram(values, weights, computeEdges(min, max, step));
}
