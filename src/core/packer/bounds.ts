// Cheap proofs that a shipment cannot fit a box, tried before any packing.
import { MAX_ORI, type PackProblem } from './problem.js';

/**
 * True when the units provably need more than one box. Two tests:
 * - volume: the units' total volume exceeds the box's;
 * - "big items" (in the spirit of Martello, Pisinger & Vigo's L1 bound): a unit whose extents
 *   along two box axes exceed half the box there, in every orientation that fits, cannot sit
 *   beside another such unit along those axes, so all of them queue along the third axis.
 */
export function provablyInfeasible(p: PackProblem): boolean {
  if (p.totalVolume > p.L * p.W * p.H * (1 + 1e-9)) return true;
  const dims = [p.L, p.W, p.H];
  for (let axis = 0; axis < 3; axis++) {
    const a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
    const half1 = dims[a1]! / 2, half2 = dims[a2]! / 2;
    let queue = 0;
    for (let t = 0; t < p.typeCount; t++) {
      let big = true;
      let minAlong = Infinity;
      for (let o = 0; o < p.oriCount[t]!; o++) {
        const base = (t * MAX_ORI + o) * 3;
        if (!(p.ori[base + a1]! > half1 + p.tol && p.ori[base + a2]! > half2 + p.tol)) {
          big = false;
          break;
        }
        minAlong = Math.min(minAlong, p.ori[base + axis]!);
      }
      if (big) queue += p.typeQty[t]! * minAlong;
    }
    if (queue > dims[axis]! + p.tol) return true;
  }
  return dualFeasibleBound(p);
}

/**
 * Fekete–Schepers dual feasible function u^(k) scaled to a box side D: lengths that add up to at
 * most D still do after the map, so the mapped volumes of a packing still fit the box's volume.
 * k = 0 stands for the identity.
 */
function dff(x: number, D: number, k: number): number {
  if (k === 0) return x;
  const r = ((k + 1) * x) / D;
  if (Math.abs(r - Math.round(r)) <= 1e-9 * Math.max(1, r)) return x;
  return (Math.floor(r) * D) / k;
}

/** Scratch of dualFeasibleBound (the packer runs synchronously, one call at a time per thread). */
let mappedScratch = new Float64Array(256);
/** Per (type, orientation) slot: its mapped x·y product under the current (kx, ky). */
let pairScratch = new Float64Array(256);

/**
 * Volume bound after dual feasible functions on each axis (Fekete & Schepers 2004): a unit that
 * may turn counts with its least mapped volume over the orientations that fit. Catches orders of
 * many flat units that fill a box's volume but not its shape.
 */
function dualFeasibleBound(p: PackProblem): boolean {
  const V = p.L * p.W * p.H;
  // Mapped extents of every (type, orientation) under each k, computed once: mapped[(slot·3 + axis)·4 + k].
  const size = p.typeCount * MAX_ORI * 12;
  if (mappedScratch.length < size) {
    mappedScratch = new Float64Array(2 * size);
    pairScratch = new Float64Array(2 * size);
  }
  const mapped = mappedScratch;
  const pair = pairScratch;
  const L = p.L, W = p.W, H = p.H;
  for (let t = 0; t < p.typeCount; t++) {
    for (let o = 0; o < p.oriCount[t]!; o++) {
      const slot = t * MAX_ORI + o;
      for (let axis = 0; axis < 3; axis++) {
        const x = p.ori[slot * 3 + axis]!;
        const D = axis === 0 ? L : axis === 1 ? W : H;
        const base = (slot * 3 + axis) * 4;
        mapped[base] = x;
        mapped[base + 1] = dff(x, D, 1);
        mapped[base + 2] = dff(x, D, 2);
        mapped[base + 3] = dff(x, D, 3);
      }
    }
  }
  // The 63 (kx, ky, kz) combinations, kx and ky outermost: each slot's mapped x·y product is formed
  // once per (kx, ky) and reused for the four kz (the same product, so the same sums, as x·y·z).
  for (let kx = 0; kx < 4; kx++) for (let ky = 0; ky < 4; ky++) {
    for (let t = 0; t < p.typeCount; t++) {
      for (let o = 0; o < p.oriCount[t]!; o++) {
        const slot = t * MAX_ORI + o;
        pair[slot] = mapped[slot * 12 + kx]! * mapped[slot * 12 + 4 + ky]!;
      }
    }
    for (let kz = kx === 0 && ky === 0 ? 1 : 0; kz < 4; kz++) {
      let sum = 0;
      for (let t = 0; t < p.typeCount; t++) {
        let least = Infinity;
        for (let o = 0; o < p.oriCount[t]!; o++) {
          const slot = t * MAX_ORI + o;
          const v = pair[slot]! * mapped[slot * 12 + 8 + kz]!;
          if (v < least) least = v;
        }
        sum += p.typeQty[t]! * least;
      }
      if (sum > V * (1 + 1e-9)) return true;
    }
  }
  return false;
}
