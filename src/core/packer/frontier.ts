// Fit frontiers: for one shipment, the minimal boxes of the search grid that the packer proves
// feasible. A grid box fits iff it dominates (>= on every canonical axis) a frontier point; that is
// true geometrically, since a bigger box holds the smaller one's placements unchanged.
import { shipmentFitTest } from './pack-shipment.js';
import { compressedDims } from './problem.js';
import type { FitFrontier, FrontierGrid, PackOptions, PackUnitSpec } from './types.js';

const REL_TOL = 1e-9;

/** First index of the ascending `values` with value >= x (values.length if none). */
function lowerIndex(values: readonly number[], x: number): number {
  let lo = 0, hi = values.length;
  const lim = x - REL_TOL * Math.max(1, Math.abs(x));
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < lim) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index of the ascending `values` with value > x (values.length if none). */
function upperIndex(values: readonly number[], x: number): number {
  let lo = 0, hi = values.length;
  const lim = x + REL_TOL * Math.max(1, Math.abs(x));
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= lim) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Minimal feasible boxes on `grid` (Pareto frontier under componentwise dominance), in canonical
 * coordinates: sorted triples a <= b <= c in 'free' mode (which needs every item free to turn), or
 * [a, b, H] with footprint a <= b in 'upright' mode. This is the packer's view: it may miss hard
 * fits, never invents one.
 *
 * Walk: for each a ascending, b ascending, binary search the least c that packs, below the least
 * c already found for any (a' <= a, b' <= b); anything at or above it is dominated. Per-unit and
 * volume lower bounds skip boxes that cannot fit without calling the packer. If more than
 * `maxPoints` points are minimal, the smallest by volume are kept and `truncated` is set.
 */
export function computeFitFrontier(specs: readonly PackUnitSpec[], grid: FrontierGrid, opts: PackOptions): FitFrontier {
  const free = grid.orientation === 'free';
  if (free && specs.some((s) => s.upright)) throw new RangeError("a 'free' frontier needs items that may turn; use 'upright'");
  if (!free && !specs.some((s) => s.upright) && sameValues(grid.values)) return uprightFromFree(specs, grid, opts);
  const [A, B, C] = grid.values;
  const cl = opts.clearance;

  // Per-axis lower bounds from single units (plus clearance), and the volume bound.
  let lbA = 0, lbB = 0, lbC = 0, volume = 0, span = 0;
  for (const s of specs) {
    if (s.qty < 1) continue;
    const d = compressedDims(s);
    volume += s.qty * d[0] * d[1] * d[2];
    span += s.qty * Math.max(d[0], d[1], d[2]);
    if (free) {
      const [x, y, z] = [...d].sort((u, v) => u - v) as [number, number, number];
      lbA = Math.max(lbA, x); lbB = Math.max(lbB, y); lbC = Math.max(lbC, z);
    } else {
      lbA = Math.max(lbA, Math.min(d[0], d[1])); lbB = Math.max(lbB, Math.max(d[0], d[1])); lbC = Math.max(lbC, d[2]);
    }
  }
  lbA += cl; lbB += cl; lbC += cl;
  // No side needs to exceed the units' extents laid end to end: a packing in a longer box still
  // fits after cutting out the slabs no unit crosses, so past the first grid value at or above
  // that span every box is dominated by one the walk has already tried. Walking stops there.
  const endA = Math.min(A.length, lowerIndex(A, span + cl) + 1);
  const endB = Math.min(B.length, lowerIndex(B, span + cl) + 1);
  const endC = Math.min(C.length, lowerIndex(C, span + cl) + 1);

  let evaluations = 0;
  const packs = shipmentFitTest(specs, opts);
  const fits = (a: number, b: number, c: number): boolean => {
    evaluations++;
    return packs([a, b, c]);
  };

  const points: Array<[number, number, number]> = [];
  // best[j]: least c index of a point found so far with b index <= j (all have a' <= current a).
  const best = new Int32Array(B.length).fill(endC);
  for (let i = lowerIndex(A, lbA); i < endA; i++) {
    const a = A[i]!;
    for (let j = lowerIndex(B, free ? Math.max(lbB, a) : lbB); j < endB; j++) {
      const b = B[j]!;
      const hi = best[j]! - 1;
      const floorLo = lowerIndex(C, free ? Math.max(lbC, b) : lbC);
      // Bounds that only grow with b: once they pass every open c, no larger b can add a point.
      if (floorLo > hi) break;
      const usableAB = (a - cl) * (b - cl);
      const lo = Math.max(floorLo, lowerIndex(C, volume / usableAB + cl));
      if (lo > hi || !fits(a, b, C[hi]!)) continue;
      let l = lo, h = hi;
      while (l < h) {
        const mid = (l + h) >> 1;
        if (fits(a, b, C[mid]!)) h = mid;
        else l = mid + 1;
      }
      points.push([a, b, C[l]!]);
      for (let k = j; k < endB; k++) if (best[k]! > l) best[k] = l;
    }
  }
  if (grid.fine) {
    const fine = grid.fine;
    const floors = [lbA, lbB, lbC];
    for (const pt of points) {
      // Axis by axis, c first (the walk's last axis): the least fine value above the next coarser
      // value at which the box still packs (binary search; the point itself packs).
      for (const x of [2, 1, 0]) {
        const values = fine[x]!;
        const coarse = grid.values[x]!;
        const ci = lowerIndex(coarse, pt[x]!);
        const below = ci > 0 ? coarse[ci - 1]! : 0;
        let lo = Math.max(lowerIndex(values, floors[x]!), upperIndex(values, below));
        if (free && x > 0) lo = Math.max(lo, lowerIndex(values, pt[x - 1]!));
        let hi = lowerIndex(values, pt[x]!);
        if (free && x < 2) hi = Math.min(hi, upperIndex(values, pt[x + 1]!) - 1);
        const box: [number, number, number] = [pt[0], pt[1], pt[2]];
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          box[x] = values[mid]!;
          if (fits(box[0], box[1], box[2])) hi = mid;
          else lo = mid + 1;
        }
        if (lo < values.length && values[lo]! < pt[x]!) pt[x] = values[lo]!;
      }
    }
    // Tightened points may now dominate one another: keep the minimal ones.
    const minimal = points.filter(
      (p, q) => !points.some((o, r) => r !== q && o[0] <= p[0] && o[1] <= p[1] && o[2] <= p[2] && (o[0] < p[0] || o[1] < p[1] || o[2] < p[2] || r < q)),
    );
    points.length = 0;
    points.push(...minimal);
  }
  points.sort((p, q) => p[0] * p[1] * p[2] - q[0] * q[1] * q[2]);
  const truncated = points.length > grid.maxPoints;
  const kept = truncated ? points.slice(0, grid.maxPoints) : points;
  return { orientation: grid.orientation, points: Float64Array.from(kept.flat()), truncated, evaluations };
}

function sameValues(v: FrontierGrid['values']): boolean {
  return v[0].length === v[1].length && v[1].length === v[2].length && v[0].every((x, i) => x === v[1][i] && x === v[2][i]);
}

/**
 * The upright frontier of a shape whose items may all turn. The packer packs such a shape in the
 * box's sorted turn whichever side is vertical, so an upright box fits iff its sorted sides fit:
 * walk the free frontier (a <= b <= c, a fraction of the upright walk's boxes) and stand each point
 * on each of its sides. Needs the same values on every axis.
 */
function uprightFromFree(specs: readonly PackUnitSpec[], grid: FrontierGrid, opts: PackOptions): FitFrontier {
  const f = computeFitFrontier(specs, { values: grid.values, orientation: 'free', maxPoints: Infinity, ...(grid.fine ? { fine: grid.fine } : {}) }, opts);
  const points: Array<[number, number, number]> = [];
  const seen = new Set<string>();
  for (let k = 0; k + 2 < f.points.length; k += 3) {
    const x = f.points[k]!, y = f.points[k + 1]!, z = f.points[k + 2]!;
    for (const p of [[x, y, z], [x, z, y], [y, z, x]] as Array<[number, number, number]>) {
      const key = p.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      points.push(p);
    }
  }
  const minimal = points.filter(
    (p, q) => !points.some((o, r) => r !== q && o[0] <= p[0] && o[1] <= p[1] && o[2] <= p[2] && (o[0] < p[0] || o[1] < p[1] || o[2] < p[2])),
  );
  minimal.sort((p, q) => p[0] * p[1] * p[2] - q[0] * q[1] * q[2]);
  const truncated = minimal.length > grid.maxPoints;
  const kept = truncated ? minimal.slice(0, grid.maxPoints) : minimal;
  return { orientation: 'upright', points: Float64Array.from(kept.flat()), truncated, evaluations: f.evaluations };
}

/** Does box [L, W, H] (H vertical in 'upright' mode) dominate some frontier point? */
export function frontierFits(frontier: FitFrontier, box: readonly [number, number, number]): boolean {
  let a: number, b: number, c: number;
  if (frontier.orientation === 'free') {
    [a, b, c] = [...box].sort((u, v) => u - v) as [number, number, number];
  } else {
    a = Math.min(box[0], box[1]);
    b = Math.max(box[0], box[1]);
    c = box[2];
  }
  const pts = frontier.points;
  const ta = a + REL_TOL * Math.max(1, a), tb = b + REL_TOL * Math.max(1, b), tc = c + REL_TOL * Math.max(1, c);
  for (let k = 0; k + 2 < pts.length; k += 3) {
    if (pts[k]! <= ta && pts[k + 1]! <= tb && pts[k + 2]! <= tc) return true;
  }
  return false;
}
