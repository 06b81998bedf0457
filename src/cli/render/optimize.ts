// Terminal summary of `packopt optimize`: the two suites side by side, the savings, the bound.
import type { OptimizeReport } from '../../api/optimize.js';
import { UNIT_LABELS } from '../../io/units.js';
import { fmtInt, fmtLen, fmtNum, fmtPct, renderTable } from './format.js';
import { renderBoxes } from './suite.js';

export function renderOptimize(r: OptimizeReport): string {
  const u = UNIT_LABELS[r.units];
  const cur = r.current.metrics;
  const opt = r.optimized.metrics;
  const i = r.input;
  const s = r.search;
  const sign = (x: number) => `${x >= 0 ? '−' : '+'}${Math.abs(x).toFixed(1)}%`;
  const rows: string[][] = [
    ['shipments served', fmtInt(cur.fitted), fmtInt(opt.fitted), r.savings.additional_served === 0 ? '' : `${r.savings.additional_served > 0 ? '+' : ''}${fmtInt(r.savings.additional_served)}`],
    [`box volume (${u.volume})`, fmtInt(cur.total_box_volume), fmtInt(opt.total_box_volume), sign(r.savings.total_box_volume_pct)],
    [`corrugate (${u.weight})`, fmtNum(cur.total_corrugate_weight), fmtNum(opt.total_corrugate_weight), sign(r.savings.total_corrugate_weight_pct)],
    [`air per shipment (${u.volume})`, fmtNum(cur.air_per_shipment_mean), fmtNum(opt.air_per_shipment_mean), sign(r.savings.air_per_shipment_pct)],
    ['utilization (mean)', fmtPct(cur.utilization_mean), fmtPct(opt.utilization_mean), ''],
    ['over 50% empty', fmtPct(cur.empty_space_over_50_share), fmtPct(opt.empty_space_over_50_share), ''],
  ];
  const stopped = s.stopped === 'converged' ? '' : s.stopped === 'time_limit' ? ' (stopped at the time limit)' : ' (interrupted)';
  const grid = s.steps ? `grid ${s.steps.map(fmtLen).join(' → ')} ${u.length}` : `catalog ${s.catalog}`;
  return [
    `packopt optimize: ${fmtInt(i.shipments)} shipments (${fmtInt(i.classes)} distinct shapes), K = ${r.k}, objective ${r.objective}, ${r.units} units`,
    '',
    'Optimized suite',
    renderBoxes(r.optimized, r.units),
    '',
    renderTable(['', 'current', 'optimized', 'change'], rows),
    `  (changes compare both suites on the ${fmtInt(r.savings.compared_shipments)} shipments both serve)`,
    '',
    r.bound.gap_pct === null
      ? `No gap to the lower bound is claimed: ${r.bound.gap_note}.`
      : `Within ${r.bound.gap_pct.toFixed(2)}% of the best possible ${r.k}-box suite on the ${r.bound.grid_step === null ? 'catalog' : `${fmtLen(r.bound.grid_step)} ${u.length} grid`} (lower bound).`,
    `Search: ${grid}, seed ${s.seed}, ${s.threads} thread${s.threads === 1 ? '' : 's'}, ${fmtInt(s.iterations)} moves, ${s.seconds.toFixed(1)} s${stopped}`,
    '',
  ].join('\n');
}
