// Bootstrap intervals for out-of-sample savings (SPEC §11): the held-out shipments are resampled
// with replacement — a multinomial draw over shape classes weighted by their counts — and the
// savings recomputed on each resample; the 2.5th and 97.5th percentiles bound the 95 % interval.
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/** Per class that both suites serve: its shipments and what one shipment costs in each suite. */
export interface PairedFigures {
  count: Float64Array;
  itemVolume: Float64Array;
  curVolume: Float64Array;
  newVolume: Float64Array;
  curCorrugate: Float64Array;
  newCorrugate: Float64Array;
}

export interface SavingsPct {
  total_box_volume_pct: number;
  total_corrugate_weight_pct: number;
  air_per_shipment_pct: number;
}

export type SavingsInterval = Record<keyof SavingsPct, [number, number]>;

const pct = (before: number, after: number) => (before > 0 ? (100 * (before - after)) / before : 0);

/**
 * The savings with each class weighted by `w` (its counts give the point estimate). Air per
 * shipment compares totals over the same shipments, so the shipment count cancels.
 */
export function computeWeightedSavings(f: PairedFigures, w: ArrayLike<number>): SavingsPct {
  let cv = 0, nv = 0, cc = 0, nc = 0, iv = 0;
  for (let i = 0; i < f.count.length; i++) {
    const n = w[i]!;
    if (n === 0) continue;
    cv += n * f.curVolume[i]!;
    nv += n * f.newVolume[i]!;
    cc += n * f.curCorrugate[i]!;
    nc += n * f.newCorrugate[i]!;
    iv += n * f.itemVolume[i]!;
  }
  return { total_box_volume_pct: pct(cv, nv), total_corrugate_weight_pct: pct(cc, nc), air_per_shipment_pct: pct(cv - iv, nv - iv) };
}

/** A uniform double in [0, 1) from 53 random bits. */
function uniform(gen: RandomGenerator): number {
  const hi = unsafeUniformIntDistribution(0, (1 << 27) - 1, gen);
  const lo = unsafeUniformIntDistribution(0, (1 << 26) - 1, gen);
  return (hi * 67_108_864 + lo) / 9_007_199_254_740_992;
}

/**
 * Binomial(n, p): exact inversion while the smaller tail's mean is below 30 (its expected cost),
 * above that the normal approximation with continuity correction, whose error is far below the
 * bootstrap's own noise.
 */
export function drawBinomial(n: number, p: number, gen: RandomGenerator): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - drawBinomial(n, 1 - p, gen);
  const mean = n * p;
  const q = 1 - p;
  if (mean < 30) {
    const s = p / q;
    const a = (n + 1) * s;
    let r = Math.exp(n * Math.log1p(-p));
    let u = uniform(gen);
    let x = 0;
    while (u > r && x < n) {
      u -= r;
      x++;
      r *= a / x - s;
    }
    return x;
  }
  // Box–Muller: one standard normal from two uniforms.
  const z = Math.sqrt(-2 * Math.log(1 - uniform(gen))) * Math.cos(2 * Math.PI * uniform(gen));
  return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * q) * z)));
}

/** One multinomial draw of Σ counts shipments over the classes, as conditional binomials (O(classes)). */
export function drawMultinomial(counts: ArrayLike<number>, gen: RandomGenerator, out: Float64Array): void {
  let left = 0;
  for (let i = 0; i < counts.length; i++) left += counts[i]!;
  let mass = left;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    const x = left === 0 ? 0 : i === counts.length - 1 || c >= mass ? left : drawBinomial(left, c / mass, gen);
    out[i] = x;
    left -= x;
    mass -= c;
  }
}

/** The q-quantile of sorted values, interpolating between order statistics. */
function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * 95 % percentile intervals of the three savings figures over `resamples` bootstrap resamples of
 * the classes' shipments. Same figures, resamples and seed ⇒ the same intervals.
 */
export function bootstrapSavings(f: PairedFigures, resamples: number, seed: number): SavingsInterval {
  const gen = xoroshiro128plus(seed | 0);
  const w = new Float64Array(f.count.length);
  const keys = ['total_box_volume_pct', 'total_corrugate_weight_pct', 'air_per_shipment_pct'] as const;
  const draws = keys.map(() => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    drawMultinomial(f.count, gen, w);
    const s = computeWeightedSavings(f, w);
    keys.forEach((k, i) => (draws[i]![r] = s[k]));
  }
  const interval = (i: number): [number, number] => {
    const sorted = draws[i]!.sort();
    return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
  };
  return { total_box_volume_pct: interval(0), total_corrugate_weight_pct: interval(1), air_per_shipment_pct: interval(2) };
}
