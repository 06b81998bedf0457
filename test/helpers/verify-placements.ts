// Independent check of a packer's proof of fit, written apart from the packer: every unit of every
// line placed exactly once, inside the box, no two overlapping, extents a rotation of the item
// (the smallest side may be squeezed down to (1 - compress) of itself), upright items kept upright.

export interface CheckItem { l: number; w: number; h: number; qty: number; upright?: boolean; compress?: number }
export interface CheckPlacement { line: number; x: number; y: number; z: number; l: number; w: number; h: number }

/** Problems found; an empty list means the placements prove the fit. */
export function verifyPlacements(
  items: readonly CheckItem[],
  box: readonly [number, number, number],
  placements: readonly CheckPlacement[],
  clearance = 0,
): string[] {
  const errors: string[] = [];
  const scale = Math.max(1, ...box);
  const eps = 1e-7 * scale;
  const room = box.map((d) => d - clearance);

  const counts = new Map<number, number>();
  placements.forEach((p, i) => {
    const item = items[p.line];
    if (item === undefined) {
      errors.push(`#${i}: no item line ${p.line}`);
      return;
    }
    counts.set(p.line, (counts.get(p.line) ?? 0) + 1);
    const at = [p.x, p.y, p.z];
    const ext = [p.l, p.w, p.h];
    for (let k = 0; k < 3; k++) {
      if (!Number.isFinite(at[k]!) || !Number.isFinite(ext[k]!)) errors.push(`#${i}: not a finite number`);
      if (at[k]! < -eps) errors.push(`#${i}: starts before the box on axis ${k}`);
      if (at[k]! + ext[k]! > room[k]! + eps) errors.push(`#${i}: sticks out of the box on axis ${k}`);
      if (ext[k]! <= 0) errors.push(`#${i}: extent ${ext[k]} on axis ${k}`);
    }
    if (!isRotationOf(item, ext as [number, number, number], eps)) {
      errors.push(`#${i}: extents ${ext.join('x')} are no allowed turn of ${item.l}x${item.w}x${item.h}`);
    }
  });
  items.forEach((item, line) => {
    const got = counts.get(line) ?? 0;
    if (got !== item.qty) errors.push(`line ${line}: ${got} units placed, ${item.qty} ordered`);
  });

  // Sweep along x so that the pairwise test stays cheap on large orders.
  const idx = placements.map((_, i) => i).sort((a, b) => placements[a]!.x - placements[b]!.x);
  for (let s = 0; s < idx.length; s++) {
    const a = placements[idx[s]!]!;
    for (let u = s + 1; u < idx.length; u++) {
      const b = placements[idx[u]!]!;
      if (b.x >= a.x + a.l - eps) break;
      const sep =
        a.x + a.l <= b.x + eps || b.x + b.l <= a.x + eps ||
        a.y + a.w <= b.y + eps || b.y + b.w <= a.y + eps ||
        a.z + a.h <= b.z + eps || b.z + b.h <= a.z + eps;
      if (!sep) errors.push(`#${idx[s]} and #${idx[u]} overlap`);
    }
  }
  return errors;
}

function isRotationOf(item: CheckItem, ext: [number, number, number], eps: number): boolean {
  const dims = [item.l, item.w, item.h];
  const f = 1 - (item.compress ?? 0);
  // Which side may be squeezed: the smallest one (any of them when several tie).
  const m = Math.min(...dims);
  const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  for (const perm of perms) {
    // perm[k]: which item side lies along box axis k; upright keeps h (side 2) on axis 2.
    if (item.upright && perm[2] !== 2) continue;
    let ok = true;
    for (let k = 0; k < 3 && ok; k++) {
      const d = dims[perm[k]!]!;
      const e = ext[k]!;
      const exact = Math.abs(e - d) <= eps;
      const squeezed = d === m && f < 1 && e >= d * f - eps && e <= d + eps;
      ok = exact || squeezed;
    }
    // At most one side may be squeezed.
    if (ok) {
      let squeezedSides = 0;
      for (let k = 0; k < 3; k++) if (Math.abs(ext[k]! - dims[perm[k]!]!) > eps) squeezedSides++;
      if (squeezedSides <= 1) return true;
    }
  }
  return false;
}
