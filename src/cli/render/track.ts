// Terminal summary of `packopt track`: did the savings hold on the new shipments?
import type { TrackReport } from '../../api/track.js';
import { fmtInt, fmtNum, fmtPct, renderTable } from './format.js';
import { UNIT_LABELS } from '../../io/units.js';
import { renderUnfit } from './suite.js';

export function renderTrack(r: TrackReport): string {
  const u = UNIT_LABELS[r.units];
  const p = r.previous.metrics;
  const d = r.deployed.metrics;
  const rows = [
    ['shipments served', fmtInt(p.fitted), fmtInt(d.fitted), ''],
    [`box volume (${u.volume})`, fmtInt(p.total_box_volume), fmtInt(d.total_box_volume), `${r.savings.total_box_volume_pct.toFixed(1)}% saved (baseline ${r.baseline.savings.total_box_volume_pct.toFixed(1)}%)`],
    [`corrugate (${u.weight})`, fmtNum(p.total_corrugate_weight), fmtNum(d.total_corrugate_weight), `${r.savings.total_corrugate_weight_pct.toFixed(1)}% saved (baseline ${r.baseline.savings.total_corrugate_weight_pct.toFixed(1)}%)`],
    ['utilization (mean)', fmtPct(p.utilization_mean), fmtPct(d.utilization_mean), ''],
  ];
  const verdict =
    r.status === 'held'
      ? `Savings held: ${r.retained_pct.toFixed(0)}% of the baseline's box-volume savings retained.`
      : `Re-optimize: ${r.reasons.join('; ')}.`;
  const unfit = renderUnfit(r.deployed, false);
  return [
    `packopt track: ${fmtInt(r.input.shipments)} new shipments${r.input.dates ? ` (${r.input.dates.first} to ${r.input.dates.last})` : ''}, baseline ${r.baseline.file}`,
    '',
    renderTable(['', 'previous suite', 'deployed suite', ''], rows),
    ...(unfit === null ? [] : [`  deployed suite: ${unfit}`]),
    '',
    verdict,
    '',
  ].join('\n');
}
