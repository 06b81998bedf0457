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

/**
 * The lines of a shape in one order for all its shipments: each line's dims as canonicalLine
 * sorts them, the lines by key. Two shipments of one class give equal lines here.
 */
export function canonicalLines(lines: readonly ItemLine[]): ItemLine[] {
  const k = new Float64Array(7);
  const out = lines.map((ln) => {
    canonicalLine(ln, k);
    return { l: k[0]!, w: k[1]!, h: k[2]!, qty: ln.qty, unitWeight: ln.unitWeight, upright: ln.upright, compress: ln.compress, sku: ln.sku };
  });
  if (out.length === 1) return out;
  const keys = new Map(out.map((ln) => [ln, computeLineKey(ln)]));
  return out.sort((a, b) => (keys.get(a)! < keys.get(b)! ? -1 : keys.get(a)! > keys.get(b)! ? 1 : 0));
}

/** A shape's totals over its lines: units, item volume and weight (qty times each). */
export function sumLines(lines: readonly ItemLine[]): { units: number; itemVolume: number; weight: number } {
  let units = 0;
  let itemVolume = 0;
  let weight = 0;
  for (const ln of lines) {
    units += ln.qty;
    itemVolume += ln.qty * ln.l * ln.w * ln.h;
    weight += ln.qty * ln.unitWeight;
  }
  return { units, itemVolume, weight };
}

/** The canonical key of a shipment's shape: its line keys in a canonical order. */
export function computeShapeKey(lines: readonly ItemLine[]): string {
  if (lines.length === 1) return computeLineKey(lines[0]!);
  return lines.map(computeLineKey).sort().join('+');
}

const hashScratch = new Float64Array(7);
const hashWords = new Uint32Array(hashScratch.buffer);

/**
 * A 32-bit hash of a shipment's shape: equal for every shipment of one class (turned copies of an
 * item, lines in another order), so that all of a shape's shipments land in one partition.
 */
export function shapeHash(lines: readonly ItemLine[]): number {
  if (lines.length === 1) {
    canonicalLine(lines[0]!, hashScratch);
    return hashCanonical();
  }
  let h = 0x9747b28c;
  const key = computeShapeKey(lines);
  for (let j = 0; j < key.length; j++) h = Math.imul(h ^ key.charCodeAt(j), 0x01000193);
  h = Math.imul(h ^ 0x5bd1e995, 0x01000193);
  return finalizeHash(h);
}

/** The hash of the canonical line numbers in hashScratch. */
function hashCanonical(): number {
  let h = 0x9747b28c;
  for (let j = 0; j < 14; j++) h = Math.imul(h ^ hashWords[j]!, 0x01000193);
  return finalizeHash(h);
}

function finalizeHash(h: number): number {
  // A finalizer: the low bits pick the partition.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const EMPTY_BYTES = new Uint8Array(0);

/** Bits of a single-line class's flags byte: upright, a multi-line class, and the given dims' order. */
const UPRIGHT = 1;
const MULTI = 2;
const PERM_SHIFT = 2;

/** A ClassTable as plain data (typed arrays trimmed to its size), to pass between threads. */
export interface ClassColumns {
  size: number;
  dims: Float64Array<ArrayBuffer>;
  unitWeight: Float64Array<ArrayBuffer>;
  compress: Float64Array<ArrayBuffer>;
  qty: Float64Array<ArrayBuffer>;
  flags: Uint8Array<ArrayBuffer>;
  count: Float64Array<ArrayBuffer>;
  idAt: Uint32Array<ArrayBuffer>;
  skuAt: Uint32Array<ArrayBuffer>;
  text: Uint8Array<ArrayBuffer>;
  multi: [number, MultiShape][];
}

/** A multi-line class: its lines (copies) and the totals of one shipment. */
export interface MultiShape {
  lines: ItemLine[];
  units: number;
  itemVolume: number;
  weight: number;
}

/**
 * Accumulates shipments into classes keyed by shape, stored as columns: real exports measured in
 * tenths or millimetres make almost every row its own shape, so a class costs about 80 bytes of
 * typed arrays instead of a handful of objects and strings. Single-line shapes, the bulk of most
 * histories, are found through an open-addressing table on their canonical numbers (no string key
 * per row); multi-line shapes use computeShapeKey. `classes` materializes a class on access.
 */
export class ClassTable {
  /** Number of classes. */
  size = 0;
  /** The classes, each built on access from the columns (a read-only view). */
  readonly classes: readonly ShipmentClass[] = classView(this);

  private cap = 64;
  /** Single-line classes: canonical dims a ≤ b (≤ c unless upright), 3 per class. */
  private dims = column(Float64Array, this.cap * 3);
  private unitWeight = column(Float64Array, this.cap);
  private compress = column(Float64Array, this.cap);
  private qty = column(Float64Array, this.cap);
  private flags = column(Uint8Array, this.cap);
  private count = column(Float64Array, this.cap);
  /** Where the class's example id and a single line's sku (+1; 0: none) sit in `text`. */
  private idAt = column(Uint32Array, this.cap);
  private skuAt = column(Uint32Array, this.cap);
  private readonly text = new TextPool();
  private readonly multi = new Map<string, number>();
  private readonly multiShapes = new Map<number, MultiShape>();
  private slots = new Int32Array(256).fill(-1);
  private singles = 0;
  private readonly scratch = new Float64Array(7);
  private readonly words = new Uint32Array(this.scratch.buffer);
  private perm = 0;

  /** Add `count` shipments of this shape; returns the class index. */
  add(lines: readonly ItemLine[], count: number, id: string): number {
    const found = this.find(lines);
    if (found >= 0) {
      this.count[found] = this.count[found]! + count;
      return found;
    }
    return this.insert(lines, count, id);
  }

  /**
   * The table as plain data: views of its columns trimmed to its size (no copy; whole buffers move
   * between threads). The table must not be changed afterwards.
   */
  toColumns(): ClassColumns {
    const n = this.size;
    return {
      size: n,
      dims: this.dims.subarray(0, n * 3),
      unitWeight: this.unitWeight.subarray(0, n),
      compress: this.compress.subarray(0, n),
      qty: this.qty.subarray(0, n),
      flags: this.flags.subarray(0, n),
      count: this.count.subarray(0, n),
      idAt: this.idAt.subarray(0, n),
      skuAt: this.skuAt.subarray(0, n),
      text: this.text.bytesUsed(),
      multi: [...this.multiShapes],
    };
  }

  /**
   * Add every class of `c` (another table's columns) in its order: an empty table takes the columns
   * over as they are, so the first chunk of a parallel read costs no copy. Returns whether it did
   * (false: the classes were copied, and `c` may be released).
   */
  absorbColumns(c: ClassColumns): boolean {
    if (this.size === 0) {
      this.cap = c.size;
      this.size = c.size;
      this.dims = c.dims; this.unitWeight = c.unitWeight; this.compress = c.compress; this.qty = c.qty;
      this.flags = c.flags; this.count = c.count; this.idAt = c.idAt; this.skuAt = c.skuAt;
      this.text.adopt(c.text);
      for (const [ci, shape] of c.multi) {
        this.multiShapes.set(ci, shape);
        this.multi.set(computeShapeKey(shape.lines), ci);
      }
      this.singles = c.size - c.multi.length;
      let slots = 256;
      while (slots < this.singles * 2) slots *= 2;
      this.rehash(slots);
      return true;
    }
    // Room for every class at once, and no more (the last chunk of a read adds nothing after it):
    // one copy of the columns, not a doubling per overflow.
    if (this.cap < this.size + c.size) this.grow(this.size + c.size, true);
    let slots = this.slots.length;
    while (slots < (this.singles + c.size) * 2) slots *= 2;
    if (slots > this.slots.length) this.rehash(slots);
    const text = new TextPool();
    text.adopt(c.text);
    this.text.room(c.text.length);
    const multi = new Map(c.multi);
    const k = this.scratch;
    for (let j = 0; j < c.size; j++) {
      const f = c.flags[j]!;
      if (f & MULTI) {
        this.add(multi.get(j)!.lines, c.count[j]!, text.get(c.idAt[j]!));
        continue;
      }
      // Straight from column to column: the numbers are canonical already.
      k[0] = c.dims[j * 3]!; k[1] = c.dims[j * 3 + 1]!; k[2] = c.dims[j * 3 + 2]!;
      k[3] = c.qty[j]!; k[4] = c.unitWeight[j]!; k[5] = c.compress[j]!; k[6] = f & UPRIGHT;
      const slot = this.probeScratch();
      const found = this.slots[slot]!;
      if (found >= 0) {
        this.count[found] = this.count[found]! + c.count[j]!;
        continue;
      }
      const i = this.size++;
      this.slots[slot] = i;
      this.dims[i * 3] = k[0]; this.dims[i * 3 + 1] = k[1]; this.dims[i * 3 + 2] = k[2];
      this.qty[i] = k[3]; this.unitWeight[i] = k[4]; this.compress[i] = k[5];
      this.flags[i] = f;
      this.count[i] = c.count[j]!;
      this.idAt[i] = this.text.copy(text, c.idAt[j]!);
      this.skuAt[i] = c.skuAt[j]! > 0 ? this.text.copy(text, c.skuAt[j]! - 1) + 1 : 0;
      this.singles++;
    }
    return false;
  }

  /** Empty the table, keeping the room its columns have (a read that spills its classes refills it). */
  clear(): void {
    this.size = 0;
    this.singles = 0;
    this.slots.fill(-1);
    this.text.clear();
    this.multi.clear();
    this.multiShapes.clear();
  }

  /**
   * Give the columns' memory back at once (a partition of a spilled evaluate, done with): the
   * resizable buffers shrink to nothing instead of waiting for a full collection. The table must
   * not be used afterwards.
   */
  release(): void {
    releaseColumns(this.toColumns());
    this.clear();
    this.cap = 0;
    this.slots = new Int32Array(256).fill(-1);
  }

  /** Is class `ci` one of several item lines? */
  isMulti(ci: number): boolean {
    return (this.flags[ci]! & MULTI) !== 0;
  }

  /** shapeHash of class `ci`'s lines, from its columns for a single line. */
  hashOf(ci: number): number {
    if (this.flags[ci]! & MULTI) return shapeHash(this.multiShapes.get(ci)!.lines);
    const k = hashScratch;
    k[0] = this.dims[ci * 3]!; k[1] = this.dims[ci * 3 + 1]!; k[2] = this.dims[ci * 3 + 2]!;
    k[3] = this.qty[ci]!; k[4] = this.unitWeight[ci]!; k[5] = this.compress[ci]!; k[6] = this.flags[ci]! & UPRIGHT;
    return hashCanonical();
  }

  /**
   * A single-line class's line into `out`: l, w, h in the file's order, qty, unit weight,
   * compress, upright (1/0).
   */
  singleLineOf(ci: number, out: Float64Array): void {
    const f = this.flags[ci]!;
    const o = ci * 3;
    const p = f >> PERM_SHIFT;
    out[0] = this.dims[o + (p & 3)]!;
    out[1] = this.dims[o + ((p >> 2) & 3)]!;
    out[2] = this.dims[o + ((p >> 4) & 3)]!;
    out[3] = this.qty[ci]!;
    out[4] = this.unitWeight[ci]!;
    out[5] = this.compress[ci]!;
    out[6] = f & UPRIGHT;
  }

  /** The UTF-8 bytes of class `ci`'s example id (a view into the table). */
  exampleIdBytes(ci: number): Uint8Array {
    return this.text.bytesOf(this.idAt[ci]!);
  }

  /** The UTF-8 bytes of a single-line class's sku (a view; empty when none). */
  skuBytes(ci: number): Uint8Array {
    const at = this.skuAt[ci]!;
    return at > 0 ? this.text.bytesOf(at - 1) : EMPTY_BYTES;
  }

  /** Change a class's shipment count by `delta` (−count drops shipments read earlier). */
  addCount(ci: number, delta: number): void {
    this.count[ci] = this.count[ci]! + delta;
  }

  /** The class of a shape, or −1 when it was never added. */
  find(lines: readonly ItemLine[]): number {
    if (lines.length !== 1) return this.multi.get(computeShapeKey(lines)) ?? -1;
    const slot = this.probe(lines[0]!);
    return this.slots[slot]!;
  }

  /** Shipments of class `ci`. */
  countOf(ci: number): number {
    return this.count[ci]!;
  }

  /** The first shipment id read with this shape. */
  exampleIdOf(ci: number): string {
    return this.text.get(this.idAt[ci]!);
  }

  /** Total units of one shipment of class `ci`. */
  unitsOf(ci: number): number {
    return this.flags[ci]! & MULTI ? this.multiShapes.get(ci)!.units : this.qty[ci]!;
  }

  /** Weight of one shipment of class `ci`. */
  weightOf(ci: number): number {
    // As the multi-line sum does it (0 + qty·w), so both give the same bits.
    return this.flags[ci]! & MULTI ? this.multiShapes.get(ci)!.weight : 0 + this.qty[ci]! * this.unitWeight[ci]!;
  }

  /** Item volume of one shipment of class `ci`. */
  itemVolumeOf(ci: number): number {
    const f = this.flags[ci]!;
    if (f & MULTI) return this.multiShapes.get(ci)!.itemVolume;
    // In the file's order of l, w, h, as the multi-line sum multiplies them: the same bits.
    const o = ci * 3;
    const p = f >> PERM_SHIFT;
    return 0 + this.qty[ci]! * this.dims[o + (p & 3)]! * this.dims[o + ((p >> 2) & 3)]! * this.dims[o + ((p >> 4) & 3)]!;
  }

  /** The item lines of class `ci` (fresh objects for a single line, the stored copies otherwise). */
  linesOf(ci: number): ItemLine[] {
    return this.flags[ci]! & MULTI ? this.multiShapes.get(ci)!.lines : [this.lineOf(ci)];
  }

  /** A single-line class's line, its dims in the order the file gave them. */
  private lineOf(ci: number): ItemLine {
    const f = this.flags[ci]!;
    const o = ci * 3;
    const p = f >> PERM_SHIFT;
    return new StoredLine(
      this.dims[o + (p & 3)]!,
      this.dims[o + ((p >> 2) & 3)]!,
      this.dims[o + ((p >> 4) & 3)]!,
      this.qty[ci]!,
      this.unitWeight[ci]!,
      (f & UPRIGHT) !== 0,
      this.compress[ci]!,
      this,
      ci,
    );
  }

  /** The sku of a single-line class ('' when none). */
  skuOf(ci: number): string {
    const at = this.skuAt[ci]!;
    return at > 0 ? this.text.get(at - 1) : '';
  }

  /**
   * add() for a single line whose sku (`ln.sku` is not read) and shipment id come as UTF-8 bytes
   * (classes loaded back from a spill file: no strings made).
   */
  addSingleBytes(ln: ItemLine, sku: Uint8Array, count: number, id: Uint8Array): number {
    if ((this.singles + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const slot = this.probe(ln); // also leaves the line's numbers in scratch and its order in perm
    const found = this.slots[slot]!;
    if (found >= 0) {
      this.count[found] = this.count[found]! + count;
      return found;
    }
    const i = this.size;
    if (i === this.cap) this.grow();
    this.size++;
    this.count[i] = count;
    this.idAt[i] = this.text.addBytes(id);
    this.slots[slot] = i;
    this.writeSingle(i, ln.upright, sku.length === 0 ? 0 : this.text.addBytes(sku) + 1);
    return i;
  }

  private insert(given: readonly ItemLine[], count: number, id: string): number {
    const i = this.size;
    if (i === this.cap) this.grow();
    this.size++;
    this.count[i] = count;
    this.idAt[i] = this.text.add(id);
    if (given.length !== 1) {
      // Readers recycle their line objects, so the table keeps copies.
      const lines = given.map((ln) => ({ ...ln }));
      this.flags[i] = MULTI;
      this.multiShapes.set(i, { lines, ...sumLines(lines) });
      this.multi.set(computeShapeKey(lines), i);
      return i;
    }
    if ((this.singles + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const ln = given[0]!;
    const slot = this.probe(ln); // also leaves the line's numbers in scratch and its order in perm
    this.slots[slot] = i;
    this.writeSingle(i, ln.upright, ln.sku === '' ? 0 : this.text.add(ln.sku) + 1);
    return i;
  }

  /** Class i's one line from the numbers `probe` left in scratch (sorted sides, their order in perm). */
  private writeSingle(i: number, upright: boolean, skuAt: number): void {
    const k = this.scratch;
    this.dims[i * 3] = k[0]!;
    this.dims[i * 3 + 1] = k[1]!;
    this.dims[i * 3 + 2] = k[2]!;
    this.qty[i] = k[3]!;
    this.unitWeight[i] = k[4]!;
    this.compress[i] = k[5]!;
    this.flags[i] = (upright ? UPRIGHT : 0) | (this.perm << PERM_SHIFT);
    this.skuAt[i] = skuAt;
    this.singles++;
  }

  private grow(atLeast = 0, exact = false): void {
    this.cap = exact ? atLeast : Math.max(this.cap * 2, atLeast, 64);
    this.dims = regrow(this.dims, this.cap * 3);
    this.unitWeight = regrow(this.unitWeight, this.cap);
    this.compress = regrow(this.compress, this.cap);
    this.qty = regrow(this.qty, this.cap);
    this.flags = regrow(this.flags, this.cap);
    this.count = regrow(this.count, this.cap);
    this.idAt = regrow(this.idAt, this.cap);
    this.skuAt = regrow(this.skuAt, this.cap);
  }

  /** The slot holding this line's class, or the empty slot where it would go. */
  private probe(ln: ItemLine): number {
    const k = this.scratch;
    this.perm = canonicalOrder(ln, k);
    return this.probeScratch();
  }

  /** probe() for the canonical numbers already in scratch. */
  private probeScratch(): number {
    const k = this.scratch;
    let h = 0x811c9dc5;
    const w = this.words;
    // Dims and weight tell shapes apart; qty, compress and upright rarely do, so they are compared, not hashed.
    for (let j = 0; j < 10; j++) h = Math.imul(h ^ w[j]!, 0x01000193);
    h ^= h >>> 15;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    const d = this.dims;
    for (;;) {
      const ci = this.slots[slot]!;
      if (ci < 0) return slot;
      const o = ci * 3;
      // Multi-line classes never sit in this table, so every occupant has single-line columns.
      if (d[o] === k[0] && d[o + 1] === k[1] && d[o + 2] === k[2] && this.qty[ci] === k[3] && this.unitWeight[ci] === k[4] &&
          this.compress[ci] === k[5] && (this.flags[ci]! & UPRIGHT) === k[6]) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(-1);
    const k = this.scratch;
    for (let ci = 0; ci < this.size; ci++) {
      if (this.flags[ci]! & MULTI) continue;
      k[0] = this.dims[ci * 3]!; k[1] = this.dims[ci * 3 + 1]!; k[2] = this.dims[ci * 3 + 2]!;
      k[3] = this.qty[ci]!; k[4] = this.unitWeight[ci]!; k[5] = this.compress[ci]!; k[6] = this.flags[ci]! & UPRIGHT;
      this.slots[this.probeScratch()] = ci;
    }
  }
}

/**
 * Like canonicalLine, and returns where l, w and h went among the sorted slots (2 bits each), so
 * that the line can be given back with its dims in the file's order.
 */
function canonicalOrder(ln: ItemLine, out: Float64Array): number {
  canonicalLine(ln, out);
  const at = (v: number, taken: number): number => {
    for (let s = 0; s < 3; s++) if (out[s] === v && (taken & (1 << s)) === 0) return s;
    return 0;
  };
  const pl = at(ln.l, 0);
  const pw = at(ln.w, 1 << pl);
  const ph = at(ln.h, (1 << pl) | (1 << pw));
  return pl | (pw << 2) | (ph << 4);
}

type Column = Float64Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;
type ColumnType<T extends Column> = { new (n: number): T; new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number };

/** ES2024's resizable ArrayBuffer (Node 20), which the ES2023 library types do not describe. */
interface ResizableBuffer extends ArrayBuffer {
  readonly resizable: boolean;
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}
const Resizable = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableBuffer;
/** The largest resizable buffer V8 makes (4 GiB); larger columns are plain arrays, copied to grow. */
const MAX_RESIZABLE_BYTES = 2 ** 32;

/**
 * A zeroed column of `n` elements on a resizable buffer: it grows in place (regrow), so growing
 * neither copies the classes nor leaves the old column as garbage for the next full collection
 * (the old and the new column together were the peak of a read with a million shapes).
 */
function column<T extends Column>(type: ColumnType<T>, n: number): T {
  const per = type.BYTES_PER_ELEMENT;
  const bytes = n * per;
  if (bytes > MAX_RESIZABLE_BYTES) return new type(n);
  return new type(new Resizable(bytes, { maxByteLength: MAX_RESIZABLE_BYTES - (MAX_RESIZABLE_BYTES % per) }), 0, n);
}

/** `a` with room for `n` elements, its values kept and the rest zero: in place where its buffer can grow. */
function regrow<T extends Column>(a: T, n: number): T {
  const type = a.constructor as ColumnType<T>;
  const bytes = n * type.BYTES_PER_ELEMENT;
  const buf = a.buffer as ResizableBuffer;
  if (a.byteOffset === 0 && buf.resizable && bytes <= buf.maxByteLength) {
    // Bytes past the view (a column trimmed by toColumns) may hold old values: clear them.
    if (buf.byteLength < bytes) buf.resize(bytes);
    const b = new type(buf, 0, n);
    if (a.length < n) b.fill(0, a.length);
    return b;
  }
  const b = column(type, n);
  b.set(a.length <= n ? a : a.subarray(0, n));
  return b;
}

/**
 * Give back the memory of columns that were absorbed into another table (a chunk of a parallel
 * read, merged): their resizable buffers shrink to nothing at once, instead of waiting for a full
 * collection. The columns must not be read afterwards.
 */
export function releaseColumns(c: ClassColumns): void {
  for (const a of [c.dims, c.unitWeight, c.compress, c.qty, c.flags, c.count, c.idAt, c.skuAt, c.text]) {
    const buf = a.buffer as ResizableBuffer;
    if (buf.resizable) buf.resize(0);
  }
}

/** Strings (example ids, skus) as UTF-8 in one growing byte array: no string object per class. */
class TextPool {
  private bytes: Uint8Array<ArrayBuffer> = column(Uint8Array, 1 << 16);
  private used = 0;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  /** Store `s`; returns its handle. */
  add(s: string): number {
    const at = this.used;
    // At most 3 bytes per UTF-16 code unit, after a 4-byte length.
    this.reserve(at + 4 + s.length * 3);
    let n = 0;
    const b = this.bytes;
    for (; n < s.length; n++) {
      const c = s.charCodeAt(n);
      if (c >= 0x80) break;
      b[at + 4 + n] = c;
    }
    if (n < s.length) n = this.encoder.encodeInto(s, b.subarray(at + 4)).written;
    b[at] = n & 0xff; b[at + 1] = (n >>> 8) & 0xff; b[at + 2] = (n >>> 16) & 0xff; b[at + 3] = n >>> 24;
    this.used = at + 4 + n;
    return at;
  }

  /** The bytes of the string at `handle` (a view). */
  bytesOf(handle: number): Uint8Array {
    const b = this.bytes;
    const n = b[handle]! | (b[handle + 1]! << 8) | (b[handle + 2]! << 16) | (b[handle + 3]! << 24);
    return b.subarray(handle + 4, handle + 4 + n);
  }

  /** Forget every string, keeping the room. */
  clear(): void {
    this.used = 0;
  }

  /** Store a string given as its UTF-8 bytes; returns its handle. */
  addBytes(s: Uint8Array): number {
    const at = this.used;
    const n = s.length;
    this.reserve(at + 4 + n);
    const b = this.bytes;
    b[at] = n & 0xff; b[at + 1] = (n >>> 8) & 0xff; b[at + 2] = (n >>> 16) & 0xff; b[at + 3] = n >>> 24;
    b.set(s, at + 4);
    this.used = at + 4 + n;
    return at;
  }

  /** Room for `bytes` more bytes, exactly (a merge knows what comes). */
  room(bytes: number): void {
    if (this.used + bytes <= this.bytes.length) return;
    this.bytes = regrow(this.bytes, this.used + bytes);
  }

  /** Room for `bytes` bytes in all. */
  private reserve(bytes: number): void {
    if (bytes <= this.bytes.length) return;
    this.bytes = regrow(this.bytes, Math.max(this.bytes.length * 2, bytes));
  }

  /** Store the string at `handle` of another pool (its bytes, undecoded); returns its handle here. */
  copy(from: TextPool, handle: number): number {
    const src = from.bytes;
    const n = 4 + (src[handle]! | (src[handle + 1]! << 8) | (src[handle + 2]! << 16) | (src[handle + 3]! << 24));
    const at = this.used;
    this.reserve(at + n);
    this.bytes.set(src.subarray(handle, handle + n), at);
    this.used = at + n;
    return at;
  }

  /** The bytes in use (a view). */
  bytesUsed(): Uint8Array<ArrayBuffer> {
    return this.bytes.subarray(0, this.used);
  }

  /** Take over bytes from bytesUsed(): handles into them stay valid. */
  adopt(bytes: Uint8Array<ArrayBuffer>): void {
    this.bytes = bytes.length > 0 ? bytes : column(Uint8Array, 1 << 16);
    this.used = bytes.length;
  }

  get(handle: number): string {
    const b = this.bytes;
    const n = b[handle]! | (b[handle + 1]! << 8) | (b[handle + 2]! << 16) | (b[handle + 3]! << 24);
    const from = handle + 4;
    if (n <= 64) {
      // Ids and skus are short and mostly ASCII: cheaper than a TextDecoder call.
      let ascii = true;
      for (let i = from; i < from + n; i++) if (b[i]! >= 0x80) ascii = false;
      if (ascii) return String.fromCharCode(...b.subarray(from, from + n));
    }
    return this.decoder.decode(b.subarray(from, from + n));
  }
}

/**
 * A single-line class's item line. Its sku, rarely read (only packings name skus), is decoded from
 * the pool when asked for; a spread copy (`{ ...line }`) leaves it out, so copy it by name.
 */
class StoredLine implements ItemLine {
  #table: ClassTable | null;
  #index: number;
  #sku = '';
  constructor(
    public l: number,
    public w: number,
    public h: number,
    public qty: number,
    public unitWeight: number,
    public upright: boolean,
    public compress: number,
    table: ClassTable,
    index: number,
  ) {
    this.#table = table;
    this.#index = index;
  }
  get sku(): string {
    if (this.#table) {
      this.#sku = this.#table.skuOf(this.#index);
      this.#table = null;
    }
    return this.#sku;
  }
  set sku(value: string) {
    this.#sku = value;
    this.#table = null;
  }
}

/** One class of a ClassTable, read through on access (lines are built once per object). */
class StoredClass implements ShipmentClass {
  private built: ItemLine[] | null = null;
  constructor(private readonly table: ClassTable, private readonly index: number) {}
  get lines(): ItemLine[] {
    return (this.built ??= this.table.linesOf(this.index));
  }
  get units(): number {
    return this.table.unitsOf(this.index);
  }
  get count(): number {
    return this.table.countOf(this.index);
  }
  get itemVolume(): number {
    return this.table.itemVolumeOf(this.index);
  }
  get weight(): number {
    return this.table.weightOf(this.index);
  }
  get exampleId(): string {
    return this.table.exampleIdOf(this.index);
  }
}

/**
 * The classes of a table as a read-only array whose elements are built when read, so that callers
 * written for `ShipmentClass[]` (forEach, map, indexing) work unchanged without a million objects
 * kept alive. Writing to it throws.
 */
function classView(table: ClassTable): readonly ShipmentClass[] {
  const index = (p: string | symbol): number => {
    if (typeof p !== 'string') return -1;
    const c0 = p.charCodeAt(0);
    if (c0 < 48 || c0 > 57 || (c0 === 48 && p.length > 1)) return -1;
    const i = Number(p);
    return Number.isInteger(i) ? i : -1;
  };
  return new Proxy<ShipmentClass[]>([], {
    get(target, p, receiver) {
      if (p === 'length') return table.size;
      const i = index(p);
      if (i >= 0) return i < table.size ? new StoredClass(table, i) : undefined;
      return Reflect.get(target, p, receiver);
    },
    has(target, p) {
      const i = index(p);
      return i >= 0 ? i < table.size : Reflect.has(target, p);
    },
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}

/** Total weighted shipments over classes. */
export function countShipments(classes: readonly ShipmentClass[]): number {
  let n = 0;
  for (const c of classes) n += c.count;
  return n;
}
