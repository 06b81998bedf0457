// Shipments CSV → weighted shape classes (SPEC §3). One pass streams the rows, groups contiguous
// item lines into shipments and aggregates identical shapes; bad rows are all collected, then reported.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { quoteText } from '../text.js';
import { InputError, MAX_LISTED_PROBLEMS, type InputProblem } from '../errors.js';
import type { UnitSystem } from '../core/params.js';
import { ClassTable, releaseColumns, type ClassColumns, type ItemLine, type ShipmentClass } from '../core/shipments.js';
import { readCsv, type ByteCounts, type CsvRange } from './csv.js';
import { isRegularFile } from './input-file.js';
import { ClassSpill, type SpilledClasses, type SpillOptions } from './spill.js';
import {
  looksPlain,
  MAX_COUNT,
  MAX_QUANTITY,
  parseBoolCell,
  parseCountCell,
  parseDateCell,
  parseMeasureCell,
  parseNumberCell,
  type Cell,
  type Range,
} from './cells.js';
import { resolveHeader, type ColumnSpec, type ResolvedHeader } from './header.js';
import { measureRanges } from './units.js';

type ShipmentColumn =
  | 'shipment_id' | 'length' | 'width' | 'height' | 'quantity' | 'weight'
  | 'sku' | 'date' | 'upright' | 'compress' | 'count';

const SHIPMENT_COLUMNS: readonly (ColumnSpec & { name: ShipmentColumn })[] = [
  { name: 'shipment_id', aliases: ['order_id'], kind: 'plain', required: true },
  { name: 'length', kind: 'length', required: true },
  { name: 'width', kind: 'length', required: true },
  { name: 'height', kind: 'length', required: true },
  { name: 'quantity', aliases: ['qty'], kind: 'plain', required: false },
  { name: 'weight', kind: 'weight', required: false },
  { name: 'sku', kind: 'plain', required: false },
  { name: 'date', kind: 'plain', required: false },
  { name: 'upright', kind: 'plain', required: false },
  { name: 'compress', kind: 'plain', required: false },
  { name: 'count', kind: 'plain', required: false },
];

/** How many of a shipment's `count` are held out; null: it has no date and the split needs one. */
export type HoldoutRoute = (date: string | null, count: number) => number | null;

export interface ReadShipmentsOptions {
  units: UnitSystem;
  /** Skip the shipments of bad rows instead of failing. */
  skipInvalid: boolean;
  /** Called now and then with the rows and bytes read so far and the file's size (0: unknown), for progress. */
  onProgress?: (rows: number, bytes: number, totalBytes: number) => void;
  /** Shipments (by the line they start on) not to visit: those readShipments dropped. */
  skipGroups?: ReadonlySet<number>;
  /**
   * Out-of-sample split (SPEC §11): makes, for one pass in file order, the function that says how
   * many of a shipment's `count` are held out, or null when it has no date and the split needs one.
   */
  holdout?: () => HoldoutRoute;
  /** The file must have a `date` column: why (a header without one is refused with this reason). */
  requireDate?: string;
  /**
   * Spill the classes to partition files past a number of distinct shapes (evaluate on histories
   * whose shapes never level off); the input then has no classes in memory but `spilled`.
   */
  spill?: SpillOptions;
  /** Told each time the classes are spilled. */
  onSpill?: () => void;
}

/** One shipment as streamed: its id, item lines, weight and where it stood. */
export interface StreamedShipment {
  id: string;
  lines: ItemLine[];
  count: number;
  date: string | null;
  rows: number;
  line: number;
}

export interface ShipmentsInput {
  file: string;
  /** The shape classes (a class may have count 0 if --skip-invalid dropped its only shipments). */
  classes: readonly ShipmentClass[];
  /** Finds the class of a shipment's lines (for the per-shipment output files). */
  table: ClassTable;
  /** Data rows read (item lines). */
  rows: number;
  /** Shipments, weighted by `count`. */
  shipments: number;
  /** Rows skipped under --skip-invalid. */
  skipped: number;
  /**
   * Lines where the shipments that were read but left out (a reappearing id under --skip-invalid)
   * start: a second stream over the file passes them as `skipGroups` to leave out the same ones.
   */
  droppedGroups: ReadonlySet<number>;
  /** Earliest and latest `date`, when the file has dates. */
  dates: { first: string; last: string } | null;
  /** The classes, when the read spilled them to partition files (`classes` is then empty). */
  spilled?: SpilledClasses;
  /** Under `holdout`: the held-out shipments' classes (above: the training ones). */
  heldOut?: { classes: readonly ShipmentClass[]; table: ClassTable; shipments: number; route: () => HoldoutRoute };
}

/**
 * The order in which a sorted export lists its ids, so that "no id reappears" is proven without
 * remembering ids. It must be a strict total order, or an id can slip under the running maximum
 * (3 < 20 < 20x < 3 is how a mixed order lets one through): all-digit ids first, in numeric order
 * (shorter first, then by digits), then every other id by code units.
 */
export function idLess(a: string, b: string): boolean {
  const da = isDigits(a);
  const db = isDigits(b);
  if (da !== db) return da;
  if (da && a.length !== b.length) return a.length < b.length;
  return a < b;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

/**
 * Parses the cells of one row into an item line. Built once per file from the header, so the hot
 * path (millions of rows) allocates nothing but the line itself; problems go to `problems`.
 */
class RowParser {
  problems: InputProblem[] = [];
  private readonly pool: ItemLine[] = [];
  private lastDateRaw = '';
  private lastDate: Cell<string> = { ok: false, reason: '' };

  // Column indices as plain fields (−1: absent): the hot path does no lookups by column name.
  private readonly iWeight: number;
  private readonly iQty: number;
  private readonly iUpright: number;
  private readonly iCompress: number;
  private readonly iCount: number;
  private readonly iDate: number;
  private readonly iSku: number;

  private readonly lengthRange: Range;
  private readonly weightRange: Range;

  constructor(
    private readonly file: string,
    private readonly cols: ResolvedHeader<ShipmentColumn>['col'],
    units: UnitSystem,
  ) {
    const ranges = measureRanges(units);
    this.lengthRange = ranges.length;
    this.weightRange = ranges.weight;
    this.iWeight = cols.weight?.index ?? -1;
    this.iQty = cols.quantity?.index ?? -1;
    this.iUpright = cols.upright?.index ?? -1;
    this.iCompress = cols.compress?.index ?? -1;
    this.iCount = cols.count?.index ?? -1;
    this.iDate = cols.date?.index ?? -1;
    this.iSku = cols.sku?.index ?? -1;
  }

  private problem(line: number, column: string, reason: string): void {
    this.problems.push({ file: this.file, line, column, reason });
  }

  /** A required length (> 0, within range) in report units, or NaN after noting the problem. */
  private dim(cells: string[], line: number, c: 'length' | 'width' | 'height'): number {
    const col = this.cols[c]!;
    const raw = cells[col.index]!;
    const n = raw === '' ? NaN : Number(raw);
    if (n > 0 && looksPlain(raw)) {
      // The common case: no trim, no regex, no object.
      const v = n * col.factor;
      if (v >= this.lengthRange.min && v <= this.lengthRange.max) return v;
    }
    const cell = parseMeasureCell(raw, col.factor, this.lengthRange, true);
    if (cell.ok) return cell.value;
    this.problem(line, col.header, cell.reason);
    return NaN;
  }

  /** An optional cell (by index, −1 when the column is absent) that is present and not blank. */
  private raw(cells: string[], index: number): string | null {
    if (index < 0) return null;
    const raw = cells[index]!;
    return raw === '' || raw.trim() === '' ? null : raw;
  }

  private take<T>(line: number, c: ShipmentColumn, cell: Cell<T>, fallback: T): T {
    if (cell.ok) return cell.value;
    this.problem(line, this.cols[c]!.header, cell.reason);
    return fallback;
  }

  parse(cells: string[], line: number, s: StreamedShipment): void {
    const l = this.dim(cells, line, 'length');
    const w = this.dim(cells, line, 'width');
    const h = this.dim(cells, line, 'height');

    let unitWeight = 0;
    const wt = this.raw(cells, this.iWeight);
    if (wt !== null) {
      const f = this.cols.weight!.factor;
      const v = Number(wt) * f;
      unitWeight = v >= 0 && v <= this.weightRange.max && looksPlain(wt) ? v : this.take(line, 'weight', parseMeasureCell(wt, f, this.weightRange, false), 0);
    }

    const q = this.raw(cells, this.iQty);
    const qty = q === null || q === '1' ? 1 : this.take(line, 'quantity', parseCountCell(q, MAX_QUANTITY), 1);

    const u = this.raw(cells, this.iUpright);
    const upright = u === null || u === 'false' ? false : u === 'true' || this.take(line, 'upright', parseBoolCell(u), false);

    const c = this.raw(cells, this.iCompress);
    let compress = 0;
    if (c !== null && c !== '0') {
      const v = Number(c);
      compress = v >= 0 && v <= 0.9 && looksPlain(c) ? v : this.take(line, 'compress', parseNumberCell(c, { min: 0, max: 0.9 }), 0);
    }

    const k = this.raw(cells, this.iCount);
    if (k !== null && k !== '1') s.count = this.take(line, 'count', parseCountCell(k, MAX_COUNT), 1);
    if (s.rows > 1 && s.count !== 1) {
      this.problem(line, this.cols.count!.header, 'count is only allowed on single-row shipments (this shipment has several item lines)');
    }

    const d = this.raw(cells, this.iDate);
    if (d !== null) {
      // Exports list many shipments per day: parse each distinct date string once.
      if (d !== this.lastDateRaw) {
        this.lastDateRaw = d;
        this.lastDate = parseDateCell(d);
      }
      const date = this.take(line, 'date', this.lastDate, null);
      if (date !== null && (s.date === null || date < s.date)) s.date = date;
    }

    const sku = this.iSku >= 0 ? cells[this.iSku]!.trim() : '';
    // Item lines are recycled from shipment to shipment: the hot path allocates no objects.
    const n = s.lines.length;
    let ln = this.pool[n];
    if (!ln) ln = this.pool[n] = { l, w, h, qty, unitWeight, upright, compress, sku };
    else {
      ln.l = l; ln.w = w; ln.h = h; ln.qty = qty; ln.unitWeight = unitWeight;
      ln.upright = upright; ln.compress = compress; ln.sku = sku;
    }
    s.lines.push(ln);
  }
}

/**
 * Stream the shipments of a file, calling `visit` once per shipment with its problems (if any).
 * Problems with the header stop at once; row problems are passed along with the shipment. The
 * shipment object and its lines are reused for the next shipment: a visitor copies what it keeps.
 */
export async function streamShipments(
  file: string,
  options: ReadShipmentsOptions,
  visit: (s: StreamedShipment, problems: InputProblem[]) => void | Promise<void>,
): Promise<number> {
  return (await streamShipmentsIn(file, options, visit)).rows;
}

/** streamShipments over the whole file, or over one chunk of it (`range`, lines counted from 1 there). */
async function streamShipmentsIn(
  file: string,
  options: ReadShipmentsOptions,
  visit: (s: StreamedShipment, problems: InputProblem[]) => void | Promise<void>,
  range?: CsvRange,
): Promise<{ rows: number; counts: ByteCounts | null }> {
  let parser!: RowParser;
  let idIndex = 0;
  let idHeader = '';
  let fields = 0;
  // One shipment object, refilled for every shipment: visitors copy what they keep.
  const current: StreamedShipment = { id: '', lines: [], count: 1, date: null, rows: 0, line: 0 };
  let open = false;
  let rows = 0;

  const skip = options.skipGroups;
  const totalBytes = range ? range.end - range.start : options.onProgress ? await stat(file).then((st) => (st.isFile() ? st.size : 0), () => 0) : 0;
  const flush = (): void | Promise<void> => {
    const done = open && !(skip !== undefined && skip.has(current.line)) ? visit(current, parser.problems) : undefined;
    open = false;
    if (parser.problems.length > 0) parser.problems = [];
    return done;
  };

  const header = (cells: string[], line: number): InputProblem[] => {
    const r = resolveHeader(file, line, cells, SHIPMENT_COLUMNS, options.units);
    fields = r.columns.fields;
    if (options.requireDate !== undefined && r.problems.length === 0 && !r.columns.col.date) {
      return [{ file, line, column: null, reason: `has no date column: ${options.requireDate}` }];
    }
    if (r.problems.length === 0) {
      parser = new RowParser(file, r.columns.col, options.units);
      idIndex = r.columns.col.shipment_id!.index;
      idHeader = r.columns.col.shipment_id!.header;
    }
    return r.problems;
  };
  // A chunk's header was read (and checked) by whoever split the file.
  if (range && header(range.header, 1).length > 0) throw new InputError(header(range.header, 1));

  const { counts } = await readCsv(file, {
    header,
    record(cells, line, bytes) {
      rows++;
      if (options.onProgress && (rows & 0xffff) === 0) options.onProgress(rows, bytes, totalBytes);
      const rawId = cells[idIndex] ?? '';
      const id = rawId.length > 0 && rawId.charCodeAt(0) > 32 && rawId.charCodeAt(rawId.length - 1) > 32 ? rawId : rawId.trim();
      let pending: void | Promise<void> = undefined;
      if (!open || id !== current.id) {
        pending = flush();
        open = true;
        current.id = id;
        current.lines.length = 0;
        current.count = 1;
        current.date = null;
        current.rows = 0;
        current.line = line;
      }
      current.rows++;
      if (cells.length !== fields) {
        parser.problems.push({ file, line, column: null, reason: `has ${cells.length} fields, the header has ${fields}` });
      } else {
        if (id === '') parser.problems.push({ file, line, column: idHeader, reason: 'is empty' });
        parser.parse(cells, line, current);
      }
      return pending;
    },
  }, range);
  if (parser !== undefined) await flush();
  return { rows, counts };
}

/** What one pass over shipments adds up: classes, totals, dates and the problems found. */
class ShipmentTotals {
  readonly table = new ClassTable();
  readonly problems: InputProblem[] = [];
  problemCount = 0;
  shipments = 0;
  skipped = 0;
  first: string | null = null;
  last: string | null = null;

  constructor(
    private readonly skipInvalid: boolean,
    /** Where classes go past the threshold, when the read may spill. */
    readonly spill: ClassSpill | null = null,
    private readonly onSpill?: () => void,
  ) {}

  /** Spills so far: a class index is valid within one. */
  get generation(): number {
    return this.spill?.generation ?? 0;
  }

  note(p: InputProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push(p);
  }

  /** Count one shipment in; returns its class, or −1 for a shipment with bad rows (skipped or reported as a whole). */
  add(s: StreamedShipment, rowProblems: readonly InputProblem[]): number {
    if (rowProblems.length > 0) {
      if (!this.skipInvalid) rowProblems.forEach((p) => this.note(p));
      this.skipped += s.rows;
      return -1;
    }
    this.shipments += s.count;
    this.noteDate(s.date);
    if (this.spill?.full(this.table)) {
      this.spill.flush(this.table);
      this.onSpill?.();
    }
    return this.table.add(s.lines, s.count, s.id);
  }

  /**
   * Take `count` shipments of class `ci` (of spill generation `gen`, shaped `lines`) back out:
   * from the table while the class is still there, else as a correction of the spilled class.
   */
  uncount(ci: number, gen: number, lines: readonly ItemLine[] | null, count: number): void {
    if (gen === this.generation) this.table.addCount(ci, -count);
    else this.spill!.correct(lines!, -count);
  }

  /** At the end of a read: the rest of a spilled read's classes to their partitions, and its files closed. */
  closeSpill(): SpilledClasses | null {
    if (!this.spill) return null;
    if (this.spill.spilled && this.table.size > 0) this.spill.flush(this.table);
    const files = this.spill.close();
    if (!this.spill.spilled) return null;
    // Emptied: its room (as large as the threshold made it) goes back at once.
    this.table.release();
    return files;
  }

  /** Widen the history's date range to a valid shipment's date. */
  noteDate(date: string | null): void {
    if (date === null) return;
    if (this.first === null || date < this.first) this.first = date;
    if (this.last === null || date > this.last) this.last = date;
  }

  get dates(): { first: string; last: string } | null {
    return this.first !== null && this.last !== null ? { first: this.first, last: this.last } : null;
  }
}

/** Stop on problems, or on a file without shipments; else the input as read. */
function finishInput(
  file: string,
  t: ShipmentTotals,
  rows: number,
  dropped: ReadonlySet<number>,
  held: { table: ClassTable; shipments: number; route: () => HoldoutRoute } | null = null,
): ShipmentsInput {
  const spilled = t.closeSpill();
  if (t.problemCount > 0) {
    const problems = [...t.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new InputError(problems, t.problemCount);
  }
  if (t.shipments === 0 && (held?.shipments ?? 0) === 0) {
    throw new InputError([{ file, line: null, column: null, reason: rows === 0 ? 'has a header but no shipments' : 'no valid shipments left after skipping bad rows' }]);
  }
  const heldOut = held ? { heldOut: { classes: held.table.classes, table: held.table, shipments: held.shipments, route: held.route } } : {};
  return {
    file, classes: t.table.classes, table: t.table, rows, shipments: t.shipments, skipped: t.skipped, droppedGroups: dropped, dates: t.dates,
    ...(spilled ? { spilled } : {}), ...heldOut,
  };
}

/**
 * Read a shipments file into weighted shape classes. Every bad row is reported (InputError, exit 2)
 * unless `skipInvalid`, which drops the shipments of bad rows and counts their rows.
 */
export async function readShipments(file: string, options: ReadShipmentsOptions): Promise<ShipmentsInput> {
  const regular = await isRegularFile(file);
  // A held-out split keeps its classes in memory (its second table is not spilled).
  const spill = options.spill && !options.holdout ? new ClassSpill(options.spill) : null;
  try {
    return await readShipmentsWith(file, options, regular, new ShipmentTotals(options.skipInvalid, spill, options.onSpill));
  } finally {
    // Closed already on success (finishInput); after an error, the files must not stay open.
    try {
      spill?.close();
    } catch {
      // The error that stopped the read is the one to report.
    }
  }
}

async function readShipmentsWith(file: string, options: ReadShipmentsOptions, regular: boolean, t: ShipmentTotals): Promise<ShipmentsInput> {
  const held = options.holdout ? { table: new ClassTable(), shipments: 0, route: options.holdout } : null;
  const route = options.holdout?.();
  // Reappearing ids: while ids only grow (sorted exports) none can reappear, so nothing is kept.
  // An id that is not above the largest so far is a suspect; a second pass settles the suspects.
  // Shipments with bad rows take part too: their id still cannot come back later.
  let maxId: string | null = null;
  interface Suspect { line: number; classIndex: number; gen: number; lines: ItemLine[] | null; count: number; rows: number; heldIndex: number; heldCount: number }
  const suspects = new Map<string, Suspect>();
  const dropped = new Set<number>();

  const rows = await streamShipments(file, options, (s, rowProblems) => {
    // −1: a shipment with bad rows, already skipped (or reported) as a whole.
    let classIndex = -1;
    let heldIndex = -1;
    const heldCount = route && rowProblems.length === 0 ? route(s.date, s.count) : 0;
    if (heldCount === null) rowProblems = [{ file, line: s.line, column: 'date', reason: 'is empty: the out-of-sample split needs the date of every shipment' }];
    if (rowProblems.length > 0 || !held || heldCount === 0) {
      classIndex = t.add(s, rowProblems);
    } else {
      // Training shipments go to `table`, held-out ones to their own (a row's count may split).
      const training = s.count - heldCount!;
      t.noteDate(s.date);
      if (training > 0) classIndex = t.add({ ...s, count: training }, rowProblems);
      heldIndex = held.table.add(s.lines, heldCount!, s.id);
      held.shipments += heldCount!;
    }
    if (maxId === null || idLess(maxId, s.id)) {
      maxId = s.id;
    } else {
      const earlier = suspects.get(s.id);
      if (earlier) {
        reappeared(s.id, earlier.line, s.line);
        dropGroup(s.line, classIndex, t.generation, s.lines, s.count - (heldCount ?? 0), s.rows, heldIndex, heldCount ?? 0);
      } else {
        // A spilling read keeps the shape too: the class may be spilled before the drop.
        const lines = t.spill && classIndex >= 0 ? s.lines.map((ln) => ({ ...ln })) : null;
        suspects.set(s.id, { line: s.line, classIndex, gen: t.generation, lines, count: s.count - (heldCount ?? 0), rows: s.rows, heldIndex, heldCount: heldCount ?? 0 });
      }
    }
  });

  function reappeared(id: string, firstLine: number, line: number) {
    if (options.skipInvalid) return;
    t.note({
      file,
      line,
      column: 'shipment_id',
      reason: `shipment ${quoteText(id)} reappears here after other shipments (its rows start at line ${firstLine}); the rows of one shipment must be contiguous: sort the export by shipment id`,
    });
  }
  function dropGroup(line: number, classIndex: number, gen: number, lines: readonly ItemLine[] | null, count: number, groupRows: number, heldIndex: number, heldCount: number) {
    if (!options.skipInvalid || (classIndex < 0 && heldIndex < 0)) return;
    if (classIndex >= 0) t.uncount(classIndex, gen, lines, count);
    t.shipments -= count;
    if (held && heldIndex >= 0) {
      held.table.addCount(heldIndex, -heldCount);
      held.shipments -= heldCount;
    }
    t.skipped += groupRows;
    dropped.add(line);
  }

  if (suspects.size > 0) {
    if (!regular) {
      throw new InputError([{
        file,
        line: null,
        column: null,
        reason: 'is not a regular file (a pipe or a device), and its shipment ids are not sorted: checking that no shipment reappears needs a second pass over it; save it to a file, or sort it by shipment id',
      }]);
    }
    // Second pass over the ids only: a suspect whose id was seen on an earlier line reappeared.
    const firstSeen = new Map<string, number>();
    await streamShipments(file, { ...options, onProgress: () => {} }, (s) => {
      if (suspects.has(s.id) && !firstSeen.has(s.id)) firstSeen.set(s.id, s.line);
    });
    for (const [id, sus] of suspects) {
      const firstLine = firstSeen.get(id)!;
      if (firstLine < sus.line) {
        reappeared(id, firstLine, sus.line);
        dropGroup(sus.line, sus.classIndex, sus.gen, sus.lines, sus.count, sus.rows, sus.heldIndex, sus.heldCount);
      }
    }
  }
  return finishInput(file, t, rows, dropped, held);
}

/** One chunk of a shipments file read on its own (lines counted from 1 at its start). */
export interface ShipmentsChunk {
  /** The chunk's classes; empty when it spilled them (all of them, then, to its partition files). */
  table: ClassColumns;
  spilled: SpilledClasses | null;
  rows: number;
  shipments: number;
  skipped: number;
  problems: InputProblem[];
  problemCount: number;
  dates: { first: string; last: string } | null;
  /** The chunk's first shipment id and its largest (null: no shipments). */
  firstId: string | null;
  maxId: string | null;
  /** Every id was above all ids before it in the chunk. */
  sorted: boolean;
  counts: ByteCounts;
}

/**
 * Read one chunk of a shipments file (a worker's share of a parallel read). Whether the chunks stand
 * on their own (ids in order across them, no quoted cell across a boundary) is mergeShipmentChunks's call.
 */
export async function readShipmentsChunk(file: string, options: ReadShipmentsOptions, range: CsvRange): Promise<ShipmentsChunk> {
  const spill = options.spill ? new ClassSpill(options.spill) : null;
  try {
    return await readChunkWith(file, options, range, new ShipmentTotals(options.skipInvalid, spill, options.onSpill));
  } finally {
    try {
      spill?.close();
    } catch {
      // The read's own error is the one to report.
    }
  }
}

async function readChunkWith(file: string, options: ReadShipmentsOptions, range: CsvRange, t: ShipmentTotals): Promise<ShipmentsChunk> {
  let firstId: string | null = null;
  let maxId: string | null = null;
  let sorted = true;
  const { rows, counts } = await streamShipmentsIn(file, options, (s, rowProblems) => {
    t.add(s, rowProblems);
    if (firstId === null) firstId = s.id;
    if (maxId === null || idLess(maxId, s.id)) maxId = s.id;
    else sorted = false;
  }, range);
  const spilled = t.closeSpill();
  return {
    table: t.table.toColumns(),
    spilled,
    rows,
    shipments: t.shipments,
    skipped: t.skipped,
    problems: t.problems,
    problemCount: t.problemCount,
    dates: t.dates,
    firstId,
    maxId,
    sorted,
    counts: counts!,
  };
}

/**
 * The chunks of a file, read in parallel, as one input identical to readShipments's — or null when
 * they do not stand on their own (ids out of order within or across chunks, a quoted cell across a
 * boundary, old Mac line ends), for the caller to read the file in one pass instead. Classes are
 * merged in chunk order, so they keep the order of their first shipment in the file.
 */
export function mergeShipmentChunks(
  file: string,
  chunks: readonly ShipmentsChunk[],
  headerLines: number,
  skipInvalid: boolean,
  /** How each chunk spills (by chunk): when one chunk spilled, the others' classes are spilled too. */
  spills?: readonly SpillOptions[],
): ShipmentsInput | null {
  let quotes = 0;
  let maxId: string | null = null;
  for (const c of chunks) {
    if (!c.sorted || c.counts.loneCr > 0 || quotes % 2 !== 0) return null;
    if (c.firstId !== null) {
      if (maxId !== null && !idLess(maxId, c.firstId)) return null;
      maxId = c.maxId;
    }
    quotes += c.counts.quotes;
  }
  const t = new ShipmentTotals(skipInvalid);
  let rows = 0;
  let firstLine = headerLines + 1;
  const spilling = spills !== undefined && chunks.some((c) => c.spilled !== null);
  const spilled: SpilledClasses | null = spilling ? { dir: spills[0]!.dir, partitions: spills[0]!.partitions, prefixes: spills.map((o) => o.prefix) } : null;
  chunks.forEach((c, k) => {
    if (spilling) {
      // A chunk that kept its classes spills them now, in its own files and order.
      if (c.spilled === null && c.table.size > 0) {
        const table = new ClassTable();
        table.absorbColumns(c.table);
        const spill = new ClassSpill(spills[k]!);
        try {
          spill.flush(table);
        } finally {
          spill.close();
          table.release();
        }
      }
    } else if (!t.table.absorbColumns(c.table)) {
      // Columns copied in (not taken over) are given back at once.
      releaseColumns(c.table);
    }
    rows += c.rows;
    t.shipments += c.shipments;
    t.skipped += c.skipped;
    if (c.dates) {
      if (t.first === null || c.dates.first < t.first) t.first = c.dates.first;
      if (t.last === null || c.dates.last > t.last) t.last = c.dates.last;
    }
    for (const p of c.problems) t.note({ ...p, line: p.line === null ? null : p.line + firstLine - 1 });
    t.problemCount += c.problemCount - c.problems.length;
    firstLine += c.counts.lf;
  });
  const input = finishInput(file, t, rows, new Set());
  return spilled ? { ...input, spilled } : input;
}

/** How a parallel read splits a file: its header and line-aligned byte ranges, each starting a shipment. */
export interface ShipmentChunkPlan {
  header: string[];
  /** Lines before the first chunk (the header's). */
  headerLines: number;
  ranges: CsvRange[];
}

/** Below this size one pass is quicker than starting threads. */
const MIN_PARALLEL_BYTES = 4 << 20;
/** How far past a cut the planner looks for the next shipment's first line. */
const WINDOW_BYTES = 1 << 20;

/**
 * Split a shipments file into `parts` byte ranges that start where a shipment starts, reading only
 * the header and a window at each cut. Null when the file is better read in one pass: small, not a
 * regular file, a header with quotes, blank lines or problems (the one pass reports them), or a cut
 * whose window holds a quote or no next shipment.
 */
export async function planShipmentChunks(file: string, options: ReadShipmentsOptions, parts: number, minBytes = MIN_PARALLEL_BYTES): Promise<ShipmentChunkPlan | null> {
  if (parts < 2 || !(await isRegularFile(file))) return null;
  const fh = await open(file, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const size = (await fh.stat()).size;
    if (size < minBytes) return null;
    const head = await readAt(fh, 0, 1 << 16);
    const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const nl = head.indexOf(10, bom);
    if (nl < 0) return null;
    const headerText = head.subarray(bom, nl).toString('utf8').replace(/\r$/, '');
    if (headerText.trim() === '' || /["\r]/.test(headerText)) return null;
    const header = headerText.split(',').map((c) => c.trim().toLowerCase());
    const resolved = resolveHeader(file, 1, header, SHIPMENT_COLUMNS, options.units);
    if (resolved.problems.length > 0) return null;
    const idIndex = resolved.columns.col.shipment_id!.index;
    const dataStart = nl + 1;

    const cuts = [dataStart];
    for (let k = 1; k < parts; k++) {
      const at = dataStart + Math.floor(((size - dataStart) * k) / parts);
      if (at <= cuts[cuts.length - 1]!) continue;
      const cut = await nextShipmentStart(fh, at, idIndex);
      if (cut === null) return null;
      if (cut > cuts[cuts.length - 1]! && cut < size) cuts.push(cut);
    }
    cuts.push(size);
    if (cuts.length < 3) return null;
    const ranges = cuts.slice(1).map((end, k) => ({ start: cuts[k]!, end, header }));
    return { header, headerLines: 1, ranges };
  } finally {
    await fh.close();
  }
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The offset of the first line after `at` whose shipment id differs from the line before it (null: none in the window). */
async function nextShipmentStart(fh: FileHandle, at: number, idIndex: number): Promise<number | null> {
  const win = await readAt(fh, at, WINDOW_BYTES);
  if (win.indexOf(34) >= 0) return null;
  let p = win.indexOf(10) + 1;
  if (p === 0) return null;
  let prev: string | null = null;
  for (;;) {
    const end = win.indexOf(10, p);
    if (end < 0) return null;
    const id = (win.subarray(p, end).toString('utf8').split(',')[idIndex] ?? '').trim();
    if (prev !== null && id !== prev) return at + p;
    prev = id;
    p = end + 1;
  }
}
