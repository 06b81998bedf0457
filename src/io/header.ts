// Header resolution: find each known column (by name or alias, case-insensitive, with an optional
// unit suffix), its index and the factor that converts its values into the report's units.
import type { InputProblem } from '../errors.js';
import type { UnitSystem } from '../core/params.js';
import { escapeText, quoteText } from '../text.js';
import {
  defaultLengthUnit,
  defaultWeightUnit,
  lengthFactor,
  splitUnitSuffix,
  weightFactor,
} from './units.js';

export interface ColumnSpec {
  name: string;
  aliases?: readonly string[];
  kind: 'length' | 'weight' | 'plain';
  required: boolean;
}

export interface ResolvedColumn {
  index: number;
  /** The header as written (for messages). */
  header: string;
  /** Multiply a value by this to get report units (1 for plain columns). */
  factor: number;
}

export interface ResolvedHeader<N extends string> {
  /** The known columns found, by name. */
  col: Partial<Record<N, ResolvedColumn>>;
  /** Number of fields in the header: every record must have as many. */
  fields: number;
}

export function resolveHeader<N extends string>(
  file: string,
  line: number,
  cells: string[],
  specs: readonly (ColumnSpec & { name: N })[],
  units: UnitSystem,
): { columns: ResolvedHeader<N>; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const columns: ResolvedHeader<N> = { col: {}, fields: cells.length };
  const at = (column: string | null, reason: string) => problems.push({ file, line, column, reason });

  if (cells.length === 1 && cells[0]!.includes(';')) {
    at(null, 'the file looks semicolon-separated; packopt reads comma-separated CSV (re-export with "," as the delimiter)');
    return { columns, problems };
  }
  cells.forEach((cell, index) => {
    const { base, length, weight } = splitUnitSuffix(cell);
    const spec = specs.find((s) => s.name === cell || s.aliases?.includes(cell)) ??
      specs.find((s) => s.name === base || s.aliases?.includes(base));
    if (!spec) return; // extra columns (category, outer dims, …) are carried by the export, not by us
    const exact = spec.name === cell || spec.aliases?.includes(cell);
    let factor = 1;
    if (spec.kind === 'length') {
      if (weight && !exact) return at(cell, `a length column takes a length suffix (_in, _cm, _mm), not _${weight}`);
      factor = lengthFactor(exact ? defaultLengthUnit(units) : length ?? defaultLengthUnit(units), units);
    } else if (spec.kind === 'weight') {
      if (length && !exact) return at(cell, `a weight column takes a weight suffix (_lb, _oz, _kg, _g), not _${length}`);
      factor = weightFactor(exact ? defaultWeightUnit(units) : weight ?? defaultWeightUnit(units), units);
    } else if (!exact) {
      return; // a plain column never carries a unit: `sku_g` is someone else's column
    }
    const key = spec.name as N;
    const previous = columns.col[key];
    if (previous) return at(cell, `column ${spec.name} appears twice (also as ${quoteText(previous.header)})`);
    columns.col[key] = { index, header: cell, factor };
  });
  const found = describeHeader(cells);
  for (const spec of specs) {
    if (spec.required && !columns.col[spec.name]) {
      const names = [spec.name, ...(spec.aliases ?? [])].join(' or ');
      at(spec.name, `required column is missing (expected ${names}; found: ${found})`);
    }
  }
  return { columns, problems };
}

/** The header's first columns for a message, each escaped and cut: a header can be one 50 MB line. */
function describeHeader(cells: readonly string[]): string {
  if (cells.length === 0 || (cells.length === 1 && cells[0] === '')) return 'nothing';
  const shown = cells.slice(0, 12).map((c) => escapeText(c, 30));
  return cells.length > shown.length ? `${shown.join(', ')}, … (${cells.length} columns)` : shown.join(', ');
}
