// Stacking strategy for flat goods: each unit lies on its thinnest side (or stands, if upright),
// units stack into columns whose base contains their footprint, and the column bases are then
// packed as upright blocks by the extreme-point heuristic. Orders of ten A4 catalogues become one
// column instead of a hard 3D puzzle.
import { Merit, packExtremePoints, scratchPointSet } from './extreme-points.js';
import { scratchLayout, type Layout } from './layout.js';
import { MAX_ORI, buildProblem, type PackProblem } from './problem.js';

/** Pack `p` as columns; on success `out` holds the units' placements. */
export function packColumns(p: PackProblem, out: Layout): boolean {
  // Lying orientation per type: the thinnest extent along z among those that fit.
  const T = p.typeCount;
  const fa = new Float64Array(T), fb = new Float64Array(T), th = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let best = -1;
    for (let o = 0; o < p.oriCount[t]!; o++) {
      const hz = p.ori[(t * MAX_ORI + o) * 3 + 2]!;
      if (best < 0 || hz < p.ori[(t * MAX_ORI + best) * 3 + 2]!) best = o;
    }
    const base = (t * MAX_ORI + best) * 3;
    const a = p.ori[base]!, b = p.ori[base + 1]!;
    fa[t] = Math.min(a, b);
    fb[t] = Math.max(a, b);
    th[t] = p.ori[base + 2]!;
  }
  // Widest footprints first, so that smaller ones can sit on top of them.
  const types = Array.from({ length: T }, (_, t) => t).sort((s, t) => fb[t]! - fb[s]! || fa[t]! - fa[s]! || th[t]! - th[s]!);

  const colA: number[] = [], colB: number[] = [], colH: number[] = [];
  const members: number[][] = [];
  const tol = p.tol;
  for (const t of types) {
    for (let q = 0; q < p.typeQty[t]!; q++) {
      // Best fit: the column with the smallest base that takes the unit.
      let best = -1;
      for (let c = 0; c < colA.length; c++) {
        if (fa[t]! <= colA[c]! + tol && fb[t]! <= colB[c]! + tol && colH[c]! + th[t]! <= p.H + tol) {
          if (best < 0 || colA[c]! * colB[c]! < colA[best]! * colB[best]!) best = c;
        }
      }
      if (best < 0) {
        best = colA.length;
        colA.push(fa[t]!);
        colB.push(fb[t]!);
        colH.push(0);
        members.push([]);
      }
      colH[best]! += th[t]!;
      members[best]!.push(t);
    }
  }

  // The columns' volume, summed as buildProblem sums it below: more than the box's, and they cannot
  // fit (checked before the floor plan's problem is built; most boxes a frontier walk tries fail here).
  let columnsVolume = 0;
  for (let c = 0; c < colA.length; c++) columnsVolume += 1 * (colA[c]! * colB[c]! * colH[c]!);
  if (columnsVolume > p.L * p.W * p.H * (1 + 1e-9)) return false;
  // Columns are distinct upright blocks; the floor plan is a small 3D problem of its own.
  const groups = colA.map((a, c) => ({ dims: [a, colB[c]!, colH[c]!] as [number, number, number], upright: true, lines: [[c, 1]] as Array<[number, number]> }));
  // Scratch slot 2 (the caller's problems use slots 0 and 1).
  const cp = buildProblem(groups, p.L, p.W, p.H, 2);
  if (cp === null || cp.totalVolume > p.L * p.W * p.H * (1 + 1e-9)) return false;
  const order = Int32Array.from(
    Array.from({ length: colA.length }, (_, c) => c).sort((s, t) => colA[t]! * colB[t]! - colA[s]! * colB[s]! || colH[t]! - colH[s]!),
  );
  // Scratch slot 1: the caller's layout (`out`) and point set use slot 0.
  const lay = scratchLayout(1, colA.length);
  const pts = scratchPointSet(1);
  let ok = false;
  for (const m of [Merit.BottomBackLeft, Merit.Contact]) {
    if (packExtremePoints(cp, order, m, lay, pts)) {
      ok = true;
      break;
    }
  }
  if (!ok) return false;

  out.count = 0;
  for (let i = 0; i < lay.count; i++) {
    const c = lay.type[i]!;
    const x = lay.x[i]!, y = lay.y[i]!;
    // The column's smaller base side lies along x when its x extent is the smaller one.
    const smallAlongX = lay.l[i]! <= lay.w[i]!;
    let z = lay.z[i]!;
    for (const t of members[c]!) {
      const l = smallAlongX ? fa[t]! : fb[t]!;
      const w = smallAlongX ? fb[t]! : fa[t]!;
      out.push(t, x, y, z, l, w, th[t]!);
      z += th[t]!;
    }
  }
  return true;
}
