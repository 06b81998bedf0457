// The building blocks of report.html: the page shell, headline cards, suite and totals tables,
// and the chart and packing sections that every command's page combines.
import type { PackingExample } from '../../../api/packing-examples.js';
import type { UnitSystem } from '../../../core/params.js';
import { UNIT_LABELS } from '../../../io/units.js';
import { renderHistograms, renderUsageBars, type Series } from './charts.js';
import { escapeHtml, formatNumber, type NumberFormat, type Numbers } from './format.js';
import { renderPacking } from './packing.js';
import { CSS } from './style.js';

/** Report units as people write them: in³, ft², cm³, m². */
export function unitLabels(units: UnitSystem) {
  const u = UNIT_LABELS[units];
  const sup = (s: string) => s.replace('3', '³').replace('2', '²');
  return { length: u.length, volume: sup(u.volume), area: sup(u.area), weight: u.weight };
}

export function renderPage(title: string, subtitle: string, body: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Everything is inline: the policy forbids the page from loading anything at all.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>${escapeHtml(title)}</h1><p class="sub">${subtitle}</p></header>`,
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function section(title: string, html: string, note = ''): string {
  return `<section><h2>${escapeHtml(title)}</h2>${note ? `<p class="note">${note}</p>` : ''}${html}</section>`;
}

export interface Card {
  /** Formatted, marked number (or text) shown large. */
  value: string;
  label: string;
  /** A smaller line under the label. */
  detail?: string;
  tone?: 'good' | 'bad' | '';
}

export function renderCards(cards: Card[]): string {
  return `<section class="cards">${cards
    .map((c) => `<div class="card ${c.tone ?? ''}"><div class="big">${c.value}</div><div class="lbl">${c.label}</div>${c.detail ? `<div class="det">${c.detail}</div>` : ''}</div>`)
    .join('')}</section>`;
}

/**
 * One suite's boxes: dims, shipments, share and mean utilization, every number marked; mailers
 * (SPEC §9) carry a marker, and a price column appears when some box of the suite has a price.
 */
export function renderSuiteTable(title: string, boxesPath: string, n: Numbers, units: UnitSystem): string {
  const u = unitLabels(units);
  const boxes = n.list<{ box_id: string; type?: string; price?: number }>(boxesPath);
  const priced = boxes.some((b) => (b.price ?? 0) > 0);
  const rows = boxes
    .map((b, i) => {
      const p = `${boxesPath}.${i}`;
      const dims = ['length', 'width', 'height'].map((k) => n.span(`${p}.${k}`, 'len')).join('×');
      const tag = b.type === 'mailer' ? ' <span class="tag" title="mailer: flat L×W, thickest load H">mailer</span>' : '';
      const price = priced ? `<td class="r">${n.span(`${p}.price`, 'num2')}</td>` : '';
      return `<tr><td>${escapeHtml(b.box_id)}${tag}</td><td class="r">${dims}</td>${price}<td class="r">${n.span(`${p}.shipments`, 'int')}</td><td class="r">${n.span(`${p}.share`, 'ratio1')}</td><td class="r">${n.span(`${p}.utilization_mean`, 'ratio1')}</td></tr>`;
    })
    .join('');
  return `<div class="suite"><h3>${escapeHtml(title)}</h3><table><thead><tr><th>box</th><th class="r">L×W×H (${u.length})</th>${priced ? '<th class="r">price</th>' : ''}<th class="r">shipments</th><th class="r">share</th><th class="r">utilization</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function renderSuites(tables: string[]): string {
  return `<div class="suites">${tables.join('')}</div>`;
}

export interface TotalsColumn {
  title: string;
  /** Path of the suite's metrics. */
  metricsPath: string;
}

/**
 * The suites' totals side by side; `changes` maps a metric to the path of its saving (in %), shown
 * in a last column when given.
 */
export function renderTotals(columns: TotalsColumn[], n: Numbers, units: UnitSystem, changes?: Partial<Record<string, string>>, changeTitle = 'saved'): string {
  const u = unitLabels(units);
  const rows: [string, string, NumberFormat][] = [
    ['shipments', 'shipments', 'int'],
    ['fitted', 'shipments served', 'int'],
    ['unfit', 'fit no box', 'int'],
    ['total_box_volume', `box volume (${u.volume})`, 'int'],
    ['total_item_volume', `item volume (${u.volume})`, 'int'],
    ['total_corrugate_area', `corrugate area (${u.area})`, 'num1'],
    ['total_corrugate_weight', `corrugate weight (${u.weight})`, 'num1'],
    ['utilization_mean', 'utilization, mean', 'ratio1'],
    ['utilization_aggregate', 'utilization, aggregate', 'ratio1'],
    ['air_per_shipment_mean', `air per shipment (${u.volume})`, 'num1'],
    ['empty_space_over_50_share', 'over 50 % empty', 'ratio1'],
    ['multi_item', 'multi-item shipments', 'int'],
    ['split_needed', 'multi-item, fit no single box', 'int'],
  ];
  // Mailers (SPEC §9): only where some suite on the page puts shipments in one.
  if (columns.some((c) => (n.has(`${c.metricsPath}.mailer_shipments`) ? n.value(`${c.metricsPath}.mailer_shipments`, 'int')! > 0 : false))) {
    rows.push(['mailer_shipments', 'shipments in mailers', 'int'], ['total_mailer_area', `mailer area (${u.area})`, 'num1']);
  }
  const head = `<tr><th></th>${columns.map((c) => `<th class="r">${escapeHtml(c.title)}</th>`).join('')}${changes ? `<th class="r">${escapeHtml(changeTitle)}</th>` : ''}</tr>`;
  const body = rows
    .map(([key, label, fmt]) => {
      const cells = columns.map((c) => `<td class="r">${n.span(`${c.metricsPath}.${key}`, fmt)}</td>`).join('');
      const change = changes ? `<td class="r">${changes[key] ? n.span(changes[key], 'pct1') : ''}</td>` : '';
      return `<tr><td>${label}</td>${cells}${change}</tr>`;
    })
    .join('');
  return `<table class="totals"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/**
 * Both suites' totals on the shipments both serve (`<savings>.compared`), beside the savings, which
 * are computed on exactly these figures: one basis, so a reader can check every percentage.
 */
export function renderComparedTotals(savingsPath: string, titles: [string, string], n: Numbers, units: UnitSystem): string {
  const u = unitLabels(units);
  const rows: [string, string, NumberFormat, string | null][] = [
    ['total_box_volume', `box volume (${u.volume})`, 'int', 'total_box_volume_pct'],
    ['total_item_volume', `item volume (${u.volume})`, 'int', null],
    ['total_corrugate_weight', `corrugate weight (${u.weight})`, 'num1', 'total_corrugate_weight_pct'],
    ['air_per_shipment_mean', `air per shipment (${u.volume})`, 'num1', 'air_per_shipment_pct'],
    ['utilization_mean', 'utilization, mean', 'ratio1', null],
    ['empty_space_over_50_share', 'over 50 % empty', 'ratio1', null],
  ];
  // The money (SPEC §10), when both suites carry a cost model.
  if (n.has(`${savingsPath}.compared.current.total_cost`) && n.has(`${savingsPath}.compared.optimized.total_cost`)) {
    rows.unshift(['total_cost', 'total cost', 'num2', n.has(`${savingsPath}.total_cost_pct`) ? 'total_cost_pct' : null], ['cost_per_shipment_mean', 'cost per shipment', 'num2', null]);
  }
  const head = `<tr><th>on the ${n.span(`${savingsPath}.compared_shipments`, 'int')} shipments both serve</th>${titles.map((t) => `<th class="r">${escapeHtml(t)}</th>`).join('')}<th class="r">saved</th></tr>`;
  const body = rows
    .map(([key, label, fmt, pct]) => {
      const cells = ['current', 'optimized'].map((c) => `<td class="r">${n.span(`${savingsPath}.compared.${c}.${key}`, fmt)}</td>`).join('');
      return `<tr><td>${label}</td>${cells}<td class="r">${pct ? n.span(`${savingsPath}.${pct}`, 'pct1') : ''}</td></tr>`;
    })
    .join('');
  return `<table class="totals"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** Does the suite at `metricsPath` carry the cost keys (SPEC §10: a price, a rate card or a cost parameter was given)? */
export const hasCost = (n: Numbers, metricsPath: string): boolean => n.has(`${metricsPath}.total_cost`);

/**
 * The suites' money side by side (SPEC §10), each over all the shipments it serves: total cost, cost
 * per shipment and its parts, billable weight and the share billed by dimensional weight. Empty
 * when no suite has a cost model.
 */
export function renderCostTable(columns: TotalsColumn[], n: Numbers, units: UnitSystem): string {
  const shown = columns.filter((c) => hasCost(n, c.metricsPath));
  if (shown.length === 0) return '';
  const u = unitLabels(units);
  const rows: [string, string, NumberFormat][] = [
    ['total_cost', 'total cost', 'num2'],
    ['cost_per_shipment_mean', 'cost per shipment', 'num2'],
    ['total_packaging_cost', 'packaging (price + corrugate)', 'num2'],
    ['total_void_fill_cost', 'void fill', 'num2'],
    ['total_freight_cost', 'freight', 'num2'],
    ['total_billable_weight', `billable weight (${u.weight})`, 'num1'],
    ['dim_weight_share', 'billed by dimensional weight', 'ratio1'],
    ['fitted', 'shipments served', 'int'],
  ];
  const head = `<tr><th></th>${shown.map((c) => `<th class="r">${escapeHtml(c.title)}</th>`).join('')}</tr>`;
  const body = rows.map(([key, label, fmt]) => `<tr><td>${label}</td>${shown.map((c) => `<td class="r">${n.span(`${c.metricsPath}.${key}`, fmt)}</td>`).join('')}</tr>`).join('');
  return `<table class="totals"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

export interface SuiteRef extends Series {
  metricsPath: string;
  boxesPath: string;
}

/** Box usage bars and the utilization and air histograms of the given suites. */
export function renderDistributions(suites: SuiteRef[], n: Numbers, units: UnitSystem): string {
  const u = unitLabels(units);
  const usage = section(
    'Box usage',
    `<div class="figrow">${renderUsageBars(suites.map((s) => ({ ...s, boxesPath: s.boxesPath })), n)}</div>`,
    'Share of the shipments each suite serves that goes into each box, boxes in suite order.',
  );
  const hist = (key: string, title: string, ratio: boolean, xLabel: string) =>
    renderHistograms(title, suites.map((s) => ({ name: s.name, color: s.color, path: `${s.metricsPath}.${key}` })), n, { ratio, xLabel });
  const dists = section(
    'Utilization and air per shipment',
    `<div class="figrow">${hist('utilization_histogram', 'Utilization (item volume / box volume)', true, 'utilization')}${hist('air_histogram', `Air per shipment (${u.volume})`, false, `air (${u.volume})`)}</div>`,
    'Fitted shipments by utilization and by air (box volume minus item volume); side by side, or outlined where the suites’ bins differ.',
  );
  return usage + dists;
}

/** One drawing per box that serves a multi-item shipment, captioned with the box's dims from the report. */
export function renderPackings(examples: readonly PackingExample[], boxesPath: string, n: Numbers, units: UnitSystem): string {
  if (examples.length === 0) return '';
  const boxes = n.list<{ box_id: string }>(boxesPath);
  const u = unitLabels(units);
  const figures = examples
    .map((e) => {
      const i = boxes.findIndex((b) => b.box_id === e.box_id);
      const dims = i < 0 ? '' : ` · ${['length', 'width', 'height'].map((k) => n.span(`${boxesPath}.${i}.${k}`, 'len')).join('×')} ${u.length}`;
      return `<figure class="pack">${renderPacking(e)}<figcaption><b>${escapeHtml(e.box_id)}</b>${dims}<br><span class="dim">shipment ${escapeHtml(e.shipment_id)}</span></figcaption></figure>`;
    })
    .join('');
  return section(
    'Example packings',
    `<div class="packs">${figures}</div>`,
    'For each box, the first multi-item shipment it serves, as the packer placed it (colors: item lines).',
  );
}

export const fmtText = (x: number | null, fmt: NumberFormat) => escapeHtml(formatNumber(x, fmt));
