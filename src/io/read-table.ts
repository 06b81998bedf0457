// Small CSV tables read whole (boxes, rate cards): header resolution, each row's field count, and
// every bad row reported as `file:line: column: reason` (or, with skipInvalid, skipped and counted).
import { InputError, type InputProblem } from '../errors.js';
import type { UnitSystem } from '../core/params.js';
import { readCsv } from './csv.js';
import { resolveHeader, type ColumnSpec, type ResolvedHeader } from './header.js';

/** One data row as a table reader's row parser sees it. */
export interface TableRow<N extends string> {
  cells: readonly string[];
  line: number;
  /** The known columns found in the header. */
  col: ResolvedHeader<N>['col'];
  /** Report a problem with this row; a row with any problem is rejected. */
  problem(column: string | null, reason: string): void;
}

/**
 * Read `file` row by row through `parseRow`; rows it reports no problem for are kept (and passed to
 * `accept`, which may remember them, e.g. to spot duplicates). Throws InputError listing every
 * problem unless `skipInvalid`, and when no row is kept ("has no <noun>").
 */
export async function readTable<N extends string, R>(
  file: string,
  specs: readonly (ColumnSpec & { name: N })[],
  options: { units: UnitSystem; skipInvalid?: boolean; noun: string },
  parseRow: (row: TableRow<N>) => R,
  accept?: (value: R, line: number) => void,
): Promise<{ rows: R[]; skipped: number }> {
  let col!: ResolvedHeader<N>['col'];
  let fields = 0;
  const rows: R[] = [];
  const problems: InputProblem[] = [];
  let skipped = 0;

  await readCsv(file, {
    header(cells, line) {
      const r = resolveHeader(file, line, cells, specs, options.units);
      col = r.columns.col;
      fields = r.columns.fields;
      return r.problems;
    },
    record(cells, line) {
      const rowProblems: InputProblem[] = [];
      const problem = (column: string | null, reason: string) => void rowProblems.push({ file, line, column, reason });
      if (cells.length !== fields) {
        problem(null, `has ${cells.length} fields, the header has ${fields}`);
      } else {
        const value = parseRow({ cells, line, col, problem });
        if (rowProblems.length === 0) {
          rows.push(value);
          accept?.(value, line);
          return;
        }
      }
      skipped++;
      if (!options.skipInvalid) problems.push(...rowProblems);
    },
  });
  if (problems.length > 0) throw new InputError(problems);
  if (rows.length === 0) throw new InputError([{ file, line: null, column: null, reason: `has no ${options.noun}` }]);
  return { rows, skipped };
}
