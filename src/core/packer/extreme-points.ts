// Extreme-point heuristic (Crainic, Perboli & Tadei 2008): units go one by one, in a given order,
// to the best (point, orientation) pair under a merit rule; each placement adds the points where
// its corners project onto the nearest faces below, behind and to the left.
import { Layout, insideBox } from './layout.js';
import { MAX_ORI, type PackProblem } from './problem.js';

/** How a heuristic pass ranks candidate placements. */
export const enum Merit {
  /** Lowest z, then y, then x: builds floors and stacks. */
  BottomBackLeft = 0,
  /** Least growth of the packed bounding box, then bottom-back-left. */
  BoundingBox = 1,
  /** Most face area touching walls and placed units, then bottom-back-left. */
  Contact = 2,
}

export const MERITS: readonly Merit[] = [Merit.BottomBackLeft, Merit.Contact, Merit.BoundingBox];

/** Extreme points as a growable set of typed columns. */
export class PointSet {
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  count = 0;

  constructor(capacity: number) {
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
    this.z = new Float64Array(capacity);
  }

  reset(): void {
    this.count = 0;
  }

  add(px: number, py: number, pz: number, p: PackProblem): void {
    if (px >= p.L - p.tol || py >= p.W - p.tol || pz >= p.H - p.tol) return;
    for (let i = 0; i < this.count; i++) {
      if (Math.abs(this.x[i]! - px) <= p.tol && Math.abs(this.y[i]! - py) <= p.tol && Math.abs(this.z[i]! - pz) <= p.tol) return;
    }
    if (this.count === this.x.length) this.grow();
    this.x[this.count] = px;
    this.y[this.count] = py;
    this.z[this.count] = pz;
    this.count++;
  }

  /**
   * This set becomes `from` without its point `skip`, in order: what adding each of those points
   * would give, since the points of a set are already apart and inside the box (add's tests).
   */
  copyExcept(from: PointSet, skip: number): void {
    if (this.x.length < from.count) {
      this.x = new Float64Array(from.x.length);
      this.y = new Float64Array(from.x.length);
      this.z = new Float64Array(from.x.length);
    }
    let k = 0;
    for (let i = 0; i < from.count; i++) {
      if (i === skip) continue;
      this.x[k] = from.x[i]!;
      this.y[k] = from.y[i]!;
      this.z[k] = from.z[i]!;
      k++;
    }
    this.count = k;
  }

  /** Drop the points that fall inside the unit just placed: nothing can start there any more. */
  dropInside(x: number, y: number, z: number, l: number, w: number, h: number, tol: number): void {
    let k = 0;
    for (let i = 0; i < this.count; i++) {
      const px = this.x[i]!, py = this.y[i]!, pz = this.z[i]!;
      const inside =
        x - tol <= px && px < x + l - tol && y - tol <= py && py < y + w - tol && z - tol <= pz && pz < z + h - tol;
      if (inside) continue;
      this.x[k] = px;
      this.y[k] = py;
      this.z[k] = pz;
      k++;
    }
    this.count = k;
  }

  private grow(): void {
    const c = this.x.length * 2 + 8;
    const nx = new Float64Array(c), ny = new Float64Array(c), nz = new Float64Array(c);
    nx.set(this.x);
    ny.set(this.y);
    nz.set(this.z);
    this.x = nx;
    this.y = ny;
    this.z = nz;
  }
}

/** A point set reused across calls (see scratchLayout); each `slot` is an independent set. */
const scratchSets: PointSet[] = [];
export function scratchPointSet(slot: number): PointSet {
  let pts = scratchSets[slot];
  if (pts === undefined) {
    pts = new PointSet(16);
    scratchSets[slot] = pts;
  }
  pts.reset();
  return pts;
}

// Projections: slide a point towards the origin along one axis until it meets a face or the wall.
function projectX(lay: Layout, px: number, py: number, pz: number, tol: number): number {
  let best = 0;
  for (let i = 0; i < lay.count; i++) {
    const e = lay.x[i]! + lay.l[i]!;
    if (e <= px + tol && e > best && lay.y[i]! - tol <= py && py < lay.y[i]! + lay.w[i]! - tol && lay.z[i]! - tol <= pz && pz < lay.z[i]! + lay.h[i]! - tol) best = e;
  }
  return best;
}
function projectY(lay: Layout, px: number, py: number, pz: number, tol: number): number {
  let best = 0;
  for (let i = 0; i < lay.count; i++) {
    const e = lay.y[i]! + lay.w[i]!;
    if (e <= py + tol && e > best && lay.x[i]! - tol <= px && px < lay.x[i]! + lay.l[i]! - tol && lay.z[i]! - tol <= pz && pz < lay.z[i]! + lay.h[i]! - tol) best = e;
  }
  return best;
}
function projectZ(lay: Layout, px: number, py: number, pz: number, tol: number): number {
  let best = 0;
  for (let i = 0; i < lay.count; i++) {
    const e = lay.z[i]! + lay.h[i]!;
    if (e <= pz + tol && e > best && lay.x[i]! - tol <= px && px < lay.x[i]! + lay.l[i]! - tol && lay.y[i]! - tol <= py && py < lay.y[i]! + lay.w[i]! - tol) best = e;
  }
  return best;
}

/** Add the extreme points of the unit just placed (its three far corners, raw and projected). */
export function addExtremePoints(pts: PointSet, lay: Layout, p: PackProblem, x: number, y: number, z: number, l: number, w: number, h: number): void {
  const t = p.tol;
  const xl = x + l, yw = y + w, zh = z + h;
  pts.add(xl, y, z, p);
  pts.add(xl, projectY(lay, xl, y, z, t), z, p);
  pts.add(xl, y, projectZ(lay, xl, y, z, t), p);
  pts.add(x, yw, z, p);
  pts.add(projectX(lay, x, yw, z, t), yw, z, p);
  pts.add(x, yw, projectZ(lay, x, yw, z, t), p);
  pts.add(x, y, zh, p);
  pts.add(projectX(lay, x, y, zh, t), y, zh, p);
  pts.add(x, projectY(lay, x, y, zh, t), zh, p);
}

function overlapLen(a0: number, a1: number, b0: number, b1: number): number {
  const d = Math.min(a1, b1) - Math.max(a0, b0);
  return d > 0 ? d : 0;
}

/** Face area the candidate shares with the walls and the placed units. */
function contactArea(lay: Layout, p: PackProblem, x: number, y: number, z: number, l: number, w: number, h: number): number {
  const t = p.tol;
  let a = 0;
  if (x <= t || Math.abs(x + l - p.L) <= t) a += w * h;
  if (y <= t || Math.abs(y + w - p.W) <= t) a += l * h;
  if (z <= t || Math.abs(z + h - p.H) <= t) a += l * w;
  for (let i = 0; i < lay.count; i++) {
    const X = lay.x[i]!, Y = lay.y[i]!, Z = lay.z[i]!, X1 = X + lay.l[i]!, Y1 = Y + lay.w[i]!, Z1 = Z + lay.h[i]!;
    if (Math.abs(x - X1) <= t || Math.abs(x + l - X) <= t) a += overlapLen(y, y + w, Y, Y1) * overlapLen(z, z + h, Z, Z1);
    if (Math.abs(y - Y1) <= t || Math.abs(y + w - Y) <= t) a += overlapLen(x, x + l, X, X1) * overlapLen(z, z + h, Z, Z1);
    if (Math.abs(z - Z1) <= t || Math.abs(z + h - Z) <= t) a += overlapLen(x, x + l, X, X1) * overlapLen(y, y + w, Y, Y1);
  }
  return a;
}

/**
 * Place every unit of `order` (a sequence of type indices, identical units adjacent) with one
 * merit rule. Returns false at the first unit that finds no place: a shipment needs all its units.
 */
export function packExtremePoints(p: PackProblem, order: Int32Array, merit: Merit, lay: Layout, pts: PointSet): boolean {
  lay.count = 0;
  pts.reset();
  pts.add(0, 0, 0, p);
  let bbX = 0, bbY = 0, bbZ = 0;
  for (let k = 0; k < order.length; k++) {
    const t = order[k]!;
    let bestE = -1, bestO = -1;
    let b0 = Infinity, b1 = Infinity, b2 = Infinity, b3 = Infinity;
    for (let e = 0; e < pts.count; e++) {
      const x = pts.x[e]!, y = pts.y[e]!, z = pts.z[e]!;
      for (let o = 0; o < p.oriCount[t]!; o++) {
        const base = (t * MAX_ORI + o) * 3;
        const l = p.ori[base]!, w = p.ori[base + 1]!, h = p.ori[base + 2]!;
        if (!insideBox(p, x, y, z, l, w, h)) continue;
        // Primary key m0 by merit rule; bottom-back-left breaks ties.
        let m0 = 0;
        if (merit === Merit.BoundingBox) {
          m0 = Math.max(bbX, x + l) - bbX + Math.max(bbY, y + w) - bbY + Math.max(bbZ, z + h) - bbZ;
        }
        if (merit !== Merit.Contact) {
          if (m0 > b0 || (m0 === b0 && (z > b1 || (z === b1 && (y > b2 || (y === b2 && x >= b3)))))) continue;
          if (lay.overlaps(x, y, z, l, w, h, p.tol)) continue;
        } else {
          if (lay.overlaps(x, y, z, l, w, h, p.tol)) continue;
          m0 = -contactArea(lay, p, x, y, z, l, w, h);
          if (m0 > b0 || (m0 === b0 && (z > b1 || (z === b1 && (y > b2 || (y === b2 && x >= b3)))))) continue;
        }
        b0 = m0; b1 = z; b2 = y; b3 = x;
        bestE = e;
        bestO = o;
      }
    }
    if (bestE < 0) return false;
    const base = (t * MAX_ORI + bestO) * 3;
    const l = p.ori[base]!, w = p.ori[base + 1]!, h = p.ori[base + 2]!;
    const x = pts.x[bestE]!, y = pts.y[bestE]!, z = pts.z[bestE]!;
    lay.push(t, x, y, z, l, w, h);
    bbX = Math.max(bbX, x + l);
    bbY = Math.max(bbY, y + w);
    bbZ = Math.max(bbZ, z + h);
    pts.dropInside(x, y, z, l, w, h, p.tol);
    addExtremePoints(pts, lay, p, x, y, z, l, w, h);
  }
  return true;
}
