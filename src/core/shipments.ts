// Shipments and their aggregation into classes: shipments of identical shape (same item lines,
// same weight) behave identically in every box, so memory grows with distinct shapes, not rows.

/** One item line of a shipment, in the report's units (length unit, weight unit). */
export interface ItemLine {
  /** Item dimensions of one unit (length unit), as given. */
  l: number;
  w: number;
  h: number;
  /** Units of this item (integer ≥ 1). */
  qty: number;
  /** Weight of one unit (weight unit); 0 when the file has none. */
  unitWeight: number;
  /** The item's height must stay vertical. */
  upright: boolean;
  /** Share (0–0.9) by which the item's smallest dimension may shrink when packed. */
  compress: number;
  sku: string;
}

/** Shipments of one shape, weighted by how many there are. */
export interface ShipmentClass {
  lines: ItemLine[];
  /** Total units over the lines. */
  units: number;
  /** Number of shipments of this shape (sum of `count`). */
  count: number;
  /** Item volume of one shipment: Σ units of l·w·h (length³). */
  itemVolume: number;
  /** Weight of one shipment (weight unit); 0 when unknown. */
  weight: number;
  /** The first shipment id seen with this shape, to name it in reports. */
  exampleId: string;
}

/**
 * Write a line's canonical numbers into `out` (7 slots): dims sorted (an upright item's footprint
 * sorted, its height last), qty, unit weight, compress, upright. Turned copies of an item agree here.
 */
function canonicalLine(ln: ItemLine, out: Float64Array): void {
  let a = ln.l;
  let b = ln.w;
  let c = ln.h;
  if (a > b) [a, b] = [b, a];
  if (!ln.upright) {
    if (b > c) [b, c] = [c, b];
    if (a > b) [a, b] = [b, a];
  }
  out[0] = a; out[1] = b; out[2] = c; out[3] = ln.qty; out[4] = ln.unitWeight; out[5] = ln.compress; out[6] = ln.upright ? 1 : 0;
}

const keyScratch = new Float64Array(7);

/** The key of one item line, from its canonical numbers. */
function computeLineKey(ln: ItemLine): string {
  const k = keyScratch;
  canonicalLine(ln, k);
  let key = k[0] + 'x' + k[1] + 'x' + k[2] + '*' + ln.qty + '@' + ln.unitWeight;
  if (ln.upright) key += 'u';
  if (ln.compress > 0) key += 'c' + ln.compress;
  return key;
}

/** The canonical key of a shipment's shape: its line keys in a canonical order. */
export function computeShapeKey(lines: readonly ItemLine[]): string {
  if (lines.length === 1) return computeLineKey(lines[0]!);
  return lines.map(computeLineKey).sort().join('+');
}

/** The canonical numbers of a single-line shape: dims (sorted as in computeLineKey), qty, weight, compress, upright. */
const SINGLE_FIELDS = 7;

/**
 * Accumulates shipments into classes keyed by shape. Single-line shipments, the bulk of most
 * histories, are found through an open-addressing table on their seven numbers, which avoids
 * building a string key per row; multi-line shapes use computeShapeKey.
 */
export class ClassTable {
  readonly classes: ShipmentClass[] = [];
  private readonly multi = new Map<string, number>();
  private single = new Float64Array(64 * SINGLE_FIELDS);
  private slots = new Int32Array(256).fill(-1);
  private singles = 0;
  private readonly scratch = new Float64Array(SINGLE_FIELDS);
  private readonly words = new Uint32Array(this.scratch.buffer);

  /** Add `count` shipments of this shape; returns the class index. */
  add(lines: readonly ItemLine[], count: number, id: string): number {
    const found = this.find(lines);
    if (found >= 0) {
      this.classes[found]!.count += count;
      return found;
    }
    return this.insert(lines, count, id);
  }

  /** The class of a shape, or −1 when it was never added. */
  find(lines: readonly ItemLine[]): number {
    if (lines.length !== 1) return this.multi.get(computeShapeKey(lines)) ?? -1;
    const slot = this.probe(lines[0]!);
    return this.slots[slot]!;
  }

  private insert(given: readonly ItemLine[], count: number, id: string): number {
    // Readers recycle their line objects, so the table keeps copies.
    const lines = given.map((ln) => ({ ...ln }));
    let units = 0;
    let itemVolume = 0;
    let weight = 0;
    for (const ln of lines) {
      units += ln.qty;
      itemVolume += ln.qty * ln.l * ln.w * ln.h;
      weight += ln.qty * ln.unitWeight;
    }
    const i = this.classes.length;
    this.classes.push({ lines, units, count, itemVolume, weight, exampleId: id });
    if (lines.length !== 1) {
      this.multi.set(computeShapeKey(lines), i);
      return i;
    }
    if ((this.singles + 1) * 2 > this.slots.length) this.grow();
    const slot = this.probe(lines[0]!); // also leaves the line's numbers in scratch
    this.slots[slot] = i;
    if ((i + 1) * SINGLE_FIELDS > this.single.length) {
      // Class indices are shared with multi-line classes, so i can jump past one doubling.
      const bigger = new Float64Array(Math.max(this.single.length * 2, (i + 1) * SINGLE_FIELDS));
      bigger.set(this.single);
      this.single = bigger;
    }
    this.single.set(this.scratch, i * SINGLE_FIELDS);
    this.singles++;
    return i;
  }

  /** The slot holding this line's class, or the empty slot where it would go. */
  private probe(ln: ItemLine): number {
    const k = this.scratch;
    canonicalLine(ln, k);
    let h = 0x811c9dc5;
    const w = this.words;
    // Dims and weight tell shapes apart; qty, compress and upright rarely do, so they are compared, not hashed.
    for (let j = 0; j < 10; j++) h = Math.imul(h ^ w[j]!, 0x01000193);
    h ^= h >>> 15;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const ci = this.slots[slot]!;
      if (ci < 0) return slot;
      const o = ci * SINGLE_FIELDS;
      const s = this.single;
      // Multi-line classes never sit in this table, so every occupant has a row in `single`.
      if (s[o] === k[0] && s[o + 1] === k[1] && s[o + 2] === k[2] && s[o + 3] === k[3] && s[o + 4] === k[4] && s[o + 5] === k[5] && s[o + 6] === k[6]) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    for (const ci of old) {
      if (ci < 0) continue;
      const slot = this.probe(this.classes[ci]!.lines[0]!);
      this.slots[slot] = ci;
    }
  }
}

/** Total weighted shipments over classes. */
export function countShipments(classes: readonly ShipmentClass[]): number {
  let n = 0;
  for (const c of classes) n += c.count;
  return n;
}
