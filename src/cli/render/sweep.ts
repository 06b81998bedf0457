// Terminal summary of `packopt sweep`: the savings curve over K and the recommended K.
import type { SweepReport } from '../../api/sweep.js';
import { UNIT_LABELS } from '../../io/units.js';
import { fmtInt, renderTable } from './format.js';
import { describeHoldout } from './optimize.js';

export function renderSweep(r: SweepReport): string {
  const u = UNIT_LABELS[r.units];
  const unit = r.objective === 'volume' ? u.volume : `${u.length}2 of board`;
  const rows = r.curve.map((p) => [
    `${p.k}${p.k === r.recommended_k ? ' *' : ''}`,
    fmtInt(p.objective),
    `${p.savings.total_box_volume_pct.toFixed(1)}%`,
    // Out of sample: the held-out volume saving and its 95 % interval.
    ...(r.out_of_sample
      ? [p.out_of_sample ? `${p.out_of_sample.savings.total_box_volume_pct.toFixed(1)}% (${p.out_of_sample.savings_ci95.total_box_volume_pct.map((x) => x.toFixed(1)).join('…')}%)` : '']
      : []),
    `${p.savings.total_corrugate_weight_pct.toFixed(1)}%`,
    p.marginal_gain_pct === null ? '' : `${p.marginal_gain_pct.toFixed(2)}%`,
    p.gap_pct === null ? '' : `${p.gap_pct.toFixed(2)}%${p.stopped === 'converged' ? '' : ` (${p.stopped})`}`,
  ]);
  return [
    `packopt sweep: ${fmtInt(r.input.shipments)} shipments, K = ${r.k_min}..${r.k_max}, objective ${r.objective} (${unit})`,
    '',
    renderTable(['K', 'objective', 'volume saved', ...(r.out_of_sample ? ['held out (95% interval)'] : []), 'corrugate saved', 'gain of this box', 'gap to bound'], rows),
    '',
    ...(r.input.holdout
      ? [`Held out: ${fmtInt(r.input.holdout.held_out_shipments)} shipments ${describeHoldout(r.input.holdout)}; each K was searched on the other ${fmtInt(r.input.holdout.training_shipments)}.`, '']
      : []),
    r.recommended_k === null ? `No K recommended: ${r.recommendation}.` : `Recommended K = ${r.recommended_k}: ${r.recommendation}.`,
    `Search: seed ${r.search.seed}, ${r.search.threads} threads, ${r.search.seconds.toFixed(1)} s${r.search.stopped === 'converged' ? '' : ` (${r.search.stopped})`}`,
    '',
  ].join('\n');
}
