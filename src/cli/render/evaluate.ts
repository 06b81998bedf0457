// Terminal summary of `packopt evaluate`.
import type { EvaluateReport } from '../../api/report.js';
import { fmtInt } from './format.js';
import { renderBoxes, renderTotals } from './suite.js';

/** `seeFile`: unfit.csv was written (--out), so the summary can point to it. */
export function renderEvaluate(r: EvaluateReport, seeFile = false): string {
  const i = r.input;
  const head =
    `packopt evaluate: ${fmtInt(i.shipments)} shipments (${fmtInt(i.rows)} rows, ${fmtInt(i.classes)} distinct shapes) ` +
    `in ${r.current.metrics.boxes.length} boxes, ${r.units} units` +
    (i.skipped > 0 ? `\n  skipped ${fmtInt(i.skipped)} invalid rows (--skip-invalid)` : '');
  return [head, '', renderBoxes(r.current, r.units), '', 'Totals', renderTotals(r.current, r.units, seeFile), ''].join('\n');
}
