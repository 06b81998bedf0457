// Reduction of the problem on one grid level (or the catalog): round every frontier up to the
// grid, merge classes that become identical, and build the candidate boxes. Candidates are
// "tight" boxes — every coordinate is a coordinate of some class's rounded entry on that axis —
// because any box can shrink to the componentwise max of the entries it serves (its hull) without
// losing a class or adding cost; so a search over hulls loses nothing.
import { sortDims } from '../geometry.js';
import { entryMins, type CandidateList, type ClassTable } from './instance.js';
import { toDemandTable, type DemandTable } from './demand-table.js';
import type { DemandClass, Orientation } from './types.js';

const TOL = 1e-9;

/** Smallest multiple of `step` that is ≥ x (up to rounding noise of x). */
export function roundUpToGrid(x: number, step: number): number {
  return Math.ceil(x / step - TOL) * step;
}

/** Largest multiple of `step` that is ≤ x. */
export function roundDownToGrid(x: number, step: number): number {
  return Math.floor(x / step + TOL) * step;
}

/** Canonical coords: sorted for 'free'; sorted footprint and the height last for 'upright'. */
export function canonicalBox(d: readonly number[], orientation: Orientation): [number, number, number] {
  const x = d[0] ?? 0;
  const y = d[1] ?? 0;
  const z = d[2] ?? 0;
  if (orientation === 'free') return sortDims(x, y, z);
  return x <= y ? [x, y, z] : [y, x, z];
}

export interface LevelClasses {
  table: ClassTable;
  /** Original class index → merged class, or −1 when no candidate of this level can serve it. */
  classOf: Int32Array;
}

/**
 * Round and merge the classes for one level. `step` null is catalog mode: entries stay as given and
 * shipment weight stays part of a class's identity (catalog boxes carry weight limits). `byWeight`
 * (the cost objective) keeps shipment weight part of the identity on a grid too: freight is not
 * linear in weight. Merged classes carry their count-weighted mean item volume (void fill is linear in it).
 */
export function reduceClasses(
  demand: readonly DemandClass[] | DemandTable,
  orientation: Orientation,
  step: number | null,
  maxBox: readonly [number, number, number] | null,
  minSide: number,
  weightLimits: readonly number[] = [],
  byWeight = false,
): LevelClasses {
  const classes = toDemandTable(demand);
  const classOf = new Int32Array(classes.n).fill(-1);
  const byKey = new Map<string, number>();
  const weight: number[] = [];
  const shipWeight: number[] = [];
  const itemVolume: number[] = [];
  const entryLists: number[][][] = [];
  const side = step === null ? minSide : roundUpToGrid(minSide, step);
  for (let j = 0; j < classes.n; j++) {
    const clsWeight = classes.weight[j]!;
    const clsShipWeight = classes.shipWeight[j]!;
    let entries: number[][] = [];
    for (let p = classes.start[j]!; p < classes.start[j + 1]!; p++) {
      const o = 3 * p;
      const e = canonicalBox([classes.points[o]!, classes.points[o + 1]!, classes.points[o + 2]!], orientation);
      if (step !== null) {
        for (let x = 0; x < 3; x++) e[x] = Math.max(roundUpToGrid(e[x]!, step), side);
        if (orientation === 'free') e.sort((p, q) => p - q);
        if (maxBox && (e[0]! > maxBox[0] + TOL || e[1]! > maxBox[1] + TOL || e[2]! > maxBox[2] + TOL)) continue;
      }
      entries.push(e);
    }
    if (entries.length === 0) continue;
    // Drop entries that dominate another entry: they never decide a fit (of equal entries, the first stays).
    entries = dropDominated(entries);
    entries.sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]! || p[2]! - q[2]!);
    // On a grid every coordinate is a whole number of steps (the same float for the same count),
    // so the counts name the entries as the 12-digit strings do, at a fraction of the cost.
    let key = step === null ? entries.map((e) => e.map((v) => v.toPrecision(12)).join(',')).join(';') : gridKey(entries, step);
    // Classes merge only when the same boxes may carry them: catalog boxes each have their own
    // weight limit; on a grid, the limits (new boxes', locked boxes') a class exceeds must agree.
    if (step === null || byWeight) key += `|${clsShipWeight}`;
    else if (weightLimits.length > 0) key += `|${weightLimits.filter((w) => clsShipWeight > w * (1 + TOL)).length}`;
    let idx = byKey.get(key);
    if (idx === undefined) {
      idx = weight.length;
      byKey.set(key, idx);
      weight.push(0);
      shipWeight.push(clsShipWeight);
      itemVolume.push(0);
      entryLists.push(entries);
    }
    itemVolume[idx] = (itemVolume[idx]! * weight[idx]! + classes.itemVolume[j]! * clsWeight) / (weight[idx]! + clsWeight);
    weight[idx] = weight[idx]! + clsWeight;
    shipWeight[idx] = Math.max(shipWeight[idx]!, clsShipWeight);
    classOf[j] = idx;
  }
  const n = weight.length;
  const entryStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) entryStart[j + 1] = entryStart[j]! + entryLists[j]!.length;
  const entries = new Float64Array(3 * entryStart[n]!);
  for (let j = 0; j < n; j++) {
    entryLists[j]!.forEach((e, q) => entries.set(e, 3 * (entryStart[j]! + q)));
  }
  return {
    table: { n, weight: Float64Array.from(weight), shipWeight: Float64Array.from(shipWeight), itemVolume: Float64Array.from(itemVolume), entryStart, entries },
    classOf,
  };
}

/** The entries that dominate no other entry (within TOL), of equal ones the first, in their order. */
function dropDominated(entries: number[][]): number[][] {
  const out: number[][] = [];
  for (let q = 0; q < entries.length; q++) {
    const e = entries[q]!;
    let dominated = false;
    for (let r = 0; r < entries.length && !dominated; r++) {
      if (r === q) continue;
      const f = entries[r]!;
      dominated =
        f[0]! <= e[0]! + TOL &&
        f[1]! <= e[1]! + TOL &&
        f[2]! <= e[2]! + TOL &&
        (f[0]! < e[0]! - TOL || f[1]! < e[1]! - TOL || f[2]! < e[2]! - TOL || r < q);
    }
    if (!dominated) out.push(e);
  }
  return out;
}

/** A class's entries on a grid of `step` as a key: each coordinate's whole number of steps. */
function gridKey(entries: readonly number[][], step: number): string {
  let key = '';
  for (const e of entries) key += `${Math.round(e[0]! / step)},${Math.round(e[1]! / step)},${Math.round(e[2]! / step)};`;
  return key;
}

/** Sorted distinct coordinate values of the classes' entries, per axis. */
export function tightValues(t: ClassTable): [Float64Array, Float64Array, Float64Array] {
  const out: Float64Array[] = [];
  const total = t.entryStart[t.n]!;
  for (let x = 0; x < 3; x++) {
    const v = new Float64Array(total);
    for (let e = 0; e < total; e++) v[e] = t.entries[3 * e + x]!;
    v.sort();
    const uniq: number[] = [];
    for (let q = 0; q < total; q++) if (uniq.length === 0 || v[q]! > uniq[uniq.length - 1]! + TOL) uniq.push(v[q]!);
    out.push(Float64Array.from(uniq));
  }
  return out as [Float64Array, Float64Array, Float64Array];
}

/** Number of tight boxes (free: a ≤ b ≤ c; upright: a ≤ b). */
export function countTight(tv: readonly Float64Array[], orientation: Orientation): number {
  const [ta, tb, tc] = tv as [Float64Array, Float64Array, Float64Array];
  let count = 0;
  for (let p = 0; p < ta.length; p++) {
    const a = ta[p]!;
    let nb = 0;
    for (let q = 0; q < tb.length; q++) if (tb[q]! >= a - TOL) nb++;
    if (orientation === 'upright') {
      count += nb * tc.length;
      continue;
    }
    for (let q = 0; q < tb.length; q++) {
      const b = tb[q]!;
      if (b < a - TOL) continue;
      for (let r = 0; r < tc.length; r++) if (tc[r]! >= b - TOL) count++;
    }
  }
  return count;
}

/**
 * The hull of a box: componentwise max of the entries it serves (one per class, within its weight
 * limit), or null. `among`, where given, lists (ascending) every class the box may serve: the
 * classes that fit a box it lies within (servedBy).
 */
export function hullOf(
  t: ClassTable,
  a: number,
  b: number,
  c: number,
  maxWeight = Number.NaN,
  mins: Float64Array = entryMins(t),
  among: Int32Array | null = null,
): [number, number, number] | null {
  let ha = 0;
  let hb = 0;
  let hc = 0;
  let any = false;
  const ta = a + TOL;
  const tb = b + TOL;
  const tc = c + TOL;
  const count = among ? among.length : t.n;
  for (let s = 0; s < count; s++) {
    const j = among ? among[s]! : s;
    // No entry of a class whose least coordinate on some axis exceeds the box's fits (entryMins).
    if (mins[3 * j]! > ta || mins[3 * j + 1]! > tb || mins[3 * j + 2]! > tc) continue;
    // A class too heavy for the box is not served by it: it must not widen the hull.
    if (!Number.isNaN(maxWeight) && t.shipWeight[j]! > maxWeight * (1 + TOL)) continue;
    const end = t.entryStart[j + 1]!;
    for (let e = t.entryStart[j]!; e < end; e++) {
      const o = 3 * e;
      const x = t.entries[o]!;
      const y = t.entries[o + 1]!;
      const z = t.entries[o + 2]!;
      if (x <= ta && y <= tb && z <= tc) {
        if (x > ha) ha = x;
        if (y > hb) hb = y;
        if (z > hc) hc = z;
        any = true;
        break;
      }
    }
  }
  return any ? [ha, hb, hc] : null;
}

/** The classes (ascending) box (a, b, c) serves: some entry within it, within its weight limit. */
export function servedBy(t: ClassTable, a: number, b: number, c: number, maxWeight: number, mins: Float64Array): Int32Array {
  const out: number[] = [];
  const ta = a + TOL;
  const tb = b + TOL;
  const tc = c + TOL;
  for (let j = 0; j < t.n; j++) {
    if (mins[3 * j]! > ta || mins[3 * j + 1]! > tb || mins[3 * j + 2]! > tc) continue;
    if (!Number.isNaN(maxWeight) && t.shipWeight[j]! > maxWeight * (1 + TOL)) continue;
    for (let e = t.entryStart[j]!; e < t.entryStart[j + 1]!; e++) {
      if (t.entries[3 * e]! <= ta && t.entries[3 * e + 1]! <= tb && t.entries[3 * e + 2]! <= tc) {
        out.push(j);
        break;
      }
    }
  }
  return Int32Array.from(out);
}

/** Key of a box for de-duplication (lengths agree to 1e-6 of a unit). */
export function boxKey(a: number, b: number, c: number): string {
  return `${Math.round(a * 1e6)},${Math.round(b * 1e6)},${Math.round(c * 1e6)}`;
}

/**
 * Collects candidates: generated boxes are shrunk to their hulls and de-duplicated; locked boxes
 * are kept exactly as given (they must stay in the suite as they are).
 */
export class CandidateSet {
  private readonly dims: number[] = [];
  private readonly maxWeight: number[] = [];
  private readonly locked: number[] = [];
  /** A mailer's search coordinates [T, W, L] (NaN for a box), 3 per candidate. */
  private readonly mailer: number[] = [];
  private readonly index = new Map<string, number>();
  /** Hull results by generator key, so repeated generators cost one hull computation. */
  private readonly hullCache = new Map<string, number>();
  /** The classes' least entry coordinates (entryMins), for hullOf. */
  private readonly mins: Float64Array;

  /** `newMaxWeight`: the weight limit of generated (hull) boxes, NaN for none. */
  constructor(
    private readonly table: ClassTable,
    private readonly newMaxWeight = Number.NaN,
  ) {
    this.mins = entryMins(table);
  }

  get size(): number {
    return this.locked.length;
  }

  /** Add a box as is; returns its index. */
  addExact(d: readonly [number, number, number], maxWeight: number, locked: boolean): number {
    const key = `${boxKey(d[0], d[1], d[2])}|${maxWeight}`;
    const known = this.index.get(key);
    if (known !== undefined) {
      if (locked) this.locked[known] = 1;
      return known;
    }
    const idx = this.locked.length;
    this.index.set(key, idx);
    this.dims.push(d[0], d[1], d[2]);
    this.maxWeight.push(maxWeight);
    this.locked.push(locked ? 1 : 0);
    this.mailer.push(NaN, NaN, NaN);
    return idx;
  }

  /**
   * Add a mailer of coordinates [T, W, L] (SPEC §9), stored with dims `box`: a box that takes every
   * load the mailer takes (so the box fit test is a superset, refined by the pair costs).
   */
  addMailer(coords: readonly [number, number, number], box: readonly [number, number, number], maxWeight: number): number {
    const key = `m${boxKey(coords[0], coords[1], coords[2])}|${maxWeight}`;
    const known = this.index.get(key);
    if (known !== undefined) return known;
    const idx = this.locked.length;
    this.index.set(key, idx);
    this.dims.push(box[0], box[1], box[2]);
    this.maxWeight.push(maxWeight);
    this.locked.push(0);
    this.mailer.push(coords[0], coords[1], coords[2]);
    return idx;
  }

  /** Add the hull of a grid box; returns its index, or −1 when the box serves no class. */
  addHull(a: number, b: number, c: number, among: Int32Array | null = null): number {
    const gkey = boxKey(a, b, c);
    const cached = this.hullCache.get(gkey);
    if (cached !== undefined) return cached;
    const h = hullOf(this.table, a, b, c, this.newMaxWeight, this.mins, among);
    const idx = h ? this.addExact(h, this.newMaxWeight, false) : -1;
    this.hullCache.set(gkey, idx);
    return idx;
  }

  /**
   * addHull for each box of a window whose boxes all lie within `corner`: the classes the corner
   * serves are found once, and each box's hull looks at those only (a box serves a subset of
   * them), instead of every class per box.
   */
  addHulls(boxes: ReadonlyArray<readonly [number, number, number]>, corner: readonly [number, number, number]): void {
    let among: Int32Array | null = null;
    for (const [a, b, c] of boxes) {
      if (among === null && !this.hullCache.has(boxKey(a, b, c))) among = servedBy(this.table, corner[0], corner[1], corner[2], this.newMaxWeight, this.mins);
      this.addHull(a, b, c, among);
    }
  }

  toList(): CandidateList {
    return {
      dims: Float64Array.from(this.dims),
      maxWeight: Float64Array.from(this.maxWeight),
      locked: Uint8Array.from(this.locked),
      ...(this.mailer.some((v) => !Number.isNaN(v)) ? { mailer: Float64Array.from(this.mailer) } : {}),
    };
  }
}

/** Every tight box, as hulls. */
export function addAllTight(set: CandidateSet, tv: readonly Float64Array[], orientation: Orientation): void {
  const [ta, tb, tc] = tv as [Float64Array, Float64Array, Float64Array];
  for (let p = 0; p < ta.length; p++) {
    for (let q = 0; q < tb.length; q++) {
      if (tb[q]! < ta[p]! - TOL) continue;
      for (let r = 0; r < tc.length; r++) {
        if (orientation === 'free' && tc[r]! < tb[q]! - TOL) continue;
        set.addHull(ta[p]!, tb[q]!, tc[r]!);
      }
    }
  }
}

/** Tight values within `radius` of v, plus the nearest one on each side so the window is never empty. */
function window(values: Float64Array, v: number, radius: number): number[] {
  const out: number[] = [];
  let below = -1;
  let above = -1;
  for (let q = 0; q < values.length; q++) {
    const x = values[q]!;
    if (x <= v + TOL) below = q;
    if (above < 0 && x >= v - TOL) above = q;
    if (x >= v - radius - TOL && x <= v + radius + TOL) out.push(x);
  }
  if (below >= 0 && !out.includes(values[below]!)) out.push(values[below]!);
  if (above >= 0 && !out.includes(values[above]!)) out.push(values[above]!);
  return out;
}

/**
 * Tight boxes within `radius` (a length) of an anchor box on every axis, as hulls. On fine levels
 * the optimum moves little from the coarser level's suites (a box's hull shrinks by less than one
 * coarse step), so searching these windows keeps the candidate set small without losing much.
 */
export function addNeighbourhood(
  set: CandidateSet,
  tv: readonly Float64Array[],
  orientation: Orientation,
  anchor: readonly [number, number, number],
  radius: number,
): void {
  const [ta, tb, tc] = tv as [Float64Array, Float64Array, Float64Array];
  const wa = window(ta, anchor[0], radius);
  const wb = window(tb, anchor[1], radius);
  const wc = window(tc, anchor[2], radius);
  const boxes: Array<[number, number, number]> = [];
  const corner: [number, number, number] = [0, 0, 0];
  for (const a of wa) {
    for (const b of wb) {
      if (b < a - TOL) continue;
      for (const c of wc) {
        if (orientation === 'free' && c < b - TOL) continue;
        boxes.push([a, b, c]);
        corner[0] = Math.max(corner[0], a);
        corner[1] = Math.max(corner[1], b);
        corner[2] = Math.max(corner[2], c);
      }
    }
  }
  set.addHulls(boxes, corner);
}
