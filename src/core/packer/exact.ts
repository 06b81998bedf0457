// Exact search for small orders, within a node budget. Two modes:
// - perfect fill (units' volume equals the box's): the lowest uncovered point, ordered by z, then y,
//   then x, must be the corner of some unit in any perfect packing, so branching on which unit (and
//   orientation) goes there is complete;
// - otherwise a depth-first search over (extreme point, orientation) for the units in a fixed
//   order, largest first: not complete, but it undoes the greedy choices the heuristics commit to.
import { addExtremePoints, scratchPointSet, type PointSet } from './extreme-points.js';
import { Layout, insideBox } from './layout.js';
import { MAX_ORI, type PackProblem } from './problem.js';

/** Search for a packing of all units; `out` holds it on success. */
export function packExact(p: PackProblem, budget: number, out: Layout): boolean {
  if (budget <= 0) return false;
  const boxVolume = p.L * p.W * p.H;
  const state = { nodes: 0, budget };
  out.count = 0;
  if (Math.abs(boxVolume - p.totalVolume) <= 1e-9 * boxVolume) {
    return fillPerfect(p, p.typeQty.slice(), p.n, out, state);
  }
  const order: number[] = [];
  const types = Array.from({ length: p.typeCount }, (_, t) => t).sort((s, t) => p.volume[t]! - p.volume[s]!);
  for (const t of types) for (let q = 0; q < p.typeQty[t]!; q++) order.push(t);
  // Scratch slots 2.. (slots 0 and 1 belong to the heuristics): every level is reset before use.
  const levels = Array.from({ length: p.n + 1 }, (_, k) => scratchPointSet(2 + k));
  levels[0]!.add(0, 0, 0, p);
  return searchPoints(p, order, 0, levels, out, state);
}

interface Budget { nodes: number; budget: number }

function sortedFaces(start: number, ext: Float64Array, from: Float64Array, count: number): number[] {
  const v = [start];
  for (let i = 0; i < count; i++) v.push(from[i]! + ext[i]!);
  return v.sort((a, b) => a - b);
}

/** The lowest uncovered point (z, then y, then x), or null when the box is full. */
function lowestUncovered(p: PackProblem, lay: Layout): [number, number, number] | null {
  const xs = sortedFaces(0, lay.l, lay.x, lay.count);
  const ys = sortedFaces(0, lay.w, lay.y, lay.count);
  const zs = sortedFaces(0, lay.h, lay.z, lay.count);
  const t = p.tol;
  for (const z of zs) {
    if (z >= p.H - t) break;
    for (const y of ys) {
      if (y >= p.W - t) break;
      for (const x of xs) {
        if (x >= p.L - t) break;
        if (!lay.covers(x, y, z, t)) return [x, y, z];
      }
    }
  }
  return null;
}

/** Free run from (x, y, z) along one axis: distance to the first unit face or wall ahead. */
function freeRun(p: PackProblem, lay: Layout, x: number, y: number, z: number, axis: 0 | 1 | 2): number {
  let run = axis === 0 ? p.L - x : axis === 1 ? p.W - y : p.H - z;
  const t = p.tol;
  for (let i = 0; i < lay.count; i++) {
    const X = lay.x[i]!, Y = lay.y[i]!, Z = lay.z[i]!;
    if (axis === 0) {
      if (X > x - t && Y - t <= y && y < Y + lay.w[i]! - t && Z - t <= z && z < Z + lay.h[i]! - t) run = Math.min(run, X - x);
    } else if (axis === 1) {
      if (Y > y - t && X - t <= x && x < X + lay.l[i]! - t && Z - t <= z && z < Z + lay.h[i]! - t) run = Math.min(run, Y - y);
    } else if (Z > z - t && X - t <= x && x < X + lay.l[i]! - t && Y - t <= y && y < Y + lay.w[i]! - t) run = Math.min(run, Z - z);
  }
  return run;
}

function fillPerfect(p: PackProblem, left: Int32Array, remaining: number, lay: Layout, st: Budget): boolean {
  if (remaining === 0) return true;
  const pt = lowestUncovered(p, lay);
  if (pt === null) return false;
  const [x, y, z] = pt;
  const tol = p.tol;
  const runX = freeRun(p, lay, x, y, z, 0), runY = freeRun(p, lay, x, y, z, 1), runZ = freeRun(p, lay, x, y, z, 2);
  for (let t = 0; t < p.typeCount; t++) {
    if (left[t] === 0) continue;
    // A sliver left in a run must be filled by another unit starting right there, so it can be
    // no thinner than the thinnest unit still to place.
    left[t]!--;
    let thinnest = Infinity;
    for (let u = 0; u < p.typeCount; u++) if (left[u]! > 0) thinnest = Math.min(thinnest, p.sorted[u * 3]!);
    left[t]!++;
    for (let o = 0; o < p.oriCount[t]!; o++) {
      const base = (t * MAX_ORI + o) * 3;
      const l = p.ori[base]!, w = p.ori[base + 1]!, h = p.ori[base + 2]!;
      const gx = runX - l, gy = runY - w, gz = runZ - h;
      if (gx < -tol || gy < -tol || gz < -tol) continue;
      if ((gx > tol && gx < thinnest - tol) || (gy > tol && gy < thinnest - tol) || (gz > tol && gz < thinnest - tol)) continue;
      if (lay.overlaps(x, y, z, l, w, h, tol)) continue;
      // The budget counts placements, the nodes of the tree, not rejected candidates.
      if (++st.nodes > st.budget) return false;
      lay.push(t, x, y, z, l, w, h);
      left[t]!--;
      if (fillPerfect(p, left, remaining - 1, lay, st)) return true;
      left[t]!++;
      lay.count--;
      if (st.nodes > st.budget) return false;
    }
  }
  return false;
}

function searchPoints(p: PackProblem, order: number[], k: number, levels: PointSet[], lay: Layout, st: Budget): boolean {
  if (k === order.length) return true;
  const t = order[k]!;
  const pts = levels[k]!;
  const next = levels[k + 1]!;
  for (let e = 0; e < pts.count; e++) {
    const x = pts.x[e]!, y = pts.y[e]!, z = pts.z[e]!;
    for (let o = 0; o < p.oriCount[t]!; o++) {
      // Here the budget counts candidates tried: orders with slack can have many dead ends.
      if (++st.nodes > st.budget) return false;
      const base = (t * MAX_ORI + o) * 3;
      const l = p.ori[base]!, w = p.ori[base + 1]!, h = p.ori[base + 2]!;
      if (!insideBox(p, x, y, z, l, w, h) || lay.overlaps(x, y, z, l, w, h, p.tol)) continue;
      lay.push(t, x, y, z, l, w, h);
      next.copyExcept(pts, e);
      next.dropInside(x, y, z, l, w, h, p.tol);
      addExtremePoints(next, lay, p, x, y, z, l, w, h);
      if (searchPoints(p, order, k + 1, levels, lay, st)) return true;
      lay.count--;
      if (st.nodes > st.budget) return false;
    }
  }
  return false;
}
