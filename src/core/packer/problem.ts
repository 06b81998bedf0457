// Turns a shipment's item lines into the packer's working form for one box: identical lines merged
// into unit types, compression applied, and each type's orientations that fit the box, in typed arrays.
import type { PackUnitSpec } from './types.js';

/** Most orientations a unit has (all six axis permutations). */
export const MAX_ORI = 6;

/** A shipment prepared for one box orientation. Lengths are in the caller's unit. */
export interface PackProblem {
  /** Usable box extents along x, y, z (inner dims minus clearance). */
  readonly L: number;
  readonly W: number;
  readonly H: number;
  /** Comparison tolerance: lengths may come from unit conversion. */
  readonly tol: number;
  /** Units in the shipment. */
  readonly n: number;
  readonly typeCount: number;
  readonly typeQty: Int32Array;
  /** Extents of orientation o of type t along x, y, z at `(t * MAX_ORI + o) * 3`. */
  readonly ori: Float64Array;
  readonly oriCount: Int32Array;
  /** Item dims after compression, sorted ascending, at `t * 3`. */
  readonly sorted: Float64Array;
  readonly volume: Float64Array;
  readonly upright: Uint8Array;
  readonly totalVolume: number;
  /** Spec lines behind each type, with how many units each line gives. */
  readonly lines: ReadonlyArray<ReadonlyArray<readonly [line: number, qty: number]>>;
}

/**
 * Dims of one unit as packed. Compression is modelled as the smallest dimension packed fully
 * squeezed, at (1 - compress)·d: any extent in [(1 - compress)·d, d] would be valid, and the
 * smallest one never makes a fit harder. Ties follow geometry.fitsItem (h first, then l, then w).
 */
export function compressedDims(s: PackUnitSpec): [number, number, number] {
  let { l, w, h } = s;
  if (s.compress > 0) {
    const m = Math.min(l, w, h);
    const f = 1 - s.compress;
    if (h === m) h *= f;
    else if (l === m) l *= f;
    else w *= f;
  }
  return [l, w, h];
}

/** Merge identical lines (same packed dims and upright flag) so identical units can be grouped. */
export function groupLines(specs: readonly PackUnitSpec[]): Array<{ dims: [number, number, number]; upright: boolean; lines: Array<[number, number]> }> {
  const groups: Array<{ dims: [number, number, number]; upright: boolean; lines: Array<[number, number]> }> = [];
  specs.forEach((s, line) => {
    const dims = compressedDims(s);
    const qty = Math.max(0, Math.round(s.qty));
    if (qty === 0) return;
    // An upright unit keeps its own h vertical, so its footprint may be normalised but not its height.
    const key: [number, number, number] = s.upright
      ? [Math.min(dims[0], dims[1]), Math.max(dims[0], dims[1]), dims[2]]
      : [...dims].sort((a, b) => a - b) as [number, number, number];
    const g = groups.find((x) => x.upright === s.upright && x.dims[0] === key[0] && x.dims[1] === key[1] && x.dims[2] === key[2]);
    if (g) g.lines.push([line, qty]);
    else groups.push({ dims: key, upright: s.upright, lines: [[line, qty]] });
  });
  return groups;
}

type ProblemArrays = Pick<PackProblem, 'typeQty' | 'ori' | 'oriCount' | 'sorted' | 'volume' | 'upright'>;

function problemArrays(T: number): ProblemArrays {
  return {
    typeQty: new Int32Array(T),
    ori: new Float64Array(T * MAX_ORI * 3),
    oriCount: new Int32Array(T),
    sorted: new Float64Array(T * 3),
    volume: new Float64Array(T),
    upright: new Uint8Array(T),
  };
}

/**
 * The arrays of a problem built in scratch slot `slot` for T types, reused by the next problem built
 * in that slot: the packer runs synchronously, one call at a time per thread, and a frontier walk
 * builds several problems per packer call, where allocating six typed arrays each time cost more
 * than rejecting the box. Every field is written before it is read (ori only up to oriCount).
 */
const scratch: Array<Array<ProblemArrays | undefined>> = [];
function scratchArrays(slot: number, T: number): ProblemArrays {
  const bySize = (scratch[slot] ??= []);
  return (bySize[T] ??= problemArrays(T));
}

/** Axis permutations of a unit's dims, three indices each: all six, or the two that keep h vertical. */
const ALL_PERMS = [0, 1, 2, 0, 2, 1, 1, 0, 2, 1, 2, 0, 2, 0, 1, 2, 1, 0] as const;
const UPRIGHT_PERMS = [0, 1, 2, 1, 0, 2] as const;

/**
 * Build the problem for a usable box [L, W, H]. Returns null when some unit fits the box in no
 * allowed orientation (the cheapest rejection of all). With `slot` >= 0 the problem's arrays are
 * scratch (see scratchArrays): it is valid until the next problem built in the same slot.
 */
export function buildProblem(
  groups: ReturnType<typeof groupLines>,
  L: number,
  W: number,
  H: number,
  slot = -1,
): PackProblem | null {
  const T = groups.length;
  const tol = 1e-9 * Math.max(1, L, W, H);
  const { typeQty, ori, oriCount, sorted, volume, upright } = slot < 0 ? problemArrays(T) : scratchArrays(slot, T);
  let n = 0;
  let totalVolume = 0;
  for (let t = 0; t < T; t++) {
    const g = groups[t]!;
    const d = g.dims;
    let q = 0;
    for (const line of g.lines) q += line[1];
    typeQty[t] = q;
    n += q;
    const v = d[0] * d[1] * d[2];
    volume[t] = v;
    totalVolume += q * v;
    upright[t] = g.upright ? 1 : 0;
    // Sorted ascending without allocating (three values).
    let s0 = d[0], s1 = d[1], s2 = d[2], x;
    if (s0 > s1) { x = s0; s0 = s1; s1 = x; }
    if (s1 > s2) { x = s1; s1 = s2; s2 = x; }
    if (s0 > s1) { x = s0; s0 = s1; s1 = x; }
    sorted[t * 3] = s0; sorted[t * 3 + 1] = s1; sorted[t * 3 + 2] = s2;
    const perms = g.upright ? UPRIGHT_PERMS : ALL_PERMS;
    let k = 0;
    for (let pi = 0; pi < perms.length; pi += 3) {
      const p0 = d[perms[pi]!]!, p1 = d[perms[pi + 1]!]!, p2 = d[perms[pi + 2]!]!;
      if (p0 > L + tol || p1 > W + tol || p2 > H + tol) continue;
      let dup = false;
      for (let o = 0; o < k; o++) {
        const base = (t * MAX_ORI + o) * 3;
        if (ori[base] === p0 && ori[base + 1] === p1 && ori[base + 2] === p2) dup = true;
      }
      if (dup) continue;
      const base = (t * MAX_ORI + k) * 3;
      ori[base] = p0; ori[base + 1] = p1; ori[base + 2] = p2;
      k++;
    }
    if (k === 0) return null;
    oriCount[t] = k;
  }
  return {
    L, W, H, tol, n, typeCount: T, typeQty, ori, oriCount, sorted, volume, upright, totalVolume,
    lines: groups.map((g) => g.lines),
  };
}
