// Terminal rendering of one suite's metrics: a table per box, then the totals.
import type { SuiteReport } from '../../api/report.js';
import { UNIT_LABELS } from '../../io/units.js';
import type { UnitSystem } from '../../core/params.js';
import { fmtInt, fmtLen, fmtNum, fmtPct, renderTable } from './format.js';
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

export function renderTotals(suite: SuiteReport, units: UnitSystem): string {
  const m = suite.metrics;
  const u = UNIT_LABELS[units];
  const lines: [string, string][] = [
    ['fitted', `${fmtInt(m.fitted)} of ${fmtInt(m.shipments)} shipments${m.unfit > 0 ? ` (${fmtInt(m.unfit)} fit no box)` : ''}`],
    ['box volume', `${fmtInt(m.total_box_volume)} ${u.volume}`],
    ['item volume', `${fmtInt(m.total_item_volume)} ${u.volume}`],
    ['corrugate', `${fmtNum(m.total_corrugate_area)} ${u.area}, ${fmtNum(m.total_corrugate_weight)} ${u.weight}`],
    ['utilization', `mean ${fmtPct(m.utilization_mean)}, aggregate ${fmtPct(m.utilization_aggregate)}`],
    ['air per shipment', `${fmtNum(m.air_per_shipment_mean)} ${u.volume}`],
    ['over 50% empty', `${fmtPct(m.empty_space_over_50_share)} of fitted shipments`],
  ];
  if (m.multi_item > 0) {
    lines.push(['multi-item', `${fmtInt(m.multi_item)} shipments, ${fmtInt(m.split_needed)} fit no single box (split needed)`]);
  }
  const width = Math.max(...lines.map(([k]) => k.length));
  const out = lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  if (suite.unfit_shipments.length > 0) {
    const shown = suite.unfit_shipments.slice(0, 5).map((s) => `${escapeText(s.shipment_id)}${s.shipments > 1 ? ` (+${fmtInt(s.shipments - 1)} alike)` : ''}`);
    out.push(`  unfit, e.g. ${shown.join(', ')}${suite.unfit_shipments.length > 5 ? ', …' : ''}`);
  }
  return out.join('\n');
}
