// Terminal summary of `packopt sweep`: the savings curve over K and the recommended K.
import type { SweepReport } from '../../api/sweep.js';
import { UNIT_LABELS } from '../../io/units.js';
import { fmtInt, renderTable } from './format.js';

export function renderSweep(r: SweepReport): string {
  const u = UNIT_LABELS[r.units];
  const unit = r.objective === 'volume' ? u.volume : `${u.length}2 of board`;
  const rows = r.curve.map((p) => [
    `${p.k}${p.k === r.recommended_k ? ' *' : ''}`,
    fmtInt(p.objective),
    `${p.savings.total_box_volume_pct.toFixed(1)}%`,
    `${p.savings.total_corrugate_weight_pct.toFixed(1)}%`,
    p.marginal_gain_pct === null ? '' : `${p.marginal_gain_pct.toFixed(2)}%`,
    `${p.gap_pct.toFixed(2)}%`,
  ]);
  return [
    `packopt sweep: ${fmtInt(r.input.shipments)} shipments, K = ${r.k_min}..${r.k_max}, objective ${r.objective} (${unit})`,
    '',
    renderTable(['K', 'objective', 'volume saved', 'corrugate saved', 'gain of this box', 'gap to bound'], rows),
    '',
    r.recommended_k === r.k_max && r.k_max > r.k_min
      ? `Recommended K = ${r.recommended_k}: every box size up to it still saves at least ${r.min_gain_pct}% (sweep_min_gain_pct); a larger --k-max may pay.`
      : `Recommended K = ${r.recommended_k}: the next box size saves less than ${r.min_gain_pct}% (sweep_min_gain_pct).`,
    `Search: seed ${r.search.seed}, ${r.search.threads} threads, ${r.search.seconds.toFixed(1)} s${r.search.stopped === 'converged' ? '' : ` (${r.search.stopped})`}`,
    '',
  ].join('\n');
}
