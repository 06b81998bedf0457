// Perfect guillotine fills: when the units' volume equals the box's, look for a cut that splits the
// box into two slabs whose volumes match a split of the units, recursively. Complete for packings
// made by guillotine cuts (cartons cut from a block, stacks of layers), which the lowest-point
// search reaches only slowly beyond a handful of units.
import { Layout } from './layout.js';
import { MAX_ORI, type PackProblem } from './problem.js';

/** Most units the subset recursion takes on (it enumerates subsets). */
export const GUILLOTINE_MAX_UNITS = 14;

/**
 * Try to fill the box exactly with a guillotine pattern; `budget` bounds the recursive calls.
 * On success `out` holds the placements.
 */
export function fillGuillotine(p: PackProblem, budget: number, out: Layout): boolean {
  const n = p.n;
  if (n > GUILLOTINE_MAX_UNITS) return false;
  const unitType = new Int32Array(n);
  for (let t = 0, k = 0; t < p.typeCount; t++) for (let q = 0; q < p.typeQty[t]!; q++) unitType[k++] = t;
  const full = (1 << n) - 1;
  const vol = new Float64Array(1 << n);
  // Thinnest slab that can hold a subset: its units' smallest sides, the largest of them.
  const thick = new Float64Array(1 << n);
  for (let m = 1; m <= full; m++) {
    const low = 31 - Math.clz32(m & -m);
    const t = unitType[low]!;
    vol[m] = vol[m & (m - 1)]! + p.volume[t]!;
    thick[m] = Math.max(thick[m & (m - 1)]!, p.sorted[t * 3]!);
  }
  const failed = new Set<string>();

  // Line sums: in a perfect packing, a line across the box along any axis crosses units whose
  // extents add up to the box's side, so each side must be a sum of one side per unit of some
  // subset. Checked exactly (as bitsets) when every length is a small multiple of a common
  // quantum (whole mm, tenths or hundredths of an inch, ...); otherwise skipped.
  const q = quantum([p.L, p.W, p.H, ...p.sorted]);
  const integral = q > 0;
  const scaled = (d: number): number => Math.round(d * q);
  const onGrid = (d: number): boolean => Math.abs(d * q - Math.round(d * q)) <= 1e-6;
  const sums = new Map<number, bigint>();
  const lineSums = (mask: number): bigint => {
    let v = sums.get(mask);
    if (v !== undefined) return v;
    if (mask === 0) v = 1n;
    else {
      const low = 31 - Math.clz32(mask & -mask);
      const prev = lineSums(mask & (mask - 1));
      const t = unitType[low]!;
      v = prev | (prev << BigInt(scaled(p.sorted[t * 3]!))) | (prev << BigInt(scaled(p.sorted[t * 3 + 1]!))) | (prev << BigInt(scaled(p.sorted[t * 3 + 2]!)));
    }
    sums.set(mask, v);
    return v;
  };
  const sideReachable = (mask: number, d: number): boolean => ((lineSums(mask) >> BigInt(scaled(d))) & 1n) === 1n;
  const st = { calls: 0 };
  const rel = 1e-9;

  // Place `mask` exactly into the box at (x, y, z) with extents (a, b, c).
  const solve = (mask: number, x: number, y: number, z: number, a: number, b: number, c: number): boolean => {
    if (++st.calls > budget) return false;
    if ((mask & (mask - 1)) === 0) {
      const t = unitType[31 - Math.clz32(mask)]!;
      for (let o = 0; o < p.oriCount[t]!; o++) {
        const base = (t * MAX_ORI + o) * 3;
        const l = p.ori[base]!, w = p.ori[base + 1]!, h = p.ori[base + 2]!;
        if (Math.abs(l - a) <= p.tol && Math.abs(w - b) <= p.tol && Math.abs(h - c) <= p.tol) {
          out.push(t, x, y, z, l, w, h);
          return true;
        }
      }
      return false;
    }
    const key = `${mask}:${a}:${b}:${c}`;
    if (failed.has(key)) return false;
    // Every unit must fit the sub-box on its own (sorted sides against sorted sides).
    const [sa, sb, sc] = a <= b ? (b <= c ? [a, b, c] : a <= c ? [a, c, b] : [c, a, b]) : a <= c ? [b, a, c] : b <= c ? [b, c, a] : [c, b, a];
    for (let m = mask; m !== 0; m &= m - 1) {
      const t = unitType[31 - Math.clz32(m & -m)]!;
      if (p.sorted[t * 3]! > sa! + p.tol || p.sorted[t * 3 + 1]! > sb! + p.tol || p.sorted[t * 3 + 2]! > sc! + p.tol) {
        failed.add(key);
        return false;
      }
    }
    const low = mask & -mask;
    const dims = [a, b, c];
    for (let axis = 0; axis < 3; axis++) {
      const d = dims[axis]!;
      const area = (a * b * c) / d;
      // The slab at the low end holds the lowest unit (a mirror image covers the other case).
      for (let s1 = (mask - 1) & mask; s1 > 0; s1 = (s1 - 1) & mask) {
        if ((s1 & low) === 0) continue;
        const t = vol[s1]! / area;
        if (t >= d - p.tol || t < thick[s1]! - p.tol) continue;
        const rest = mask ^ s1;
        if (d - t < thick[rest]! - p.tol) continue;
        if (integral && (!onGrid(t) || !sideReachable(s1, t) || !sideReachable(rest, d - t))) continue;
        const mark = out.count;
        const near = [a, b, c] as [number, number, number];
        const far = [a, b, c] as [number, number, number];
        near[axis] = t;
        far[axis] = d - t;
        const off = [x, y, z];
        off[axis]! += t;
        if (solve(s1, x, y, z, near[0], near[1], near[2]) && solve(rest, off[0]!, off[1]!, off[2]!, far[0], far[1], far[2])) return true;
        out.count = mark;
        if (st.calls > budget) return false;
      }
    }
    failed.add(key);
    return false;
  };

  out.count = 0;
  if (Math.abs(vol[full]! - p.L * p.W * p.H) > rel * p.L * p.W * p.H) return false;
  return solve(full, 0, 0, 0, p.L, p.W, p.H);
}

/** Smallest of a few usual quanta that puts every length on an integer grid of modest size, or 0. */
function quantum(lengths: readonly number[]): number {
  const max = Math.max(...lengths);
  for (const q of [1, 2, 4, 8, 10, 16, 20, 100]) {
    if (max * q > 8192) break;
    if (lengths.every((d) => Math.abs(d * q - Math.round(d * q)) <= 1e-6)) return q;
  }
  return 0;
}
