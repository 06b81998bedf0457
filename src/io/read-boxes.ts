// Boxes CSV → a suite (SPEC §3): unique ids, inner dims > 0, optional max_weight, locked, type
// (box or mailer), price and empty_weight.
import { quoteText } from '../text.js';
import type { UnitSystem } from '../core/params.js';
import type { Box, PackageType } from '../core/suite.js';
import { parseBoolCell, parseMeasureCell, parseNumberCell } from './cells.js';
import type { ColumnSpec, ResolvedHeader } from './header.js';
import { readTable, type TableRow } from './read-table.js';
import { measureRanges } from './units.js';

type BoxColumn = 'box_id' | 'length' | 'width' | 'height' | 'max_weight' | 'locked' | 'type' | 'price' | 'empty_weight';

const BOX_COLUMNS: readonly (ColumnSpec & { name: BoxColumn })[] = [
  { name: 'box_id', kind: 'plain', required: true },
  { name: 'length', kind: 'length', required: true },
  { name: 'width', kind: 'length', required: true },
  { name: 'height', kind: 'length', required: true },
  { name: 'max_weight', kind: 'weight', required: false },
  { name: 'locked', kind: 'plain', required: false },
  { name: 'type', kind: 'plain', required: false },
  { name: 'price', kind: 'plain', required: false },
  { name: 'empty_weight', kind: 'weight', required: false },
];

const PACKAGE_TYPES: readonly PackageType[] = ['box', 'mailer'];

/** Read a boxes file; every bad row is reported (InputError) unless `skipInvalid`. */
export async function readBoxes(
  file: string,
  options: { units: UnitSystem; skipInvalid: boolean },
): Promise<{ boxes: Box[]; skipped: number }> {
  const seen = new Map<string, number>();
  const ranges = measureRanges(options.units);
  const { rows: boxes, skipped } = await readTable(
    file,
    BOX_COLUMNS,
    { ...options, noun: 'boxes' },
    (row) => parseBoxRow(row, seen, ranges),
    (box, line) => seen.set(box.id, line),
  );
  return { boxes, skipped };
}

/** One row as a box; `seen` holds the ids of the rows kept so far, with their lines. */
function parseBoxRow({ cells, col: cols, problem }: TableRow<BoxColumn>, seen: ReadonlyMap<string, number>, ranges: ReturnType<typeof measureRanges>): Box {
  const id = cells[cols.box_id!.index]!.trim();
  if (id === '') problem(cols.box_id!.header, 'is empty');
  const dim = (c: 'length' | 'width' | 'height') => {
    const col = cols[c]!;
    const cell = parseMeasureCell(cells[col.index]!, col.factor, ranges.length, true);
    if (!cell.ok) problem(col.header, cell.reason);
    return cell.ok ? cell.value : 0;
  };
  const length = dim('length');
  const width = dim('width');
  const height = dim('height');
  let maxWeight: number | null = null;
  const mw = cols.max_weight;
  if (mw && cells[mw.index]!.trim() !== '') {
    const cell = parseMeasureCell(cells[mw.index]!, mw.factor, ranges.weight, true);
    if (cell.ok) maxWeight = cell.value;
    else problem(mw.header, cell.reason);
  }
  let locked = false;
  const lk = cols.locked;
  if (lk) {
    const cell = parseBoolCell(cells[lk.index]!);
    if (cell.ok) locked = cell.value;
    else problem(lk.header, cell.reason);
  }
  const money = parseMoneyCells(cells, cols, problem);
  const earlier = seen.get(id);
  if (id !== '' && earlier !== undefined) problem(cols.box_id!.header, `duplicate box id ${quoteText(id)} (first at line ${earlier})`);
  return { id, length, width, height, maxWeight, locked, ...money };
}

/**
 * The optional §9–§10 cells of a row: `type` (box or mailer, empty: box), `price` ≥ 0 and
 * `empty_weight` ≥ 0 (weight unit). Empty cells are left out, so that their defaults apply.
 */
function parseMoneyCells(
  cells: readonly string[],
  cols: ResolvedHeader<BoxColumn>['col'],
  problem: (column: string, reason: string) => void,
): Pick<Box, 'type' | 'price' | 'emptyWeight'> {
  const out: Pick<Box, 'type' | 'price' | 'emptyWeight'> = {};
  const ty = cols.type;
  const t = ty ? cells[ty.index]!.trim().toLowerCase() : '';
  if (ty && t !== '') {
    if ((PACKAGE_TYPES as readonly string[]).includes(t)) out.type = t as PackageType;
    else problem(ty.header, `must be box or mailer, got ${quoteText(cells[ty.index]!.trim())}`);
  }
  const number = (name: 'price' | 'empty_weight'): number | undefined => {
    const col = cols[name];
    if (!col || cells[col.index]!.trim() === '') return undefined;
    const cell = parseNumberCell(cells[col.index]!, { min: 0 });
    if (!cell.ok) return void problem(col.header, cell.reason);
    return cell.value * col.factor;
  };
  const price = number('price');
  if (price !== undefined) out.price = price;
  const emptyWeight = number('empty_weight');
  if (emptyWeight !== undefined) out.emptyWeight = emptyWeight;
  return out;
}
