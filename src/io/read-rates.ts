// --rates FILE (SPEC §10): a carrier's rate card, one row per weight break — `max_weight` (unit
// suffix allowed) and `price` — read into ascending order whatever order the file has.
import type { RateCard } from '../core/cost.js';
import type { UnitSystem } from '../core/params.js';
import { parseNumberCell } from './cells.js';
import type { ColumnSpec } from './header.js';
import { readTable } from './read-table.js';

type RateColumn = 'max_weight' | 'price';

const RATE_COLUMNS: readonly (ColumnSpec & { name: RateColumn })[] = [
  { name: 'max_weight', kind: 'weight', required: true },
  { name: 'price', kind: 'plain', required: true },
];

/**
 * Read a rate card, weights in the report's weight unit. Every bad row is reported (InputError:
 * unreadable number, max_weight ≤ 0, negative price, a max_weight given twice) unless `skipInvalid`.
 */
export async function readRates(
  file: string,
  options: { units: UnitSystem; skipInvalid?: boolean },
): Promise<{ rates: RateCard; skipped: number }> {
  const seen = new Map<number, number>();
  const { rows, skipped } = await readTable(
    file,
    RATE_COLUMNS,
    { ...options, noun: 'rates' },
    ({ cells, col, problem }) => {
      const mw = col.max_weight!;
      const pc = col.price!;
      const weight = parseNumberCell(cells[mw.index]!, { positive: true });
      if (!weight.ok) problem(mw.header, weight.reason);
      const price = parseNumberCell(cells[pc.index]!, { min: 0 });
      if (!price.ok) problem(pc.header, price.reason);
      const maxWeight = weight.ok ? weight.value * mw.factor : NaN;
      const earlier = seen.get(maxWeight);
      if (weight.ok && earlier !== undefined) problem(mw.header, `max_weight ${weight.value} appears twice (first at line ${earlier})`);
      return { maxWeight, price: price.ok ? price.value : NaN };
    },
    (row, line) => seen.set(row.maxWeight, line),
  );
  rows.sort((a, b) => a.maxWeight - b.maxWeight);
  return { rates: { maxWeight: rows.map((r) => r.maxWeight), price: rows.map((r) => r.price) }, skipped };
}
