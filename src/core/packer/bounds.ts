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
  return false;
}
