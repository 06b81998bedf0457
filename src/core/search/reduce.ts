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
  if (step === null) return reduceCatalogClasses(demand, orientation);
  return reduceGridClasses(toDemandTable(demand), orientation, step, maxBox, minSide, weightLimits, byWeight);
}

/**
 * reduceClasses on a grid, with no object per entry or class: a class's rounded entries go to a
 * scratch array, and merged classes are found through an open-addressing table on their entries'
 * whole numbers of steps (and weight band), compared exactly; only a new class's entries are kept.
 * At 1M shipments the per-entry arrays and string keys had cost a transient half a gigabyte.
 */
function reduceGridClasses(
  classes: DemandTable,
  orientation: Orientation,
  step: number,
  maxBox: readonly [number, number, number] | null,
  minSide: number,
  weightLimits: readonly number[],
  byWeight: boolean,
): LevelClasses {
  const classOf = new Int32Array(classes.n).fill(-1);
  const side = roundUpToGrid(minSide, step);
  let weight = new Float64Array(1024);
  let shipWeight = new Float64Array(1024);
  let itemVolume = new Float64Array(1024);
  /** What a merged class's key holds beside its entries: its shipment weight or its weight band. */
  let keyTail = new Float64Array(1024);
  let entryStart = new Int32Array(1025);
  let entries = new Float64Array(3 * 4096);
  let slots = new Int32Array(2048).fill(-1);
  let n = 0;
  let scratch = new Float64Array(3 * 64);
  let order = new Int32Array(64);
  let kept = new Uint8Array(64);
  const sameEntry = (o: number, p: number): boolean =>
    Math.round(entries[o]! / step) === Math.round(scratch[p]! / step) &&
    Math.round(entries[o + 1]! / step) === Math.round(scratch[p + 1]! / step) &&
    Math.round(entries[o + 2]! / step) === Math.round(scratch[p + 2]! / step);
  for (let j = 0; j < classes.n; j++) {
    const clsWeight = classes.weight[j]!;
    const clsShipWeight = classes.shipWeight[j]!;
    const points = classes.start[j + 1]! - classes.start[j]!;
    if (3 * points > scratch.length) {
      scratch = new Float64Array(6 * points);
      order = new Int32Array(2 * points);
      kept = new Uint8Array(2 * points);
    }
    let k = 0;
    for (let p = classes.start[j]!; p < classes.start[j + 1]!; p++) {
      const o = 3 * p;
      let x = classes.points[o]!;
      let y = classes.points[o + 1]!;
      let z = classes.points[o + 2]!;
      if (orientation === 'free') [x, y, z] = sortDims(x, y, z);
      else if (x > y) [x, y] = [y, x];
      x = Math.max(roundUpToGrid(x, step), side);
      y = Math.max(roundUpToGrid(y, step), side);
      z = Math.max(roundUpToGrid(z, step), side);
      if (orientation === 'free') [x, y, z] = sortDims(x, y, z);
      if (maxBox && (x > maxBox[0] + TOL || y > maxBox[1] + TOL || z > maxBox[2] + TOL)) continue;
      scratch[3 * k] = x;
      scratch[3 * k + 1] = y;
      scratch[3 * k + 2] = z;
      k++;
    }
    if (k === 0) continue;
    // Entries that dominate another entry never decide a fit (of equal entries, the first stays);
    // the rest in lexicographic order, as dropDominated and the sort of the catalog path.
    let m = 0;
    for (let q = 0; q < k; q++) {
      let dominated = false;
      for (let r = 0; r < k && !dominated; r++) {
        if (r === q) continue;
        const f = 3 * r;
        const e = 3 * q;
        dominated =
          scratch[f]! <= scratch[e]! + TOL &&
          scratch[f + 1]! <= scratch[e + 1]! + TOL &&
          scratch[f + 2]! <= scratch[e + 2]! + TOL &&
          (scratch[f]! < scratch[e]! - TOL || scratch[f + 1]! < scratch[e + 1]! - TOL || scratch[f + 2]! < scratch[e + 2]! - TOL || r < q);
      }
      kept[q] = dominated ? 0 : 1;
      if (!dominated) order[m++] = q;
    }
    // Insertion sort (stable, as Array.prototype.sort) of the kept entries.
    for (let t = 1; t < m; t++) {
      const v = order[t]!;
      let u = t - 1;
      while (u >= 0 && lexLess(scratch, 3 * v, 3 * order[u]!)) {
        order[u + 1] = order[u]!;
        u--;
      }
      order[u + 1] = v;
    }
    const raw = byWeight ? clsShipWeight : weightLimits.length > 0 ? weightLimits.filter((w) => clsShipWeight > w * (1 + TOL)).length : 0;
    // As the old string key: −0 reads as 0, and every NaN as NaN.
    const tail = Number.isNaN(raw) ? Number.NaN : raw === 0 ? 0 : raw;
    let h = Math.imul(m, 0x9e3779b1) ^ hashNumber(tail);
    for (let t = 0; t < m; t++) {
      const e = 3 * order[t]!;
      for (let x = 0; x < 3; x++) h = Math.imul(h ^ Math.round(scratch[e + x]! / step), 0x01000193);
    }
    h ^= h >>> 15;
    let slot = h & (slots.length - 1);
    let idx = -1;
    for (;;) {
      const c = slots[slot]!;
      if (c < 0) break;
      if (entryStart[c + 1]! - entryStart[c]! === m && (keyTail[c] === tail || (Number.isNaN(tail) && Number.isNaN(keyTail[c]!)))) {
        let same = true;
        for (let t = 0; t < m && same; t++) same = sameEntry(3 * (entryStart[c]! + t), 3 * order[t]!);
        if (same) {
          idx = c;
          break;
        }
      }
      slot = (slot + 1) & (slots.length - 1);
    }
    if (idx < 0) {
      idx = n++;
      if (n >= weight.length) {
        weight = grown(weight, 2 * n);
        shipWeight = grown(shipWeight, 2 * n);
        itemVolume = grown(itemVolume, 2 * n);
        keyTail = grown(keyTail, 2 * n);
        const es = new Int32Array(2 * n + 1);
        es.set(entryStart);
        entryStart = es;
      }
      const at = entryStart[idx]!;
      if (3 * (at + m) > entries.length) entries = grown(entries, Math.max(2 * entries.length, 3 * (at + m)));
      for (let t = 0; t < m; t++) entries.set(scratch.subarray(3 * order[t]!, 3 * order[t]! + 3), 3 * (at + t));
      entryStart[idx + 1] = at + m;
      shipWeight[idx] = clsShipWeight;
      keyTail[idx] = tail;
      slots[slot] = idx;
      if (2 * n > slots.length) slots = rehashed(slots, n, (c) => slotHash(entries, entryStart, c, step, keyTail[c]!));
    }
    itemVolume[idx] = (itemVolume[idx]! * weight[idx]! + classes.itemVolume[j]! * clsWeight) / (weight[idx]! + clsWeight);
    weight[idx] = weight[idx]! + clsWeight;
    shipWeight[idx] = Math.max(shipWeight[idx]!, clsShipWeight);
    classOf[j] = idx;
  }
  return {
    table: {
      n,
      weight: weight.slice(0, n),
      shipWeight: shipWeight.slice(0, n),
      itemVolume: itemVolume.slice(0, n),
      entryStart: entryStart.slice(0, n + 1),
      entries: entries.slice(0, 3 * entryStart[n]!),
    },
    classOf,
  };
}

function lexLess(a: Float64Array, p: number, q: number): boolean {
  return a[p]! - a[q]! < 0 || (a[p] === a[q] && (a[p + 1]! - a[q + 1]! < 0 || (a[p + 1] === a[q + 1] && a[p + 2]! - a[q + 2]! < 0)));
}

const hashWords = new Float64Array(1);
const hashInts = new Int32Array(hashWords.buffer);
function hashNumber(v: number): number {
  hashWords[0] = v;
  return Math.imul(hashInts[0]! ^ Math.imul(hashInts[1]!, 0x85ebca6b), 0xc2b2ae35);
}

/** The hash reduceGridClasses gives merged class `c` (its stored entries are sorted already). */
function slotHash(entries: Float64Array, entryStart: Int32Array, c: number, step: number, tail: number): number {
  const m = entryStart[c + 1]! - entryStart[c]!;
  let h = Math.imul(m, 0x9e3779b1) ^ hashNumber(tail);
  for (let e = 3 * entryStart[c]!; e < 3 * entryStart[c + 1]!; e++) h = Math.imul(h ^ Math.round(entries[e]! / step), 0x01000193);
  return h ^ (h >>> 15);
}

function rehashed(old: Int32Array, n: number, hash: (c: number) => number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(2 * old.length).fill(-1);
  for (let c = 0; c < n; c++) {
    let slot = hash(c) & (slots.length - 1);
    while (slots[slot]! >= 0) slot = (slot + 1) & (slots.length - 1);
    slots[slot] = c;
  }
  return slots;
}

function grown<T extends Float64Array | Int32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** reduceClasses in catalog mode: entries as given, shipment weight part of a class's identity. */
function reduceCatalogClasses(demand: readonly DemandClass[] | DemandTable, orientation: Orientation): LevelClasses {
  const classes = toDemandTable(demand);
  const classOf = new Int32Array(classes.n).fill(-1);
  const byKey = new Map<string, number>();
  const weight: number[] = [];
  const shipWeight: number[] = [];
  const itemVolume: number[] = [];
  const entryLists: number[][][] = [];
  for (let j = 0; j < classes.n; j++) {
    const clsWeight = classes.weight[j]!;
    const clsShipWeight = classes.shipWeight[j]!;
    let entries: number[][] = [];
    for (let p = classes.start[j]!; p < classes.start[j + 1]!; p++) {
      const o = 3 * p;
      entries.push(canonicalBox([classes.points[o]!, classes.points[o + 1]!, classes.points[o + 2]!], orientation));
    }
    if (entries.length === 0) continue;
    // Drop entries that dominate another entry: they never decide a fit (of equal entries, the first stays).
    entries = dropDominated(entries);
    entries.sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]! || p[2]! - q[2]!);
    // Catalog boxes each have their own weight limit: shipment weight is part of the key.
    const key = entries.map((e) => e.map((v) => v.toPrecision(12)).join(',')).join(';') + `|${clsShipWeight}`;
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
