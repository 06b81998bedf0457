// Placements under construction, as columns of typed arrays, with the overlap test every
// strategy shares. Boxes are half-open, so touching faces never count as overlap.
import type { PackProblem } from './problem.js';

export class Layout {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
  readonly l: Float64Array;
  readonly w: Float64Array;
  readonly h: Float64Array;
  readonly type: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
    this.z = new Float64Array(capacity);
    this.l = new Float64Array(capacity);
    this.w = new Float64Array(capacity);
    this.h = new Float64Array(capacity);
    this.type = new Int32Array(capacity);
  }

  push(t: number, x: number, y: number, z: number, l: number, w: number, h: number): void {
    const i = this.count++;
    this.type[i] = t;
    this.x[i] = x;
    this.y[i] = y;
    this.z[i] = z;
    this.l[i] = l;
    this.w[i] = w;
    this.h[i] = h;
  }

  /** Does the box [x, x+l) × [y, y+w) × [z, z+h) overlap any placed unit by more than tol? */
  overlaps(x: number, y: number, z: number, l: number, w: number, h: number, tol: number): boolean {
    const X = this.x, Y = this.y, Z = this.z, Lx = this.l, Wy = this.w, Hz = this.h;
    for (let i = 0; i < this.count; i++) {
      if (
        x < X[i]! + Lx[i]! - tol && X[i]! < x + l - tol &&
        y < Y[i]! + Wy[i]! - tol && Y[i]! < y + w - tol &&
        z < Z[i]! + Hz[i]! - tol && Z[i]! < z + h - tol
      ) return true;
    }
    return false;
  }

  /** Is the point inside some placed unit (half-open)? */
  covers(px: number, py: number, pz: number, tol: number): boolean {
    for (let i = 0; i < this.count; i++) {
      if (
        this.x[i]! - tol <= px && px < this.x[i]! + this.l[i]! - tol &&
        this.y[i]! - tol <= py && py < this.y[i]! + this.w[i]! - tol &&
        this.z[i]! - tol <= pz && pz < this.z[i]! + this.h[i]! - tol
      ) return true;
    }
    return false;
  }
}

/**
 * A layout with room for at least `n` units, reused across calls: the packer runs synchronously,
 * one call at a time per thread, and a frontier walk calls it tens of times per shipment, where
 * allocating seven typed arrays each time cost more than some of the packing. Each `slot` is an
 * independent layout (callers that hold two at once use two slots).
 */
const scratch: Layout[] = [];
export function scratchLayout(slot: number, n: number): Layout {
  let lay = scratch[slot];
  if (lay === undefined || lay.x.length < n) {
    lay = new Layout(Math.max(n, 2 * (lay?.x.length ?? 8)));
    scratch[slot] = lay;
  }
  lay.count = 0;
  return lay;
}

/** Does the placement stay inside the problem's usable box? */
export function insideBox(p: PackProblem, x: number, y: number, z: number, l: number, w: number, h: number): boolean {
  return x + l <= p.L + p.tol && y + w <= p.W + p.tol && z + h <= p.H + p.tol;
}
