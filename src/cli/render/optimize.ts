// Terminal summary of `packopt optimize`: the two suites side by side on the shipments both serve
// (the basis of the percentages), who serves the rest, the bound and the search.
import type { HoldoutSummary } from '../../api/holdout.js';
import type { OptimizeReport } from '../../api/optimize.js';
import { UNIT_LABELS } from '../../io/units.js';
import { chooseVolumeScale, fmtInt, fmtLen, fmtNum, fmtPct, renderTable } from './format.js';
import { renderBoxes, renderUnfit } from './suite.js';

/** `seeFile`: unfit.csv was written (--out), so the summary can point to it. */
export function renderOptimize(r: OptimizeReport, seeFile = false): string {
  const u = UNIT_LABELS[r.units];
  const { current: cur, optimized: opt } = r.savings.compared;
  const i = r.input;
  const s = r.search;
  const sign = (x: number) => `${x >= 0 ? '−' : '+'}${Math.abs(x).toFixed(1)}%`;
  const vol = chooseVolumeScale(r.units, Math.max(cur.total_box_volume, opt.total_box_volume));
  const oos = r.out_of_sample;
  // The held-out change with its 95 % interval; a saving [lo, hi] is a change from −hi to −lo.
  const held = (key: keyof NonNullable<typeof oos>['savings_ci95']): string[] =>
    oos ? [`${sign(oos.savings[key])} (${sign(oos.savings_ci95[key][1])}…${sign(oos.savings_ci95[key][0])})`] : [];
  const none = oos ? [''] : [];
  const rows: string[][] = [
    [`box volume (${vol.label})`, vol.format(cur.total_box_volume), vol.format(opt.total_box_volume), sign(r.savings.total_box_volume_pct), ...held('total_box_volume_pct')],
    [`corrugate (${u.weight})`, fmtNum(cur.total_corrugate_weight), fmtNum(opt.total_corrugate_weight), sign(r.savings.total_corrugate_weight_pct), ...held('total_corrugate_weight_pct')],
    [`air per shipment (${u.volume})`, fmtNum(cur.air_per_shipment_mean), fmtNum(opt.air_per_shipment_mean), sign(r.savings.air_per_shipment_pct), ...held('air_per_shipment_pct')],
    ['utilization (mean)', fmtPct(cur.utilization_mean), fmtPct(opt.utilization_mean), '', ...none],
    ['over 50% empty', fmtPct(cur.empty_space_over_50_share), fmtPct(opt.empty_space_over_50_share), '', ...none],
  ];
  if (cur.cost_per_shipment_mean !== undefined && opt.cost_per_shipment_mean !== undefined && r.savings.total_cost_pct !== undefined) {
    const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    rows.push(['cost per shipment', money(cur.cost_per_shipment_mean), money(opt.cost_per_shipment_mean), sign(r.savings.total_cost_pct)]);
  }
  const stopped = s.stopped === 'converged' ? '' : s.stopped === 'time_limit' ? ' (stopped at the time limit)' : ' (interrupted)';
  const grid = s.steps ? `grid ${s.steps.map(fmtLen).join(' → ')} ${u.length}` : `catalog ${s.catalog}`;
  return [
    `packopt optimize: ${fmtInt(i.shipments)} shipments (${fmtInt(i.classes)} distinct shapes), K = ${r.k}, objective ${r.objective}, ${r.units} units`,
    '',
    'Optimized suite',
    renderBoxes(r.optimized, r.units),
    '',
    `On the ${fmtInt(r.savings.compared_shipments)} ${oos ? 'training ' : ''}shipments both suites serve:`,
    renderTable(['', 'current', 'optimized', 'change', ...(oos ? ['held out (95% interval)'] : [])], rows),
    ...renderScope(r, seeFile),
    ...renderHoldout(r),
    '',
    r.bound.gap_pct === null
      ? `No gap to the lower bound is claimed: ${r.bound.gap_note}.`
      : `Within ${r.bound.gap_pct.toFixed(2)}% of the best possible ${r.k}-box suite on the ${r.bound.grid_step === null ? 'catalog' : `${fmtLen(r.bound.grid_step)} ${u.length} grid`} (lower bound).`,
    `Search: ${grid}, seed ${s.seed}, ${s.threads} thread${s.threads === 1 ? '' : 's'}, ${fmtInt(s.iterations)} moves, ${s.seconds.toFixed(1)} s${stopped}`,
    '',
  ].join('\n');
}

/** The shipments left out of the comparison: served by one suite only, or by neither (and why). */
function renderScope(r: OptimizeReport, seeFile: boolean): string[] {
  const sv = r.savings;
  const neither = r.current.metrics.unfit - sv.served_by_optimized_only;
  const parts: string[] = [];
  if (sv.served_by_optimized_only > 0) parts.push(`${fmtInt(sv.served_by_optimized_only)} only the optimized suite serves`);
  if (sv.served_by_current_only > 0) parts.push(`${fmtInt(sv.served_by_current_only)} only the current suite serves`);
  if (neither > 0) parts.push(`${fmtInt(neither)} neither serves`);
  if (parts.length === 0) return [];
  const lines = [`  Left out of the comparison: ${parts.join(', ')}.`];
  const curUnfit = renderUnfit(r.current, seeFile);
  const optUnfit = renderUnfit(r.optimized, seeFile);
  if (curUnfit !== null) lines.push(`  current suite: ${curUnfit}`);
  if (optUnfit !== null) lines.push(`  optimized suite: ${optUnfit}`);
  return lines;
}

/** How the shipments were split, and who serves the held-out ones (SPEC §11). */
function renderHoldout(r: OptimizeReport): string[] {
  const h = r.input.holdout;
  const oos = r.out_of_sample;
  if (!h || !oos) return [];
  const sv = oos.savings;
  const more = sv.served_by_optimized_only > 0 ? `; ${fmtInt(sv.served_by_optimized_only)} only the optimized suite serves` : '';
  const fewer = sv.served_by_current_only > 0 ? `; ${fmtInt(sv.served_by_current_only)} only the current suite serves` : '';
  return [
    `Held out: ${fmtInt(h.held_out_shipments)} shipments ${describeHoldout(h)}; the search and the figures above used the other ${fmtInt(h.training_shipments)}.`,
    `  The held-out column compares both suites on the ${fmtInt(sv.compared_shipments)} held-out shipments both serve${more}${fewer}; ` +
      `intervals from ${fmtInt(oos.bootstrap.resamples)} bootstrap resamples.`,
  ];
}

/** Which shipments a split held out, in words. */
export function describeHoldout(h: HoldoutSummary): string {
  if (h.rule === 'from_date') return `dated ${h.from} or later (--holdout-from)`;
  if (h.rule === 'latest_share') return `(${fmtPct(h.share ?? 0)}), the latest by date: from ${h.from} on, that day's last in file order (--holdout)`;
  return `(${fmtPct(h.share ?? 0)}), the last in file order: the file has no dates (--holdout)`;
}
