// Shipments CSV → weighted shape classes (SPEC §3). One pass streams the rows, groups contiguous
// item lines into shipments and aggregates identical shapes; bad rows are all collected, then reported.
import { quoteText } from '../text.js';
import { InputError, MAX_LISTED_PROBLEMS, type InputProblem } from '../errors.js';
import type { UnitSystem } from '../core/params.js';
import { ClassTable, type ItemLine, type ShipmentClass } from '../core/shipments.js';
import { readCsv } from './csv.js';
import { isRegularFile } from './input-file.js';
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

export interface ReadShipmentsOptions {
  units: UnitSystem;
  /** Skip the shipments of bad rows instead of failing. */
  skipInvalid: boolean;
  /** Called now and then with the number of rows read (for progress). */
  onProgress?: (rows: number) => void;
  /** Shipments (by the line they start on) not to visit: those readShipments dropped. */
  skipGroups?: ReadonlySet<number>;
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
    const compress = c === null || c === '0' ? 0 : this.take(line, 'compress', parseNumberCell(c, { min: 0, max: 0.9 }), 0);

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
  let parser!: RowParser;
  let idIndex = 0;
  let idHeader = '';
  let fields = 0;
  // One shipment object, refilled for every shipment: visitors copy what they keep.
  const current: StreamedShipment = { id: '', lines: [], count: 1, date: null, rows: 0, line: 0 };
  let open = false;
  let rows = 0;

  const skip = options.skipGroups;
  const flush = (): void | Promise<void> => {
    const done = open && !(skip !== undefined && skip.has(current.line)) ? visit(current, parser.problems) : undefined;
    open = false;
    if (parser.problems.length > 0) parser.problems = [];
    return done;
  };

  await readCsv(file, {
    header(cells, line) {
      const r = resolveHeader(file, line, cells, SHIPMENT_COLUMNS, options.units);
      fields = r.columns.fields;
      if (r.problems.length === 0) {
        parser = new RowParser(file, r.columns.col, options.units);
        idIndex = r.columns.col.shipment_id!.index;
        idHeader = r.columns.col.shipment_id!.header;
      }
      return r.problems;
    },
    record(cells, line) {
      rows++;
      if (options.onProgress && (rows & 0xffff) === 0) options.onProgress(rows);
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
  });
  if (parser !== undefined) await flush();
  return rows;
}

/**
 * Read a shipments file into weighted shape classes. Every bad row is reported (InputError, exit 2)
 * unless `skipInvalid`, which drops the shipments of bad rows and counts their rows.
 */
export async function readShipments(file: string, options: ReadShipmentsOptions): Promise<ShipmentsInput> {
  const regular = await isRegularFile(file);
  const table = new ClassTable();
  const problems: InputProblem[] = [];
  let problemCount = 0;
  let shipments = 0;
  let skipped = 0;
  let first: string | null = null;
  let last: string | null = null;
  // Reappearing ids: while ids only grow (sorted exports) none can reappear, so nothing is kept.
  // An id that is not above the largest so far is a suspect; a second pass settles the suspects.
  // Shipments with bad rows take part too: their id still cannot come back later.
  let maxId: string | null = null;
  const suspects = new Map<string, { line: number; classIndex: number; count: number; rows: number }>();
  const dropped = new Set<number>();

  const note = (p: InputProblem) => {
    problemCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p);
  };

  const rows = await streamShipments(file, options, (s, rowProblems) => {
    // −1: a shipment with bad rows, already skipped (or reported) as a whole.
    let classIndex = -1;
    if (rowProblems.length > 0) {
      if (!options.skipInvalid) rowProblems.forEach(note);
      skipped += s.rows;
    } else {
      classIndex = table.add(s.lines, s.count, s.id);
      shipments += s.count;
      if (s.date !== null) {
        if (first === null || s.date < first) first = s.date;
        if (last === null || s.date > last) last = s.date;
      }
    }
    if (maxId === null || idLess(maxId, s.id)) {
      maxId = s.id;
    } else {
      const earlier = suspects.get(s.id);
      if (earlier) {
        reappeared(s.id, earlier.line, s.line);
        dropGroup(s.line, classIndex, s.count, s.rows);
      } else {
        suspects.set(s.id, { line: s.line, classIndex, count: s.count, rows: s.rows });
      }
    }
  });

  function reappeared(id: string, firstLine: number, line: number) {
    if (options.skipInvalid) return;
    note({
      file,
      line,
      column: 'shipment_id',
      reason: `shipment ${quoteText(id)} reappears here after other shipments (its rows start at line ${firstLine}); the rows of one shipment must be contiguous: sort the export by shipment id`,
    });
  }
  function dropGroup(line: number, classIndex: number, count: number, groupRows: number) {
    if (!options.skipInvalid || classIndex < 0) return;
    table.addCount(classIndex, -count);
    shipments -= count;
    skipped += groupRows;
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
        dropGroup(sus.line, sus.classIndex, sus.count, sus.rows);
      }
    }
  }

  if (problemCount > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new InputError(problems, problemCount);
  }
  if (shipments === 0) {
    throw new InputError([{ file, line: null, column: null, reason: rows === 0 ? 'has a header but no shipments' : 'no valid shipments left after skipping bad rows' }]);
  }
  const dates = first !== null && last !== null ? { first, last } : null;
  return { file, classes: table.classes, table, rows, shipments, skipped, droppedGroups: dropped, dates };
}
