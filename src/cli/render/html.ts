// report.html (SPEC §12): one self-contained page per command — headline, the suites side by side,
// charts and example packings — rendered from the report alone (plus the packings, which the
// report does not hold). Every number on it is read from the report and marked with its JSON path.
import { writeFile } from 'node:fs/promises';
import type { EvaluateReport } from '../../api/report.js';
import type { OptimizeReport } from '../../api/optimize.js';
import type { PackingExample } from '../../api/packing-examples.js';
import type { SweepReport } from '../../api/sweep.js';
import type { TrackReport } from '../../api/track.js';
import type { OutputFile } from '../../io/write-outputs.js';
import { COLORS, renderCurve, renderIntervalBars, renderPairedBars } from './html/charts.js';
import { escapeHtml, numbersOf, type Numbers } from './html/format.js';
import {
  renderCards,
  type Card,
  type TotalsColumn,
  renderDistributions,
  renderPackings,
  renderPage,
  renderSuites,
  renderSuiteTable,
  renderComparedTotals,
  renderCostTable,
  renderTotals,
  hasCost,
  section,
  unitLabels,
} from './html/sections.js';

export type HtmlReport = EvaluateReport | OptimizeReport | SweepReport | TrackReport;

export interface HtmlExtras {
  /** Example packings of the suite the page is about (the new one, where there are two). */
  examples?: readonly PackingExample[];
}

/** report.html for an --out folder. */
export function htmlFile(report: HtmlReport, extras: HtmlExtras = {}): OutputFile {
  return { name: 'report.html', write: (path) => writeFile(path, renderHtml(report, extras)) };
}

export function renderHtml(report: HtmlReport, extras: HtmlExtras = {}): string {
  const n = numbersOf(report);
  switch (report.command) {
    case 'evaluate':
      return renderEvaluateHtml(report, n, extras);
    case 'optimize':
      return renderOptimizeHtml(report, n, extras);
    case 'sweep':
      return renderSweepHtml(report, n, extras);
    case 'track':
      return renderTrackHtml(report, n, extras);
  }
}

function subtitle(r: HtmlReport, n: Numbers): string {
  const i = r.input;
  const parts = [
    escapeHtml(i.shipments_file),
    `${n.span('input.shipments', 'int')} shipments`,
    `${n.span('input.classes', 'int')} distinct shapes`,
    `${r.units} units`,
    `objective ${escapeHtml(r.objective)}`,
  ];
  if (i.dates) parts.push(`${escapeHtml(i.dates.first)} to ${escapeHtml(i.dates.last)}`);
  if (i.skipped > 0) parts.push(`${n.span('input.skipped', 'int')} rows skipped`);
  return parts.join(' · ');
}

/**
 * Headline cards for the money (SPEC §10), when the report has it: the cost saved, the cost per
 * shipment before → after on the shipments both suites serve (the savings' basis), and the share
 * billed by dimensional weight. `detail` goes under the cost saved.
 */
function costCards(n: Numbers, savingsPath: string, before: string, after: string, detail = ''): Card[] {
  if (!hasCost(n, after)) return [];
  const tone = (x: number | null) => (x === null ? '' : x > 0 ? 'good' : x < 0 ? 'bad' : '');
  const c = `${savingsPath}.compared`;
  const cards: Card[] = [];
  if (n.has(`${savingsPath}.total_cost_pct`)) {
    const pct = `${savingsPath}.total_cost_pct`;
    cards.push({ value: n.span(pct, 'pct1'), label: 'cost saved', tone: tone(n.value(pct, 'pct1')), ...(detail ? { detail } : {}) });
  }
  if (n.has(`${c}.current.cost_per_shipment_mean`) && n.has(`${c}.optimized.cost_per_shipment_mean`)) {
    cards.push({
      value: `${n.span(`${c}.current.cost_per_shipment_mean`, 'num2')} → ${n.span(`${c}.optimized.cost_per_shipment_mean`, 'num2')}`,
      label: 'cost per shipment',
      detail: `on the ${n.span(`${savingsPath}.compared_shipments`, 'int')} shipments both serve`,
    });
  }
  cards.push({
    value: n.span(`${after}.dim_weight_share`, 'ratio1'),
    label: 'billed by dimensional weight',
    // Over all the shipments each suite serves, as in the Cost table.
    detail: `of the shipments served${hasCost(n, before) ? `; was ${n.span(`${before}.dim_weight_share`, 'ratio1')}` : ''}`,
  });
  return cards;
}

/** The Cost section: `renderCostTable` under a note naming its basis; nothing without a cost model. */
function costSection(columns: TotalsColumn[], n: Numbers, r: HtmlReport, basis: string): string {
  const table = renderCostTable(columns, n, r.units);
  const u = unitLabels(r.units);
  return table
    ? section('Cost', table, `${basis} Amounts in the currency of the prices; billable weight in ${u.weight}, the greater of actual and dimensional weight, rounded up per shipment.`)
    : '';
}

const CURRENT = { name: 'current', color: COLORS.current };
const NEW = { name: 'optimized', color: COLORS.new };

function renderEvaluateHtml(r: EvaluateReport, n: Numbers, extras: HtmlExtras): string {
  const u = unitLabels(r.units);
  const m = 'current.metrics';
  const cards = renderCards([
    { value: n.span(`${m}.fitted`, 'int'), label: 'shipments served', detail: `of ${n.span(`${m}.shipments`, 'int')}; ${n.span(`${m}.unfit`, 'int')} fit no box` },
    { value: n.span(`${m}.utilization_mean`, 'ratio1'), label: 'mean utilization', detail: `aggregate ${n.span(`${m}.utilization_aggregate`, 'ratio1')}` },
    { value: n.span(`${m}.air_per_shipment_mean`, 'num1'), label: `air per shipment (${u.volume})` },
    { value: n.span(`${m}.empty_space_over_50_share`, 'ratio1'), label: 'shipments over 50 % empty' },
    { value: n.span(`${m}.total_box_volume`, 'int'), label: `box volume (${u.volume})` },
    ...(hasCost(n, m)
      ? [
          { value: n.span(`${m}.total_cost`, 'num2'), label: 'total cost', detail: `${n.span(`${m}.cost_per_shipment_mean`, 'num2')} per shipment served` },
          { value: n.span(`${m}.dim_weight_share`, 'ratio1'), label: 'billed by dimensional weight', detail: `of the shipments served` },
        ]
      : []),
  ]);
  const suite = { ...CURRENT, metricsPath: m, boxesPath: `${m}.boxes` };
  return renderPage(`packopt evaluate`, subtitle(r, n), [
    cards,
    section('The suite', renderSuites([renderSuiteTable('current suite', `${m}.boxes`, n, r.units), renderTotals([{ title: 'current', metricsPath: m }], n, r.units)])),
    costSection([{ title: 'current', metricsPath: m }], n, r, 'Over all the shipments the suite serves.'),
    renderDistributions([suite], n, r.units),
    renderPackings(extras.examples ?? [], `${m}.boxes`, n, r.units),
    renderUnfit(r.current.unfit_shipments, 'current.unfit_shipments', n),
  ]);
}

function renderOptimizeHtml(r: OptimizeReport, n: Numbers, extras: HtmlExtras): string {
  const u = unitLabels(r.units);
  const tone = (x: number) => (x > 0 ? 'good' : x < 0 ? 'bad' : '');
  const money = costCards(n, 'savings', 'current.metrics', 'optimized.metrics');
  const cards = renderCards([
    // Under the cost objective the money leads.
    ...(r.objective === 'cost' ? money : []),
    {
      value: n.span('savings.total_box_volume_pct', 'pct1'),
      label: 'box volume saved',
      tone: tone(r.savings.total_box_volume_pct),
      ...(r.out_of_sample ? { detail: `held out ${n.span('out_of_sample.savings.total_box_volume_pct', 'pct1')} (${n.span('out_of_sample.savings_ci95.total_box_volume_pct.0', 'pct1')} … ${n.span('out_of_sample.savings_ci95.total_box_volume_pct.1', 'pct1')})` } : {}),
    },
    { value: n.span('savings.total_corrugate_weight_pct', 'pct1'), label: 'corrugate weight saved', tone: tone(r.savings.total_corrugate_weight_pct) },
    { value: n.span('savings.air_per_shipment_pct', 'pct1'), label: 'air per shipment saved', tone: tone(r.savings.air_per_shipment_pct) },
    {
      value: n.span('bound.gap_pct', 'pct2'),
      label: `gap to the best possible ${n.span('k', 'int')}-box suite`,
      detail: r.bound.grid_step === null ? 'lower bound on the catalog' : `lower bound on the ${n.span('bound.grid_step', 'len')} ${u.length} grid`,
    },
    {
      value: `${n.span('current.metrics.fitted', 'int')} → ${n.span('optimized.metrics.fitted', 'int')}`,
      label: 'shipments served',
      detail: `of ${n.span('input.shipments', 'int')}; savings compare the ${n.span('savings.compared_shipments', 'int')} both serve`,
    },
    ...(r.objective === 'cost' ? [] : money),
  ]);
  const suites = [
    { ...CURRENT, metricsPath: 'current.metrics', boxesPath: 'current.metrics.boxes' },
    { ...NEW, metricsPath: 'optimized.metrics', boxesPath: 'optimized.metrics.boxes' },
  ];
  const s = r.search;
  const search =
    `Search: ${s.steps ? `grid ${s.steps.map((_, i) => n.span(`search.steps.${i}`, 'len')).join(' → ')} ${u.length}` : `catalog ${escapeHtml(s.catalog ?? '')}`}, ` +
    `seed ${n.span('search.seed', 'int')}, ${n.span('search.threads', 'int')} thread(s), ${n.span('search.iterations', 'int')} moves, ${n.span('search.seconds', 'num1')} s, ${escapeHtml(s.stopped.replace('_', ' '))}. ` +
    `Bound ${n.span('bound.value', 'int')}, objective ${n.span('bound.objective', 'int')}` +
    (r.bound.perfect_fit_captured_pct === null ? '.' : `; the suite captures ${n.span('bound.perfect_fit_captured_pct', 'pct1')} of what a box per shipment would save.`);
  return renderPage(`packopt optimize: K = ${r.k}`, subtitle(r, n), [
    cards,
    section(
      'Suites',
      renderSuites([renderSuiteTable('current suite', 'current.metrics.boxes', n, r.units), renderSuiteTable('optimized suite', 'optimized.metrics.boxes', n, r.units)]),
    ),
    section('Totals', renderComparedTotals('savings', ['current', 'optimized'], n, r.units) + renderTotals([{ title: 'current', metricsPath: 'current.metrics' }, { title: 'optimized', metricsPath: 'optimized.metrics' }], n, r.units),
      'The savings compare both suites on the shipments both serve (first table); the second table is each suite over all the shipments it serves.'),
    costSection([{ title: 'current', metricsPath: 'current.metrics' }, { title: 'optimized', metricsPath: 'optimized.metrics' }], n, r, 'Each suite over all the shipments it serves, as in the second totals table; the cost saved compares the shipments both serve (first totals table).'),
    renderOutOfSample(r, n),
    renderDistributions(suites, n, r.units),
    renderPackings(extras.examples ?? [], 'optimized.metrics.boxes', n, r.units),
    renderUnfit(r.optimized.unfit_shipments, 'optimized.unfit_shipments', n),
    `<footer>${search}</footer>`,
  ]);
}

const SAVINGS: [string, string][] = [
  ['total_box_volume_pct', 'box volume'],
  ['total_corrugate_weight_pct', 'corrugate weight'],
  ['air_per_shipment_pct', 'air per shipment'],
];

/** How the split was made, in words, with its counts marked. */
function holdoutNote(r: OptimizeReport | SweepReport, n: Numbers): string {
  const h = r.input.holdout!;
  const which =
    h.rule === 'from_date'
      ? `dated ${escapeHtml(h.from ?? '')} or later (--holdout-from)`
      : h.rule === 'latest_share'
        ? `— the latest ${n.span('input.holdout.share', 'ratio1')} by date: from ${escapeHtml(h.from ?? '')} on, that day’s last in file order (--holdout) —`
        : `— the last ${n.span('input.holdout.share', 'ratio1')} in file order, the file having no dates (--holdout) —`;
  return `${n.span('input.holdout.held_out_shipments', 'int')} shipments ${which} were held out; the search, and every in-sample figure, used the other ${n.span('input.holdout.training_shipments', 'int')}.`;
}

/** The optimized suite judged on shipments the search never saw: savings in and out of sample, with 95 % intervals. */
function renderOutOfSample(r: OptimizeReport, n: Numbers): string {
  if (!r.out_of_sample || !r.input.holdout) return '';
  const o = 'out_of_sample';
  const chart = renderIntervalBars(
    'Savings: in sample vs on the held-out shipments (95 % interval)',
    [{ name: 'in sample', color: COLORS.new }, { name: 'held out', color: COLORS.accent }],
    SAVINGS.map(([key, label]) => ({
      label,
      point: `savings.${key}`,
      held: `${o}.savings.${key}`,
      low: `${o}.savings_ci95.${key}.0`,
      high: `${o}.savings_ci95.${key}.1`,
    })),
    n,
  );
  const rows = SAVINGS.map(
    ([key, label]) =>
      `<tr><td>${label}</td><td class="r">${n.span(`savings.${key}`, 'pct1')}</td><td class="r">${n.span(`${o}.savings.${key}`, 'pct1')}</td><td class="r">${n.span(`${o}.savings_ci95.${key}.0`, 'pct1')} … ${n.span(`${o}.savings_ci95.${key}.1`, 'pct1')}</td></tr>`,
  ).join('');
  const table = `<table><thead><tr><th>saved</th><th class="r">in sample</th><th class="r">held out</th><th class="r">95 % interval</th></tr></thead><tbody>${rows}</tbody></table>`;
  const totals = renderComparedTotals(`${o}.savings`, ['current', 'optimized'], n, r.units);
  const note =
    `${holdoutNote(r, n)} Held out, both suites serve ${n.span(`${o}.savings.compared_shipments`, 'int')} shipments` +
    (r.out_of_sample.savings.served_by_optimized_only > 0 ? `, the optimized suite ${n.span(`${o}.savings.served_by_optimized_only`, 'int')} more` : '') +
    `; intervals from ${n.span(`${o}.bootstrap.resamples`, 'int')} bootstrap resamples of the held-out shipments.`;
  const tables = `<div class="suites"><div class="suite"><h3>Saved</h3>${table}</div><div class="suite"><h3>Both suites on the held-out shipments</h3>${totals}</div></div>`;
  return section('Out of sample', `<div class="figrow">${chart}</div>${tables}`, note);
}

function renderSweepHtml(r: SweepReport, n: Numbers, extras: HtmlExtras): string {
  const ri = Math.max(0, r.curve.findIndex((p) => p.k === r.recommended_k));
  const p = `curve.${ri}`;
  const ks = r.curve.map((c) => c.k);
  const mark = r.recommended_k === null ? {} : { markK: r.recommended_k };
  // The money rule (SPEC §10): one more size pays when it saves at least box_sku_cost.
  const byMoney = r.recommendation_rule === 'box_sku_cost';
  const rule = byMoney ? `${n.span('box_sku_cost', 'num2')} (box_sku_cost, the cost of stocking one more size)` : n.span('min_gain_pct', 'pct1');
  const withCost = r.curve.some((c) => c.metrics.total_cost !== undefined);
  const money = costCards(n, `${p}.savings`, 'current.metrics', `${p}.metrics`, `at K = ${n.span(`${p}.k`, 'int')}`);
  const cards = renderCards([
    {
      value: n.span('recommended_k', 'int'),
      label: 'recommended K',
      detail:
        r.recommended_k === null
          ? escapeHtml(r.recommendation)
          : r.recommended_k === r.k_max && r.k_max > r.k_min
            ? `every box up to it saves at least ${rule}; a larger K may pay`
            : `the next box saves less than ${rule}`,
    },
    // Under the cost objective the money leads.
    ...(r.objective === 'cost' ? money : []),
    { value: n.span(`${p}.savings.total_box_volume_pct`, 'pct1'), label: `box volume saved at K = ${n.span(`${p}.k`, 'int')}`, tone: 'good' },
    { value: n.span(`${p}.savings.total_corrugate_weight_pct`, 'pct1'), label: 'corrugate weight saved' },
    { value: n.span(`${p}.gap_pct`, 'pct2'), label: 'gap to the lower bound' },
    { value: `${n.span('current.metrics.fitted', 'int')} → ${n.span(`${p}.metrics.fitted`, 'int')}`, label: 'shipments served', detail: `of ${n.span('input.shipments', 'int')}` },
    ...(r.objective === 'cost' ? [] : money),
  ]);
  const curve = renderCurve(
    'Savings over K',
    ks,
    [
      // Shorter names make room in the legend for the held-out line.
      { name: r.out_of_sample ? 'volume' : 'box volume saved', color: COLORS.new, path: 'curve.{i}.savings.total_box_volume_pct' },
      { name: r.out_of_sample ? 'corrugate' : 'corrugate weight saved', color: '#059669', path: 'curve.{i}.savings.total_corrugate_weight_pct' },
      ...(r.out_of_sample ? [{ name: 'volume, held out', color: COLORS.accent, path: 'curve.{i}.out_of_sample.savings.total_box_volume_pct' }] : []),
      ...(withCost ? [{ name: 'cost saved', color: '#7c3aed', path: 'curve.{i}.savings.total_cost_pct' }] : []),
    ],
    n,
    // Under the cost objective the cost line carries the value labels.
    { ...mark, yLabel: 'saved vs the current suite (%)', ...(withCost && r.objective === 'cost' ? { labelLine: r.out_of_sample ? 3 : 2 } : {}) },
  );
  const gain = renderCurve('Marginal gain of each added box size', ks, [], n, {
    bars: { name: 'gain of this box', color: COLORS.accent, path: 'curve.{i}.marginal_gain_pct' },
    ...mark,
    ...(byMoney ? {} : { threshold: { path: 'min_gain_pct', label: 'threshold' } }),
    yLabel: 'objective reduction vs K − 1 (%)',
  });
  const saving = withCost
    ? renderCurve('Money saved by each added box size', ks, [], n, {
        bars: { name: 'saved by this box', color: '#7c3aed', path: 'curve.{i}.marginal_saving' },
        ...mark,
        ...(byMoney ? { threshold: { path: 'box_sku_cost', label: 'box_sku_cost' } } : {}),
        yLabel: 'total cost at K − 1 minus at K',
        money: true,
      })
    : '';
  // Out of sample: each K's held-out volume saving and its 95 % interval.
  const heldCell = (q: string) =>
    r.out_of_sample
      ? `<td class="r">${n.span(`${q}.out_of_sample.savings.total_box_volume_pct`, 'pct1')} <span class="dim">(${n.span(`${q}.out_of_sample.savings_ci95.total_box_volume_pct.0`, 'pct1')} … ${n.span(`${q}.out_of_sample.savings_ci95.total_box_volume_pct.1`, 'pct1')})</span></td>`
      : '';
  const costCells = (q: string) =>
    withCost
      ? `<td class="r">${n.span(`${q}.metrics.total_cost`, 'num2')}</td><td class="r">${n.span(`${q}.savings.total_cost_pct`, 'pct1')}</td><td class="r">${n.span(`${q}.marginal_saving`, 'num2')}</td>`
      : '';
  const rows = r.curve
    .map((c, i) => {
      const q = `curve.${i}`;
      const mark = c.k === r.recommended_k ? ' class="rec"' : '';
      return `<tr${mark}><td>${n.span(`${q}.k`, 'int')}${c.k === r.recommended_k ? ' ★' : ''}</td><td class="r">${n.span(`${q}.objective`, 'int')}</td><td class="r">${n.span(`${q}.savings.total_box_volume_pct`, 'pct1')}</td>${heldCell(q)}<td class="r">${n.span(`${q}.savings.total_corrugate_weight_pct`, 'pct1')}</td><td class="r">${n.span(`${q}.savings.air_per_shipment_pct`, 'pct1')}</td><td class="r">${n.span(`${q}.marginal_gain_pct`, 'pct2')}</td>${costCells(q)}<td class="r">${n.span(`${q}.gap_pct`, 'pct2')}</td><td class="r">${n.span(`${q}.metrics.fitted`, 'int')}</td></tr>`;
    })
    .join('');
  const table = `<table class="curve"><thead><tr><th>K</th><th class="r">objective</th><th class="r">box volume saved</th>${r.out_of_sample ? '<th class="r">held out (95 % interval)</th>' : ''}<th class="r">corrugate saved</th><th class="r">air saved</th><th class="r">gain of this box</th>${withCost ? '<th class="r">total cost</th><th class="r">cost saved</th><th class="r">saved by this box</th>' : ''}<th class="r">gap to bound</th><th class="r">served</th></tr></thead><tbody>${rows}</tbody></table>`;
  const suites = [
    { ...CURRENT, metricsPath: 'current.metrics', boxesPath: 'current.metrics.boxes' },
    { name: `K = ${r.recommended_k}`, color: COLORS.new, metricsPath: `${p}.metrics`, boxesPath: `${p}.boxes` },
  ];
  return renderPage(`packopt sweep: K = ${r.k_min}..${r.k_max}`, subtitle(r, n), [
    cards,
    section(
      'Savings curve',
      `<div class="figrow">${curve}${gain}${saving}</div>${table}`,
      `The objective is the search’s ${r.objective === 'cost' ? 'total cost' : 'total box volume (or blank area)'}; each K’s savings compare it with the current suite.` +
        (withCost ? ' “Saved by this box” is the total cost at K − 1 minus at K, in the currency of the prices.' : '') +
        (r.input.holdout ? ` ${holdoutNote(r, n)}` : ''),
    ),
    section('Suites', renderSuites([renderSuiteTable('current suite', 'current.metrics.boxes', n, r.units), renderSuiteTable(`recommended suite (K = ${r.recommended_k})`, `${p}.boxes`, n, r.units)])),
    section('Totals', renderTotals([{ title: 'current', metricsPath: 'current.metrics' }, { title: `K = ${r.recommended_k}`, metricsPath: `${p}.metrics` }], n, r.units)),
    costSection([{ title: 'current', metricsPath: 'current.metrics' }, { title: `K = ${r.recommended_k}`, metricsPath: `${p}.metrics` }], n, r, 'Each suite over all the shipments it serves, as in the totals.'),
    renderDistributions(suites, n, r.units),
    renderPackings(extras.examples ?? [], `${p}.boxes`, n, r.units),
    `<footer>Search: seed ${n.span('search.seed', 'int')}, ${n.span('search.threads', 'int')} thread(s), ${n.span('search.seconds', 'num1')} s, ${escapeHtml(r.search.stopped.replace('_', ' '))}.</footer>`,
  ]);
}

function renderTrackHtml(r: TrackReport, n: Numbers, extras: HtmlExtras): string {
  const held = r.status === 'held';
  const cards = renderCards([
    { value: `<span class="status ${held ? 'good' : 'bad'}">${held ? 'savings held' : 're-optimize'}</span>`, label: 'status' },
    {
      value: n.span('savings.total_box_volume_pct', 'pct1'),
      label: 'box volume saved, realised',
      detail: `predicted ${n.span('baseline.savings.total_box_volume_pct', 'pct1')}`,
    },
    {
      value: n.span('retained_pct', 'pct1'),
      label: 'of the predicted saving retained',
      detail: `threshold ${n.span('thresholds.min_retained_pct', 'pct1')}`,
      tone: r.retained_pct >= r.thresholds.min_retained_pct ? 'good' : 'bad',
    },
    {
      value: n.span('lost_pct', 'pct1'),
      label: 'of the shipments the previous suite serves fit no deployed box',
      detail: `${n.span('lost_shipments', 'int')} shipments, threshold ${n.span('thresholds.max_unfit_pct', 'pct1')}; ${n.span('unfit_pct', 'pct1')} of all new shipments fit no deployed box`,
      tone: r.lost_pct > r.thresholds.max_unfit_pct ? 'bad' : 'good',
    },
    { value: n.span('deployed.metrics.fitted', 'int'), label: 'shipments served', detail: `of ${n.span('deployed.metrics.shipments', 'int')}` },
    ...costCards(n, 'savings', 'previous.metrics', 'deployed.metrics', n.has('baseline.savings.total_cost_pct') ? `predicted ${n.span('baseline.savings.total_cost_pct', 'pct1')}` : ''),
  ]);
  const reasons = r.reasons.length ? `<ul class="reasons">${r.reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : '';
  const paired = renderPairedBars(
    'Savings: predicted by the baseline vs realised on the new shipments',
    [{ name: 'predicted (baseline)', color: COLORS.current }, { name: 'realised', color: COLORS.new }],
    [
      { label: 'box volume', paths: ['baseline.savings.total_box_volume_pct', 'savings.total_box_volume_pct'] },
      { label: 'corrugate weight', paths: ['baseline.savings.total_corrugate_weight_pct', 'savings.total_corrugate_weight_pct'] },
      { label: 'air per shipment', paths: ['baseline.savings.air_per_shipment_pct', 'savings.air_per_shipment_pct'] },
      ...(n.has('baseline.savings.total_cost_pct') && n.has('savings.total_cost_pct')
        ? [{ label: 'total cost', paths: ['baseline.savings.total_cost_pct', 'savings.total_cost_pct'] as [string, string] }]
        : []),
    ],
    n,
  );
  const suites = [
    { name: 'previous', color: COLORS.current, metricsPath: 'previous.metrics', boxesPath: 'previous.metrics.boxes' },
    { name: 'deployed', color: COLORS.new, metricsPath: 'deployed.metrics', boxesPath: 'deployed.metrics.boxes' },
  ];
  return renderPage('packopt track', `${subtitle(r, n)} · baseline ${escapeHtml(r.baseline.file)}`, [
    cards + reasons,
    section('Realised vs predicted', paired),
    section('Suites', renderSuites([renderSuiteTable('previous suite', 'previous.metrics.boxes', n, r.units), renderSuiteTable('deployed suite', 'deployed.metrics.boxes', n, r.units)])),
    section('Totals', renderComparedTotals('savings', ['previous', 'deployed'], n, r.units) + renderTotals([{ title: 'previous', metricsPath: 'previous.metrics' }, { title: 'deployed', metricsPath: 'deployed.metrics' }], n, r.units),
      'The savings compare both suites on the shipments both serve (first table); the second table is each suite over all the shipments it serves.'),
    costSection([{ title: 'previous', metricsPath: 'previous.metrics' }, { title: 'deployed', metricsPath: 'deployed.metrics' }], n, r, 'Each suite over all the shipments it serves, as in the second totals table; the cost saved compares the shipments both serve.'),
    renderDistributions(suites, n, r.units),
    renderPackings(extras.examples ?? [], 'deployed.metrics.boxes', n, r.units),
    renderUnfit(r.deployed.unfit_shipments, 'deployed.unfit_shipments', n),
  ]);
}

function renderUnfit(list: readonly { shipment_id: string }[], path: string, n: Numbers): string {
  if (list.length === 0) return '';
  const shown = list.slice(0, 20);
  const rows = shown
    .map((s, i) => `<tr><td>${escapeHtml(s.shipment_id)}</td><td class="r">${n.span(`${path}.${i}.shipments`, 'int')}</td><td class="r">${n.span(`${path}.${i}.units`, 'int')}</td></tr>`)
    .join('');
  return section(
    'Shipments that fit no box',
    `<table><thead><tr><th>first shipment</th><th class="r">shipments of this shape</th><th class="r">units</th></tr></thead><tbody>${rows}</tbody></table>`,
    list.length > shown.length ? `The ${shown.length} most frequent shapes; report.json lists up to 100.` : '',
  );
}
