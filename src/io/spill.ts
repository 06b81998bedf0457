// Shape classes spilled to temporary files: when a read holds more distinct shapes than a
// threshold, its classes go to P partition files by a hash of their shape and the store is
// emptied; an evaluate then loads one partition at a time, merges its duplicates (the first seen
// wins, counts add up) and fits it alone. Memory then stays near the threshold's, whatever the
// number of shapes. Each class carries its first-seen order, so that a partition's classes sort
// back into the order a read that kept every shape would have given them.
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistogramStore } from '../core/histogram.js';
import { ClassTable, shapeHash, type ItemLine } from '../core/shipments.js';

/** Where and when a reader spills its classes. */
export interface SpillOptions {
  /** An existing folder for the partition files. */
  dir: string;
  /** Classes held before they are spilled. */
  threshold: number;
  partitions: number;
  /** This reader's file names start with it (a parallel read: one per chunk). */
  prefix: string;
  /** First-seen order of the reader's first class (a chunk of a parallel read starts past the chunks before it). */
  orderBase: number;
}

/** The classes of a read that spilled: its partitions' files. */
export interface SpilledClasses {
  dir: string;
  partitions: number;
  /** The readers whose files make up each partition. */
  prefixes: string[];
}

/** Order bases of a parallel read's chunks lie this far apart (more classes than any file holds). */
export const CHUNK_ORDER_STRIDE = 2 ** 44;

const BLOCK = 1 << 16;

/** A growing record buffer of one partition, written to its file in blocks. */
class PartitionWriter {
  private buf = Buffer.allocUnsafe(BLOCK);
  private view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  private used = 0;
  private fd = -1;
  constructor(private readonly path: string) {}

  private room(n: number): void {
    if (this.used + n <= this.buf.length) return;
    this.drain();
    if (n > this.buf.length) {
      this.buf = Buffer.allocUnsafe(n);
      this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    }
  }

  private drain(): void {
    if (this.used === 0) return;
    if (this.fd < 0) this.fd = openSync(this.path, 'a');
    let off = 0;
    while (off < this.used) off += writeSync(this.fd, this.buf, off, this.used - off);
    this.used = 0;
  }

  /** A single-line class: as record(), its line's numbers as ClassTable.singleLineOf gives them and its texts as bytes. */
  recordSingle(order: number, count: number, k: Float64Array, sku: Uint8Array, id: Uint8Array): void {
    this.room(8 + 8 + 4 + 6 * 8 + 1 + 4 + sku.length + 4 + id.length);
    const b = this.buf;
    const v = this.view;
    let at = this.used;
    v.setFloat64(at, order, true);
    v.setFloat64(at + 8, count, true);
    v.setUint32(at + 16, 1, true);
    at += 20;
    for (let j = 0; j < 6; j++, at += 8) v.setFloat64(at, k[j]!, true);
    b[at++] = k[6]!;
    v.setUint32(at, sku.length, true);
    b.set(sku, at + 4);
    at += 4 + sku.length;
    v.setUint32(at, id.length, true);
    b.set(id, at + 4);
    this.used = at + 4 + id.length;
  }

  /** One class: its first-seen order (Infinity: a count correction), count, lines and example id. */
  record(order: number, count: number, lines: readonly ItemLine[], id: string): void {
    let n = 8 + 8 + 4 + 4 + Buffer.byteLength(id);
    for (const ln of lines) n += 7 * 8 + 1 + 4 + Buffer.byteLength(ln.sku);
    this.room(n);
    const b = this.buf;
    let at = this.used;
    at = b.writeDoubleLE(order, at);
    at = b.writeDoubleLE(count, at);
    at = b.writeUInt32LE(lines.length, at);
    for (const ln of lines) {
      at = b.writeDoubleLE(ln.l, at);
      at = b.writeDoubleLE(ln.w, at);
      at = b.writeDoubleLE(ln.h, at);
      at = b.writeDoubleLE(ln.qty, at);
      at = b.writeDoubleLE(ln.unitWeight, at);
      at = b.writeDoubleLE(ln.compress, at);
      at = b.writeUInt8(ln.upright ? 1 : 0, at);
      at = writeText(b, at, ln.sku);
    }
    at = writeText(b, at, id);
    this.used = at;
  }

  close(): void {
    try {
      this.drain();
    } finally {
      if (this.fd >= 0) closeSync(this.fd);
      this.fd = -1;
    }
  }
}

function writeText(b: Buffer, at: number, s: string): number {
  const n = b.write(s, at + 4, 'utf8');
  b.writeUInt32LE(n, at);
  return at + 4 + n;
}

function partitionFile(dir: string, prefix: string, p: number): string {
  return join(dir, `${prefix}-${p}.bin`);
}

/** The spilling side of a read: flushes a ClassTable into the partition files. */
export class ClassSpill {
  /** How many times the store was flushed (a class index is valid only within one generation). */
  generation = 0;
  private next: number;
  private readonly writers: PartitionWriter[];
  private readonly scratch = new Float64Array(7);

  constructor(readonly options: SpillOptions) {
    this.next = options.orderBase;
    this.writers = Array.from({ length: options.partitions }, (_, p) => new PartitionWriter(partitionFile(options.dir, options.prefix, p)));
  }

  /** Did the read spill (and so must go on spilling until its end)? */
  get spilled(): boolean {
    return this.generation > 0;
  }

  /**
   * Does the table hold enough classes to spill? The threshold, then half of it once spilling:
   * the first spill comes as late as the threshold says (histories below it are never spilled),
   * the next ones sooner, so that the store's later fills stay smaller than its first.
   */
  full(table: ClassTable): boolean {
    const t = this.options.threshold;
    return table.size >= (this.generation === 0 ? t : Math.max(1, t >> 1));
  }

  /** Append every class of `table` to its partition and empty the table. */
  flush(table: ClassTable): void {
    const P = this.options.partitions;
    const k = this.scratch;
    for (let ci = 0; ci < table.size; ci++) {
      const w = this.writers[table.hashOf(ci) % P]!;
      if (table.isMulti(ci)) {
        w.record(this.next + ci, table.countOf(ci), table.linesOf(ci), table.exampleIdOf(ci));
      } else {
        // Straight from the columns: no line object, no string.
        table.singleLineOf(ci, k);
        w.recordSingle(this.next + ci, table.countOf(ci), k, table.skuBytes(ci), table.exampleIdBytes(ci));
      }
    }
    this.next += table.size;
    // Emptied; the first fill's room is given back, as the next fills are smaller (see full()).
    if (this.generation === 0) table.release();
    else table.clear();
    this.generation++;
  }

  /** Change the count of a shape spilled earlier by `delta` (a shipment dropped after its class was spilled). */
  correct(lines: readonly ItemLine[], delta: number): void {
    this.writers[shapeHash(lines) % this.options.partitions]!.record(Infinity, delta, lines, '');
  }

  /** Write what is buffered and close the files; the classes as spilled. */
  close(): SpilledClasses {
    let failure: unknown = null;
    for (const w of this.writers) {
      try {
        w.close();
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
    return { dir: this.options.dir, partitions: this.options.partitions, prefixes: [this.options.prefix] };
  }
}

/** Remove a reader's partition files (a parallel read that falls back to one pass). */
export function discardSpill(dir: string, prefix: string, partitions: number): void {
  for (let p = 0; p < partitions; p++) rmSync(partitionFile(dir, prefix, p), { force: true });
}

/** One partition's classes, merged, in first-seen order, and each class's first-seen order. */
export interface Partition {
  table: ClassTable;
  order: Float64Array;
}

/** Load partition `p`: its records from every reader, duplicates merged, classes in first-seen order. */
export function loadPartition(spilled: SpilledClasses, p: number): Partition {
  const files: Buffer[] = [];
  for (const prefix of spilled.prefixes) {
    try {
      files.push(readFileSync(partitionFile(spilled.dir, prefix, p)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  // A reader writes its classes in first-seen order, and readers come in order (a chunk's
  // classes all follow the chunk's before it): the records are in order as they lie, but for the
  // count corrections (order Infinity), applied at the end.
  const table = new ClassTable();
  let order = new Float64Array(1024);
  const lines: ItemLine[] = [];
  const corrections: [DataView, number][] = [];
  const single: SingleRecord = {
    line: { l: 0, w: 0, h: 0, qty: 0, unitWeight: 0, upright: false, compress: 0, sku: '' },
    count: 0,
    sku: EMPTY,
    id: EMPTY,
  };
  let last = -Infinity;
  for (const b of files) {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let at = 0;
    while (at < b.length) {
      const o = v.getFloat64(at, true);
      if (o === Infinity) {
        corrections.push([v, at]);
        at = skipRecord(v, at);
        continue;
      }
      if (!(o > last)) throw new Error(`spilled classes out of order in partition ${p}`);
      last = o;
      const before = table.size;
      let ci: number;
      if (v.getUint32(at + 16, true) === 1) {
        // One line: straight into the table's columns and text, no strings.
        at = readSingle(v, at, single);
        ci = table.addSingleBytes(single.line, single.sku, single.count, single.id);
      } else {
        const { count, id, end } = readRecord(v, at, lines);
        at = end;
        ci = table.add(lines, count, id);
      }
      if (table.size > before) {
        if (ci === order.length) {
          const grown = new Float64Array(order.length * 2);
          grown.set(order);
          order = grown;
        }
        order[ci] = o;
      }
    }
  }
  for (const [v, at] of corrections) {
    const { count } = readRecord(v, at, lines);
    const ci = table.find(lines);
    if (ci >= 0) table.addCount(ci, count);
  }
  return { table, order: order.subarray(0, table.size) };
}

const EMPTY = new Uint8Array(0);

/** A one-line record as read: its line's numbers, its sku's and id's bytes (views of the file). */
interface SingleRecord {
  line: ItemLine;
  count: number;
  sku: Uint8Array;
  id: Uint8Array;
}

/** Decode the one-line record at `at` into `r`; returns where the next record starts. */
function readSingle(v: DataView, at: number, r: SingleRecord): number {
  r.count = v.getFloat64(at + 8, true);
  at += 20;
  const ln = r.line;
  ln.l = v.getFloat64(at, true);
  ln.w = v.getFloat64(at + 8, true);
  ln.h = v.getFloat64(at + 16, true);
  ln.qty = v.getFloat64(at + 24, true);
  ln.unitWeight = v.getFloat64(at + 32, true);
  ln.compress = v.getFloat64(at + 40, true);
  ln.upright = v.getUint8(at + 48) === 1;
  at += 49;
  const sn = v.getUint32(at, true);
  r.sku = new Uint8Array(v.buffer, v.byteOffset + at + 4, sn);
  at += 4 + sn;
  const idn = v.getUint32(at, true);
  r.id = new Uint8Array(v.buffer, v.byteOffset + at + 4, idn);
  return at + 4 + idn;
}

function skipRecord(v: DataView, at: number): number {
  at += 16;
  const n = v.getUint32(at, true);
  at += 4;
  for (let k = 0; k < n; k++) {
    at += 6 * 8 + 1;
    at += 4 + v.getUint32(at, true);
  }
  return at + 4 + v.getUint32(at, true);
}

const decoder = new TextDecoder();

/** A string of the record's bytes (ids and skus are short and mostly ASCII). */
function readText(v: DataView, at: number, n: number): string {
  if (n <= 64) {
    let s = '';
    for (let i = 0; i < n; i++) {
      const c = v.getUint8(at + i);
      if (c >= 0x80) return decoder.decode(new Uint8Array(v.buffer, v.byteOffset + at, n));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(new Uint8Array(v.buffer, v.byteOffset + at, n));
}

/** Decode the record at `at` into `lines` (reused objects; the table copies what it keeps). */
function readRecord(v: DataView, at: number, lines: ItemLine[]): { count: number; id: string; end: number } {
  const count = v.getFloat64(at + 8, true);
  at += 16;
  const n = v.getUint32(at, true);
  at += 4;
  lines.length = n;
  for (let k = 0; k < n; k++) {
    const l = v.getFloat64(at, true);
    const w = v.getFloat64(at + 8, true);
    const h = v.getFloat64(at + 16, true);
    const qty = v.getFloat64(at + 24, true);
    const unitWeight = v.getFloat64(at + 32, true);
    const compress = v.getFloat64(at + 40, true);
    const upright = v.getUint8(at + 48) === 1;
    at += 49;
    const sn = v.getUint32(at, true);
    const sku = readText(v, at + 4, sn);
    at += 4 + sn;
    lines[k] = { l, w, h, qty, unitWeight, upright, compress, sku };
  }
  const idn = v.getUint32(at, true);
  return { count, id: readText(v, at + 4, idn), end: at + 4 + idn };
}

/** A temporary folder for spilled classes, removed by remove() (and when the process exits). */
export class SpillArea {
  readonly dir: string;
  private readonly onExit = () => this.remove();
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'packopt-spill-'));
    process.once('exit', this.onExit);
  }
  remove(): void {
    process.removeListener('exit', this.onExit);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The histograms' values of a spilled evaluate, in a file of the spill folder (24 bytes a fitted class). */
export class FileHistogramStore implements HistogramStore {
  private readonly buf = new Float64Array(3 * 4096);
  private used = 0;
  private fd: number;
  constructor(private readonly path: string) {
    this.fd = openSync(path, 'w+');
  }
  push(util: number, air: number, weight: number): void {
    if (this.used === this.buf.length) this.drain();
    this.buf[this.used++] = util;
    this.buf[this.used++] = air;
    this.buf[this.used++] = weight;
  }
  private drain(): void {
    const bytes = new Uint8Array(this.buf.buffer, 0, this.used * 8);
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
    this.used = 0;
  }
  forEach(visit: (util: number, air: number, weight: number) => void): void {
    this.drain();
    const block = new Float64Array(3 * 4096);
    const bytes = new Uint8Array(block.buffer);
    let pos = 0;
    for (;;) {
      let got = 0;
      while (got < bytes.length) {
        const n = readSync(this.fd, bytes, got, bytes.length - got, pos + got);
        if (n === 0) break;
        got += n;
      }
      for (let i = 0; i + 3 <= got / 8; i += 3) visit(block[i]!, block[i + 1]!, block[i + 2]!);
      if (got < bytes.length) break;
      pos += got;
    }
  }
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    unlinkSync(this.path);
  }
}
