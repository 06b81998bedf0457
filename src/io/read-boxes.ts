// Boxes CSV → a suite (SPEC §3): unique ids, inner dims > 0, optional max_weight and locked.
import { quoteText } from '../text.js';
import { InputError, type InputProblem } from '../errors.js';
import type { UnitSystem } from '../core/params.js';
import type { Box } from '../core/suite.js';
import { readCsv } from './csv.js';
import { parseBoolCell, parseMeasureCell } from './cells.js';
import { resolveHeader, type ColumnSpec, type ResolvedHeader } from './header.js';
import { measureRanges } from './units.js';

type BoxColumn = 'box_id' | 'length' | 'width' | 'height' | 'max_weight' | 'locked';

const BOX_COLUMNS: readonly (ColumnSpec & { name: BoxColumn })[] = [
  { name: 'box_id', kind: 'plain', required: true },
  { name: 'length', kind: 'length', required: true },
  { name: 'width', kind: 'length', required: true },
  { name: 'height', kind: 'length', required: true },
  { name: 'max_weight', kind: 'weight', required: false },
  { name: 'locked', kind: 'plain', required: false },
];

/** Read a boxes file; every bad row is reported (InputError) unless `skipInvalid`. */
export async function readBoxes(
  file: string,
  options: { units: UnitSystem; skipInvalid: boolean },
): Promise<{ boxes: Box[]; skipped: number }> {
  let cols!: ResolvedHeader<BoxColumn>['col'];
  let fields = 0;
  const boxes: Box[] = [];
  const problems: InputProblem[] = [];
  const seen = new Map<string, number>();
  let skipped = 0;
  const ranges = measureRanges(options.units);

  await readCsv(file, {
    header(cells, line) {
      const r = resolveHeader(file, line, cells, BOX_COLUMNS, options.units);
      cols = r.columns.col;
      fields = r.columns.fields;
      return r.problems;
    },
    record(cells, line) {
      const rowProblems: InputProblem[] = [];
      const problem = (column: string | null, reason: string) => rowProblems.push({ file, line, column, reason });
      if (cells.length !== fields) {
        problem(null, `has ${cells.length} fields, the header has ${fields}`);
      } else {
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
        const earlier = seen.get(id);
        if (id !== '' && earlier !== undefined) problem(cols.box_id!.header, `duplicate box id ${quoteText(id)} (first at line ${earlier})`);
        if (rowProblems.length === 0) {
          seen.set(id, line);
          boxes.push({ id, length, width, height, maxWeight, locked });
          return;
        }
      }
      skipped++;
      if (!options.skipInvalid) problems.push(...rowProblems);
    },
  });
  if (problems.length > 0) throw new InputError(problems);
  if (boxes.length === 0) throw new InputError([{ file, line: null, column: null, reason: 'has no boxes' }]);
  return { boxes, skipped };
}
