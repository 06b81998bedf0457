// First pass for `--holdout F` (SPEC §11): shipments per date, weighted by `count`, so that the
// cutoff of the latest F of them is known before the shipments are read into classes. Memory is
// one entry per distinct date, not per row.
import type { DateTally } from '../core/holdout.js';
import { streamShipments, type ReadShipmentsOptions } from './read-shipments.js';

/** Shipments per date (valid shipments only: those with bad rows are skipped or reported by the read). */
export async function tallyShipmentDates(file: string, options: ReadShipmentsOptions): Promise<DateTally> {
  const tally: DateTally = { total: 0, byDate: new Map(), undated: 0, firstUndatedLine: null };
  await streamShipments(file, { units: options.units, skipInvalid: options.skipInvalid }, (s, problems) => {
    if (problems.length > 0) return;
    tally.total += s.count;
    if (s.date === null) {
      tally.undated += s.count;
      tally.firstUndatedLine ??= s.line;
    } else {
      tally.byDate.set(s.date, (tally.byDate.get(s.date) ?? 0) + s.count);
    }
  });
  return tally;
}
