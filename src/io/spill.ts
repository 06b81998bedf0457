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
  private used = 0;
  private fd = -1;
  constructor(private readonly path: string) {}

  private room(n: number): void {
    if (this.used + n <= this.buf.length) return;
    this.drain();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
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
    let at = this.used;
    at = b.writeDoubleLE(order, at);
    at = b.writeDoubleLE(count, at);
    at = b.writeUInt32LE(1, at);
    for (let j = 0; j < 6; j++) at = b.writeDoubleLE(k[j]!, at);
    at = b.writeUInt8(k[6]!, at);
    at = b.writeUInt32LE(sku.length, at);
    b.set(sku, at);
    at += sku.length;
    at = b.writeUInt32LE(id.length, at);
    b.set(id, at);
    this.used = at + id.length;
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
    // Emptied and its room given back: the next fill is smaller (see full()).
    table.release();
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
  // First the records' orders and places, then the records decoded in order.
  const orders: number[] = [];
  const where: number[] = [];
  files.forEach((b, f) => {
    let at = 0;
    while (at < b.length) {
      orders.push(b.readDoubleLE(at));
      where.push(f, at);
      at = skipRecord(b, at);
    }
  });
  const idx = Array.from(orders, (_, i) => i).sort((i, j) => orders[i]! - orders[j]! || i - j);
  const table = new ClassTable();
  const order = new Float64Array(orders.length);
  const lines: ItemLine[] = [];
  for (const i of idx) {
    const b = files[where[2 * i]!]!;
    const { count, id } = readRecord(b, where[2 * i + 1]!, lines);
    const o = orders[i]!;
    if (o === Infinity) {
      const ci = table.find(lines);
      if (ci >= 0) table.addCount(ci, count);
      continue;
    }
    const before = table.size;
    const ci = table.add(lines, count, id);
    if (table.size > before) order[ci] = o;
  }
  return { table, order: order.subarray(0, table.size) };
}

function skipRecord(b: Buffer, at: number): number {
  at += 16;
  const n = b.readUInt32LE(at);
  at += 4;
  for (let k = 0; k < n; k++) {
    at += 6 * 8 + 1;
    at += 4 + b.readUInt32LE(at);
  }
  return at + 4 + b.readUInt32LE(at);
}

/** Decode the record at `at` into `lines` (reused objects; the table copies what it keeps). */
function readRecord(b: Buffer, at: number, lines: ItemLine[]): { count: number; id: string } {
  const count = b.readDoubleLE(at + 8);
  at += 16;
  const n = b.readUInt32LE(at);
  at += 4;
  lines.length = n;
  for (let k = 0; k < n; k++) {
    const l = b.readDoubleLE(at);
    const w = b.readDoubleLE(at + 8);
    const h = b.readDoubleLE(at + 16);
    const qty = b.readDoubleLE(at + 24);
    const unitWeight = b.readDoubleLE(at + 32);
    const compress = b.readDoubleLE(at + 40);
    const upright = b[at + 48] === 1;
    at += 49;
    const sn = b.readUInt32LE(at);
    const sku = b.toString('utf8', at + 4, at + 4 + sn);
    at += 4 + sn;
    lines[k] = { l, w, h, qty, unitWeight, upright, compress, sku };
  }
  const idn = b.readUInt32LE(at);
  return { count, id: b.toString('utf8', at + 4, at + 4 + idn) };
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
