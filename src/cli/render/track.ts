// Terminal summary of `packopt track`: did the savings hold on the new shipments? The table shows
// both suites on the new shipments both serve (the basis of the realised percentages), then who
// serves the rest, and the verdict with the figures it was judged on.
import type { TrackReport } from '../../api/track.js';
import { chooseVolumeScale, fmtInt, fmtNum, fmtPct, renderTable } from './format.js';
import { UNIT_LABELS } from '../../io/units.js';
import { renderUnfit } from './suite.js';

export function renderTrack(r: TrackReport): string {
  const u = UNIT_LABELS[r.units];
  const { current: p, optimized: d } = r.savings.compared;
  const b = r.baseline.savings;
  const vol = chooseVolumeScale(r.units, Math.max(p.total_box_volume, d.total_box_volume));
  const saved = (x: number, base: number) => `${x.toFixed(1)}% saved (predicted ${base.toFixed(1)}%)`;
  const rows = [
    [`box volume (${vol.label})`, vol.format(p.total_box_volume), vol.format(d.total_box_volume), saved(r.savings.total_box_volume_pct, b.total_box_volume_pct)],
    [`corrugate (${u.weight})`, fmtNum(p.total_corrugate_weight), fmtNum(d.total_corrugate_weight), saved(r.savings.total_corrugate_weight_pct, b.total_corrugate_weight_pct)],
    [`air per shipment (${u.volume})`, fmtNum(p.air_per_shipment_mean), fmtNum(d.air_per_shipment_mean), saved(r.savings.air_per_shipment_pct, b.air_per_shipment_pct)],
    ['utilization (mean)', fmtPct(p.utilization_mean), fmtPct(d.utilization_mean), ''],
  ];
  const prevFitted = r.previous.metrics.fitted;
  const lost =
    `${fmtInt(r.lost_shipments)} of the ${fmtInt(prevFitted)} new shipments the previous suite serves fit no deployed box ` +
    `(${r.lost_pct.toFixed(1)}%, threshold ${r.thresholds.max_unfit_pct}%)`;
  const verdict =
    r.status === 'held'
      ? `Savings held: ${r.retained_pct.toFixed(0)}% of the predicted box-volume saving retained (threshold ${r.thresholds.min_retained_pct}%); ${lost}.`
      : `Re-optimize: ${r.reasons.join('; ')}.`;
  const scope: string[] = [];
  const sv = r.savings;
  const neither = r.input.shipments - sv.compared_shipments - sv.served_by_current_only - sv.served_by_optimized_only;
  if (sv.served_by_optimized_only > 0) scope.push(`${fmtInt(sv.served_by_optimized_only)} only the deployed suite serves`);
  if (sv.served_by_current_only > 0) scope.push(`${fmtInt(sv.served_by_current_only)} only the previous suite serves`);
  if (neither > 0) scope.push(`${fmtInt(neither)} neither serves`);
  const unfit = renderUnfit(r.deployed, false);
  return [
    `packopt track: ${fmtInt(r.input.shipments)} new shipments${r.input.dates ? ` (${r.input.dates.first} to ${r.input.dates.last})` : ''}, baseline ${r.baseline.file}`,
    '',
    `On the ${fmtInt(sv.compared_shipments)} new shipments both suites serve:`,
    renderTable(['', 'previous suite', 'deployed suite', ''], rows),
    ...(scope.length ? [`  Left out of the comparison: ${scope.join(', ')}.`] : []),
    ...(unfit === null ? [] : [`  deployed suite: ${unfit} (${fmtPct(r.unfit_pct / 100)} of the new shipments)`]),
    '',
    verdict,
    '',
  ].join('\n');
}
