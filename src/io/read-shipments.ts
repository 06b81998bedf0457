// Shipments CSV → weighted shape classes (SPEC §3). One pass streams the rows, groups contiguous
// item lines into shipments and aggregates identical shapes; bad rows are all collected, then reported.
import { InputError, MAX_LISTED_PROBLEMS, type InputProblem } from '../errors.js';
import type { UnitSystem } from '../core/params.js';
import { ClassTable, type ItemLine, type ShipmentClass } from '../core/shipments.js';
import { readCsv } from './csv.js';
import { parseBoolCell, parseCountCell, parseDateCell, parseNumberCell, type Cell } from './cells.js';
import { resolveHeader, type ColumnSpec, type ResolvedHeader } from './header.js';

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
  classes: ShipmentClass[];
  /** Data rows read (item lines). */
  rows: number;
  /** Shipments, weighted by `count`. */
  shipments: number;
  /** Rows skipped under --skip-invalid. */
  skipped: number;
  /** Earliest and latest `date`, when the file has dates. */
  dates: { first: string; last: string } | null;
}

/** Sorted exports let us prove "no id reappears" without remembering ids; see noteId(). */
function idLess(a: string, b: string): boolean {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn && a.length !== b.length) return a.length < b.length;
  return a < b;
}

/**
 * Stream the shipments of a file, calling `visit` once per shipment with its problems (if any).
 * Problems with the header stop at once; row problems are passed along with the shipment.
 */
export async function streamShipments(
  file: string,
  options: ReadShipmentsOptions,
  visit: (s: StreamedShipment, problems: InputProblem[]) => void | Promise<void>,
): Promise<number> {
  let cols!: ResolvedHeader<ShipmentColumn>['col'];
  let fields = 0;
  let current: StreamedShipment | null = null;
  let problems: InputProblem[] = [];
  let rows = 0;

  const flush = (): void | Promise<void> => {
    const done = current ? visit(current, problems) : undefined;
    current = null;
    problems = [];
    return done;
  };

  await readCsv(file, {
    header(cells, line) {
      const r = resolveHeader(file, line, cells, SHIPMENT_COLUMNS, options.units);
      cols = r.columns.col;
      fields = r.columns.fields;
      return r.problems;
    },
    record(cells, line) {
      rows++;
      if (options.onProgress && (rows & 0xffff) === 0) options.onProgress(rows);
      const id = cells[cols.shipment_id!.index]?.trim() ?? '';
      let pending: void | Promise<void> = undefined;
      if (current === null || id !== current.id) {
        pending = flush();
        current = { id, lines: [], count: 1, date: null, rows: 0, line };
      }
      const s: StreamedShipment = current;
      s.rows++;
      const problem = (column: string | null, reason: string) => problems.push({ file, line, column, reason });
      if (cells.length !== fields) {
        problem(null, `has ${cells.length} fields, the header has ${fields}`);
        return pending;
      }
      if (id === '') problem(cols.shipment_id!.header, 'is empty');

      const num = (c: ShipmentColumn, opts: Parameters<typeof parseNumberCell>[1], fallback: number): number => {
        const col = cols[c];
        if (!col) return fallback;
        const raw = cells[col.index]!;
        if (raw.trim() === '' && fallback >= 0) return fallback;
        return take(col.header, parseNumberCell(raw, opts), fallback) * col.factor;
      };
      const take = <T>(column: string, cell: Cell<T>, fallback: T): T => {
        if (cell.ok) return cell.value;
        problem(column, cell.reason);
        return fallback;
      };
      const opt = (c: ShipmentColumn): [string, string] | null => {
        const col = cols[c];
        if (!col) return null;
        const raw = cells[col.index]!;
        return raw.trim() === '' ? null : [col.header, raw];
      };

      const l = num('length', { positive: true }, -1);
      const w = num('width', { positive: true }, -1);
      const h = num('height', { positive: true }, -1);
      const unitWeight = num('weight', { min: 0 }, 0);
      const q = opt('quantity');
      const qty = q ? take(q[0], parseCountCell(q[1]), 1) : 1;
      const u = opt('upright');
      const upright = u ? take(u[0], parseBoolCell(u[1]), false) : false;
      const c = opt('compress');
      const compress = c ? take(c[0], parseNumberCell(c[1], { min: 0, max: 0.9 }), 0) : 0;
      const k = opt('count');
      if (k) {
        const count = take(k[0], parseCountCell(k[1]), 1);
        if (s.rows > 1 || count !== 1) s.count = count;
      }
      const d = opt('date');
      if (d) {
        const date = take(d[0], parseDateCell(d[1]), null);
        if (date !== null && (s.date === null || date < s.date)) s.date = date;
      }
      if (s.rows > 1 && s.count !== 1) {
        problem(k ? k[0] : 'count', 'count is only allowed on single-row shipments (this shipment has several item lines)');
      }
      const skuCol = cols.sku;
      const sku = skuCol ? cells[skuCol.index]!.trim() : '';
      s.lines.push({ l, w, h, qty, unitWeight, upright, compress, sku });
      return pending;
    },
  });
  await flush();
  return rows;
}

/**
 * Read a shipments file into weighted shape classes. Every bad row is reported (InputError, exit 2)
 * unless `skipInvalid`, which drops the shipments of bad rows and counts their rows.
 */
export async function readShipments(file: string, options: ReadShipmentsOptions): Promise<ShipmentsInput> {
  const table = new ClassTable();
  const problems: InputProblem[] = [];
  let problemCount = 0;
  let shipments = 0;
  let skipped = 0;
  let first: string | null = null;
  let last: string | null = null;
  // Reappearing ids: while ids only grow (sorted exports) none can reappear, so nothing is kept.
  // An id that is not above the largest so far is a suspect; a second pass settles the suspects.
  let maxId: string | null = null;
  const suspects = new Map<string, { line: number; classIndex: number; count: number; rows: number }>();

  const note = (p: InputProblem) => {
    problemCount++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p);
  };

  const rows = await streamShipments(file, options, (s, rowProblems) => {
    if (rowProblems.length > 0) {
      if (!options.skipInvalid) rowProblems.forEach(note);
      skipped += s.rows;
      return;
    }
    const classIndex = table.add(s.lines, s.count, s.id);
    shipments += s.count;
    if (s.date !== null) {
      if (first === null || s.date < first) first = s.date;
      if (last === null || s.date > last) last = s.date;
    }
    if (maxId === null || idLess(maxId, s.id)) {
      maxId = s.id;
    } else {
      const earlier = suspects.get(s.id);
      if (earlier) {
        reappeared(s.id, earlier.line, s.line);
        dropGroup(classIndex, s.count, s.rows);
      } else {
        suspects.set(s.id, { line: s.line, classIndex, count: s.count, rows: s.rows });
      }
    }
  });

  function reappeared(id: string, firstLine: number, line: number) {
    if (options.skipInvalid) return;
    const col = 'shipment_id';
    note({
      file,
      line,
      column: col,
      reason: `shipment "${id}" reappears here after other shipments (its rows start at line ${firstLine}); the rows of one shipment must be contiguous: sort the export by shipment id`,
    });
  }
  function dropGroup(classIndex: number, count: number, groupRows: number) {
    if (!options.skipInvalid) return;
    table.classes[classIndex]!.count -= count;
    shipments -= count;
    skipped += groupRows;
  }

  if (suspects.size > 0) {
    // Second pass over the ids only: a suspect whose id was seen on an earlier line reappeared.
    const firstSeen = new Map<string, number>();
    await streamShipments(file, { ...options, onProgress: () => {} }, (s) => {
      if (suspects.has(s.id) && !firstSeen.has(s.id)) firstSeen.set(s.id, s.line);
    });
    for (const [id, sus] of suspects) {
      const firstLine = firstSeen.get(id)!;
      if (firstLine < sus.line) {
        reappeared(id, firstLine, sus.line);
        dropGroup(sus.classIndex, sus.count, sus.rows);
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
  const classes = table.classes.filter((c) => c.count > 0);
  const dates = first !== null && last !== null ? { first, last } : null;
  return { file, classes, rows, shipments, skipped, dates };
}

