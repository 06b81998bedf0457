// Terminal rendering of one suite's metrics: a table per box, then the totals.
import type { SuiteReport } from '../../api/report.js';
import { UNIT_LABELS } from '../../io/units.js';
import type { UnitSystem } from '../../core/params.js';
import { chooseVolumeScale, fmtInt, fmtLen, fmtNum, fmtPct, renderTable } from './format.js';
import { escapeText } from '../../text.js';

export function renderBoxes(suite: SuiteReport, units: UnitSystem): string {
  const u = UNIT_LABELS[units];
  const rows = suite.metrics.boxes.map((b) => [
    escapeText(b.box_id),
    `${fmtLen(b.length)}×${fmtLen(b.width)}×${fmtLen(b.height)}`,
    fmtInt(b.shipments),
    fmtPct(b.share),
    b.utilization_mean === null ? '–' : fmtPct(b.utilization_mean),
  ]);
  return renderTable(['box', `L×W×H (${u.length})`, 'shipments', 'share', 'utilization'], rows);
}

export function renderTotals(suite: SuiteReport, units: UnitSystem, seeFile = false): string {
  const m = suite.metrics;
  const u = UNIT_LABELS[units];
  const vol = chooseVolumeScale(units, m.total_box_volume);
  const lines: [string, string][] = [
    ['fitted', `${fmtInt(m.fitted)} of ${fmtInt(m.shipments)} shipments${m.unfit > 0 ? ` (${fmtInt(m.unfit)} fit no box)` : ''}`],
    ['box volume', `${vol.format(m.total_box_volume)} ${vol.label}`],
    ['item volume', `${vol.format(m.total_item_volume)} ${vol.label}`],
    ['corrugate', `${fmtNum(m.total_corrugate_area)} ${u.area}, ${fmtNum(m.total_corrugate_weight)} ${u.weight}`],
    ['utilization', `mean ${fmtPct(m.utilization_mean)}, aggregate ${fmtPct(m.utilization_aggregate)}`],
    ['air per shipment', `${fmtNum(m.air_per_shipment_mean)} ${u.volume}`],
    ['over 50% empty', `${fmtPct(m.empty_space_over_50_share)} of fitted shipments`],
  ];
  if (m.mailer_shipments > 0) lines.push(['mailers', `${fmtInt(m.mailer_shipments)} shipments, ${fmtNum(m.total_mailer_area)} ${u.area} of mailer`]);
  if (m.total_cost !== undefined) {
    const money = (x: number | undefined) => (x ?? 0).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    lines.push(['cost', `${money(m.total_cost)} (${money(m.cost_per_shipment_mean)} a shipment): packaging ${money(m.total_packaging_cost)}, void fill ${money(m.total_void_fill_cost)}, freight ${money(m.total_freight_cost)}`]);
    lines.push(['billable weight', `${fmtNum(m.total_billable_weight ?? 0)} ${u.weight}, ${fmtPct(m.dim_weight_share ?? 0)} of fitted shipments billed on dimensional weight`]);
  }
  if (m.multi_item > 0) {
    lines.push(['multi-item', `${fmtInt(m.multi_item)} shipments, ${fmtInt(m.split_needed)} fit no single box (split needed)`]);
  }
  const width = Math.max(...lines.map(([k]) => k.length));
  const out = lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  const unfit = renderUnfit(suite, seeFile);
  if (unfit !== null) out.push(`  ${'unfit'.padEnd(width)}  ${unfit}`);
  return out.join('\n');
}

const REASON_LABELS: Record<keyof SuiteReport['unfit_reasons'], string> = {
  too_large: 'too large',
  too_heavy: 'too heavy',
  no_packing_found: 'no packing found',
};

/** "37 shipments fit no box: 30 too large, 7 too heavy; e.g. A4 (+2 alike) — see unfit.csv", or null. */
export function renderUnfit(suite: SuiteReport, seeFile: boolean): string | null {
  const n = suite.metrics.unfit;
  if (n <= 0) return null;
  const reasons = (Object.keys(REASON_LABELS) as (keyof typeof REASON_LABELS)[])
    .filter((r) => suite.unfit_reasons[r] > 0)
    .sort((a, b) => suite.unfit_reasons[b] - suite.unfit_reasons[a])
    .map((r) => `${fmtInt(suite.unfit_reasons[r])} ${REASON_LABELS[r]}`);
  const shown = suite.unfit_shipments.slice(0, 3).map((s) => `${escapeText(s.shipment_id)}${s.shipments > 1 ? ` (+${fmtInt(s.shipments - 1)} alike)` : ''}`);
  const examples = shown.length > 0 ? `; e.g. ${shown.join(', ')}${suite.unfit_shipments.length > 3 ? ', …' : ''}` : '';
  return `${fmtInt(n)} shipment${n === 1 ? ' fits' : 's fit'} no box: ${reasons.join(', ')}${examples}${seeFile ? ' — see unfit.csv' : ''}`;
}
