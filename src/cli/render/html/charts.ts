// Small hand-made SVG charts for report.html: horizontal bars, overlaid histograms, a curve over K
// and paired bars. They draw numbers read from the report; they compute none.
import { escapeHtml, formatNumber, type Numbers } from './format.js';

export const COLORS = { current: '#9aa3ae', new: '#2563eb', accent: '#d97706', grid: '#e5e7eb', axis: '#6b7280' } as const;

/** Round axis ticks (1–2–5 steps) covering lo..hi. */
function axisTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw * 0.999) ?? 10 * p;
  const ticks: number[] = [];
  const first = Math.floor(lo / step + 1e-9);
  const last = Math.ceil(hi / step - 1e-9);
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

const fmtTick = (x: number, suffix = '') => `${x.toLocaleString('en-US', { maximumFractionDigits: 2 })}${suffix}`;
const f1 = (x: number) => x.toFixed(1);

function svgOpen(width: number, height: number, label: string): string {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(label)}" xmlns="http://www.w3.org/2000/svg">`;
}

export interface Series {
  name: string;
  color: string;
}

function legend(items: Series[], x: number, y: number): string {
  let out = '';
  let dx = x;
  for (const it of items) {
    out += `<rect x="${dx}" y="${y - 9}" width="12" height="10" fill="${it.color}"/><text x="${dx + 16}" y="${y}" class="lg">${escapeHtml(it.name)}</text>`;
    dx += 30 + it.name.length * 6.5;
  }
  return out;
}

export interface UsagePanel extends Series {
  /** Path of the suite's `metrics.boxes` in the report. */
  boxesPath: string;
}

/** Box usage: per suite, one bar per box (its share of fitted shipments), every panel on one scale. */
export function renderUsageBars(panels: UsagePanel[], n: Numbers): string {
  let max = 0;
  for (const p of panels) n.list(p.boxesPath).forEach((_, i) => (max = Math.max(max, n.value(`${p.boxesPath}.${i}.share`, 'ratio1') ?? 0)));
  if (max <= 0) max = 1;
  return panels
    .map((p) => {
      const boxes = n.list<{ box_id: string }>(p.boxesPath);
      const rowH = 22;
      const labelW = 170;
      const barW = 220;
      const width = labelW + barW + 60;
      const height = 30 + boxes.length * rowH;
      let out = svgOpen(width, height, `${p.name}: share of shipments per box`);
      out += `<text x="0" y="14" class="ct">${escapeHtml(p.name)}</text>`;
      boxes.forEach((b, i) => {
        const base = `${p.boxesPath}.${i}`;
        const y = 24 + i * rowH;
        const share = n.value(`${base}.share`, 'ratio1') ?? 0;
        const w = (barW * share) / max;
        const dims = ['length', 'width', 'height'].map((k) => formatNumber(n.value(`${base}.${k}`, 'len'), 'len')).join('×');
        const v = n.attrs(`${base}.share`, 'ratio1');
        // Grid boxes are named by their dims: say them once.
        const named = b.box_id.replace(/x/g, '×') === dims;
        out += `<text x="${labelW - 8}" y="${y + 14}" text-anchor="end" class="tl">${escapeHtml(b.box_id)}${named ? '' : `  <tspan class="dim">${dims}</tspan>`}</text>`;
        out += `<rect x="${labelW}" y="${y + 3}" width="${f1(Math.max(w, 0.5))}" height="${rowH - 6}" fill="${p.color}"><title>${escapeHtml(b.box_id)}: ${v.text} of fitted shipments</title></rect>`;
        out += `<text x="${f1(labelW + w + 5)}" y="${y + 14}" class="tv" ${v.attrs}>${v.text}</text>`;
      });
      return out + '</svg>';
    })
    .join('');
}

export interface HistogramSeries extends Series {
  /** Path of a `{edges, counts}` histogram in the report. */
  path: string;
}

/**
 * Histograms of several suites overlaid on one x axis (their bins may differ), as translucent bars.
 * `ratio`: edges are shares, labelled as %.
 */
export function renderHistograms(title: string, series: HistogramSeries[], n: Numbers, opts: { ratio: boolean; xLabel: string }): string {
  const width = 550;
  const height = 280;
  const m = { l: 64, r: 16, t: 30, b: 52 };
  const pw = width - m.l - m.r;
  const ph = height - m.t - m.b;
  const data = series.map((s) => ({ s, edges: n.list<number>(`${s.path}.edges`), counts: n.list<number>(`${s.path}.counts`) }));
  let x0 = Infinity;
  let x1 = -Infinity;
  let yMax = 0;
  for (const d of data) {
    if (d.edges.length < 2) continue;
    x0 = Math.min(x0, d.edges[0]!);
    x1 = Math.max(x1, d.edges[d.edges.length - 1]!);
    for (const c of d.counts) yMax = Math.max(yMax, c);
  }
  if (!(x1 > x0)) [x0, x1] = [0, 1];
  const yTicks = axisTicks(0, Math.max(yMax, 1));
  const yTop = yTicks[yTicks.length - 1]!;
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => m.t + ph - (y / yTop) * ph;
  let out = svgOpen(width, height, title);
  out += `<text x="0" y="14" class="ct">${escapeHtml(title)}</text>`;
  out += legend(series, m.l + pw - series.reduce((a, s) => a + 30 + s.name.length * 6.5, 0), 14);
  for (const t of yTicks) {
    out += `<line x1="${m.l}" x2="${m.l + pw}" y1="${f1(sy(t))}" y2="${f1(sy(t))}" stroke="${COLORS.grid}"/>`;
    out += `<text x="${m.l - 6}" y="${f1(sy(t) + 4)}" text-anchor="end" class="ax">${fmtTick(t)}</text>`;
  }
  // Bins shared by every series (one's edges a prefix of the other's): bars side by side.
  // Bins that differ: outlined steps, overlaid.
  const longest = data.reduce((a, d) => (d.edges.length > a.length ? d.edges : a), [] as number[]);
  const shared = data.every((d) => d.edges.every((e, i) => e === longest[i]));
  data.forEach((d, si) => {
    const tip = (i: number) => {
      const a = d.edges[i]!;
      const b = d.edges[i + 1]!;
      const range = opts.ratio ? `${fmtTick(a * 100)}–${fmtTick(b * 100)}%` : `${fmtTick(a)}–${fmtTick(b)}`;
      return `<title>${escapeHtml(d.s.name)}, ${range}: ${formatNumber(d.counts[i]!, 'int')} shipments</title>`;
    };
    if (shared) {
      d.counts.forEach((c, i) => {
        if (c <= 0) return;
        const a = sx(d.edges[i]!) + 1;
        const w = (sx(d.edges[i + 1]!) - sx(d.edges[i]!) - 2) / data.length;
        out += `<rect x="${f1(a + si * w)}" y="${f1(sy(c))}" width="${f1(Math.max(w, 0.5))}" height="${f1(sy(0) - sy(c))}" fill="${d.s.color}">${tip(i)}</rect>`;
      });
      return;
    }
    let path = '';
    d.counts.forEach((c, i) => {
      const a = sx(d.edges[i]!);
      const b = sx(d.edges[i + 1]!);
      path += `${i === 0 ? `M${f1(a)},${f1(sy(0))}` : ''}L${f1(a)},${f1(sy(c))}L${f1(b)},${f1(sy(c))}`;
      out += `<rect x="${f1(a)}" y="${f1(sy(c))}" width="${f1(Math.max(b - a, 0.5))}" height="${f1(sy(0) - sy(c))}" fill="${d.s.color}" fill-opacity="0.18">${tip(i)}</rect>`;
    });
    if (d.counts.length) path += `L${f1(sx(d.edges[d.edges.length - 1]!))},${f1(sy(0))}`;
    out += `<path d="${path}" fill="none" stroke="${d.s.color}" stroke-width="2"/>`;
  });
  // x ticks: the edges of the series that reaches furthest, thinned to at most 11 labels.
  const widest = data.reduce((best, d) => (d.edges.length && (!best || d.edges[d.edges.length - 1]! - d.edges[0]! > best.edges[best.edges.length - 1]! - best.edges[0]!) ? d : best), data[0]);
  if (widest) {
    const every = Math.ceil(widest.edges.length / 11);
    widest.edges.forEach((_, i) => {
      if (i % every !== 0) return;
      const t = n.attrs(`${widest.s.path}.edges.${i}`, opts.ratio ? 'ratio0' : 'int');
      const x = sx(widest.edges[i]!);
      out += `<line x1="${f1(x)}" x2="${f1(x)}" y1="${m.t + ph}" y2="${m.t + ph + 4}" stroke="${COLORS.axis}"/>`;
      out += `<text x="${f1(x)}" y="${m.t + ph + 17}" text-anchor="middle" class="ax" ${t.attrs}>${t.text}</text>`;
    });
  }
  out += `<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="${COLORS.axis}"/>`;
  out += `<text x="${m.l + pw / 2}" y="${height - 8}" text-anchor="middle" class="al">${escapeHtml(opts.xLabel)}</text>`;
  out += `<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle" class="al">shipments</text>`;
  return out + '</svg>';
}

export interface CurveLine extends Series {
  /** Path of each point's value, `{i}` standing for the point's index. */
  path: string;
}

/**
 * Values over K (the sweep curve): lines with points, optional bars, a marked K, and an optional
 * horizontal threshold. Values are in % already.
 */
export function renderCurve(
  title: string,
  ks: number[],
  lines: CurveLine[],
  n: Numbers,
  opts: { bars?: CurveLine; markK?: number; threshold?: { path: string; label: string }; yLabel: string; labelLine?: number; money?: boolean },
): string {
  const width = 550;
  const height = 300;
  const m = { l: 56, r: 16, t: 34, b: 46 };
  const pw = width - m.l - m.r;
  const ph = height - m.t - m.b;
  const get = (l: CurveLine, i: number) => n.value(l.path.replace('{i}', String(i)), 'pct1');
  // Money (currency amounts) rather than percentages: bars, threshold and axis read as plain amounts.
  const barFmt = opts.money ? 'num2' : 'pct2';
  const tickSuffix = opts.money ? '' : '%';
  const all: number[] = [];
  for (const l of [...lines, ...(opts.bars ? [opts.bars] : [])]) ks.forEach((_, i) => { const v = get(l, i); if (v !== null) all.push(v); });
  const threshold = opts.threshold ? n.value(opts.threshold.path, 'pct1') : null;
  if (threshold !== null) all.push(threshold);
  // Headroom above the highest point for its label and the marked K's.
  const lo = Math.min(0, ...all);
  const hi = Math.max(1, ...all);
  const yTicks = axisTicks(lo, hi + (hi - lo) * 0.12);
  const y0 = yTicks[0]!;
  const y1 = yTicks[yTicks.length - 1]!;
  const slot = pw / Math.max(ks.length, 1);
  const sx = (i: number) => m.l + slot * (i + 0.5);
  const sy = (y: number) => m.t + ph - ((y - y0) / (y1 - y0)) * ph;
  let out = svgOpen(width, height, title);
  out += `<text x="0" y="14" class="ct">${escapeHtml(title)}</text>`;
  const keyed = [...(opts.bars ? [opts.bars] : []), ...lines];
  out += legend(keyed, m.l + pw - keyed.reduce((a, s) => a + 30 + s.name.length * 6.5, 0), 14);
  for (const t of yTicks) {
    out += `<line x1="${m.l}" x2="${m.l + pw}" y1="${f1(sy(t))}" y2="${f1(sy(t))}" stroke="${t === 0 ? COLORS.axis : COLORS.grid}"/>`;
    out += `<text x="${m.l - 6}" y="${f1(sy(t) + 4)}" text-anchor="end" class="ax">${fmtTick(t, tickSuffix)}</text>`;
  }
  const markIndex = opts.markK === undefined ? -1 : ks.indexOf(opts.markK);
  if (markIndex >= 0) {
    out += `<rect x="${f1(sx(markIndex) - slot / 2)}" y="${m.t}" width="${f1(slot)}" height="${ph}" fill="${COLORS.accent}" fill-opacity="0.12"/>`;
    // Above the plot, under the title and legend: inside it, it would meet the highest point's label.
    out += `<text x="${f1(sx(markIndex))}" y="${m.t - 4}" text-anchor="middle" class="mk">recommended</text>`;
  }
  if (opts.bars) {
    const bw = Math.min(slot * 0.5, 40);
    ks.forEach((_, i) => {
      const v = get(opts.bars!, i);
      if (v === null) return;
      const top = sy(Math.max(v, 0));
      const t = n.attrs(opts.bars!.path.replace('{i}', String(i)), barFmt);
      out += `<rect x="${f1(sx(i) - bw / 2)}" y="${f1(top)}" width="${f1(bw)}" height="${f1(Math.abs(sy(v) - sy(0)))}" fill="${opts.bars!.color}" fill-opacity="0.7"><title>K = ${ks[i]}: ${escapeHtml(opts.bars!.name)} ${t.text}</title></rect>`;
      if (ks.length <= 16) out += `<text x="${f1(sx(i))}" y="${f1(top - 5)}" text-anchor="middle" class="tv" ${t.attrs}>${t.text}</text>`;
    });
  }
  if (opts.threshold && threshold !== null) {
    const y = sy(threshold);
    const t = n.attrs(opts.threshold.path, opts.money ? 'num2' : 'pct1');
    out += `<line x1="${m.l}" x2="${m.l + pw}" y1="${f1(y)}" y2="${f1(y)}" stroke="${COLORS.accent}" stroke-dasharray="5 4"/>`;
    // At the left, where the first K has no gain to draw.
    out += `<text x="${m.l + 4}" y="${f1(y - 5)}" class="mk">${escapeHtml(opts.threshold.label)} <tspan ${t.attrs}>${t.text}</tspan></text>`;
  }
  lines.forEach((l, li) => {
    const pts = ks.map((_, i) => [i, get(l, i)] as const).filter((p): p is readonly [number, number] => p[1] !== null);
    out += `<polyline fill="none" stroke="${l.color}" stroke-width="2.5" points="${pts.map(([i, v]) => `${f1(sx(i))},${f1(sy(v))}`).join(' ')}"/>`;
    for (const [i, v] of pts) {
      out += `<circle cx="${f1(sx(i))}" cy="${f1(sy(v))}" r="4" fill="${l.color}"><title>K = ${ks[i]}: ${escapeHtml(l.name)} ${formatNumber(v, 'pct1')}</title></circle>`;
      if (li === (opts.labelLine ?? 0) && ks.length <= 16) {
        const t = n.attrs(l.path.replace('{i}', String(i)), 'pct1');
        out += `<text x="${f1(sx(i))}" y="${f1(sy(v) - 9)}" text-anchor="middle" class="tv" ${t.attrs}>${t.text}</text>`;
      }
    }
  });
  const every = Math.ceil(ks.length / 16);
  ks.forEach((k, i) => {
    if (i % every !== 0) return;
    out += `<text x="${f1(sx(i))}" y="${m.t + ph + 17}" text-anchor="middle" class="ax">${k}</text>`;
  });
  out += `<text x="${m.l + pw / 2}" y="${height - 8}" text-anchor="middle" class="al">K (box sizes in the suite)</text>`;
  out += `<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle" class="al">${escapeHtml(opts.yLabel)}</text>`;
  return out + '</svg>';
}

export interface PairedRow {
  label: string;
  /** Paths of the two values (in %), drawn in the two series' colors. */
  paths: [string, string];
}

/** The frame of a chart of horizontal bars in %: its title, legend, height and x scale over zero and the values. */
function percentBarsFrame(title: string, series: Series[], values: number[], rows: number, layout: { width: number; rowH: number; l: number; r: number }) {
  const m = { l: layout.l, r: layout.r, t: 48, b: 10 };
  const pw = layout.width - m.l - m.r;
  const height = m.t + rows * layout.rowH + m.b;
  const lo = Math.min(0, ...values);
  const hi = Math.max(1, ...values);
  const sx = (x: number) => m.l + ((x - lo) / (hi - lo)) * pw;
  const head = svgOpen(layout.width, height, title) + `<text x="0" y="14" class="ct">${escapeHtml(title)}</text>` + legend(series, m.l, 36);
  return { m, height, sx, head };
}

/** Pairs of horizontal bars (e.g. predicted vs realised savings, in %), around a zero line. */
export function renderPairedBars(title: string, series: [Series, Series], rows: PairedRow[], n: Numbers): string {
  const rowH = 56;
  const values = rows.flatMap((r) => r.paths.map((p) => n.value(p, 'pct1') ?? 0));
  // A negative value's figure stands left of its bar: the row labels move left to make room for it.
  const gutter = values.some((v) => v < 0) ? 55 : 0;
  const { m, height, sx, head } = percentBarsFrame(title, series, values, rows.length, { width: 550 + gutter, rowH, l: 170 + gutter, r: 70 });
  let out = head;
  rows.forEach((r, ri) => {
    const y = m.t + ri * rowH;
    out += `<text x="${m.l - 10 - gutter}" y="${y + 28}" text-anchor="end" class="tl">${escapeHtml(r.label)}</text>`;
    r.paths.forEach((p, k) => {
      const v = n.value(p, 'pct1') ?? 0;
      const a = Math.min(sx(0), sx(v));
      const t = n.attrs(p, 'pct1');
      const by = y + 6 + k * 22;
      out += `<rect x="${f1(a)}" y="${by}" width="${f1(Math.max(Math.abs(sx(v) - sx(0)), 0.5))}" height="18" fill="${series[k]!.color}"/>`;
      out += v >= 0
        ? `<text x="${f1(sx(v) + 5)}" y="${by + 13}" class="tv" ${t.attrs}>${t.text}</text>`
        : `<text x="${f1(sx(v) - 5)}" y="${by + 13}" text-anchor="end" class="tv" ${t.attrs}>${t.text}</text>`;
    });
  });
  out += `<line x1="${f1(sx(0))}" x2="${f1(sx(0))}" y1="${m.t}" y2="${height - m.b}" stroke="${COLORS.axis}"/>`;
  return out + '</svg>';
}

export interface IntervalRow {
  label: string;
  /** Path of the in-sample value (in %). */
  point: string;
  /** Paths of the out-of-sample value and its interval's low and high ends (in %). */
  held: string;
  low: string;
  high: string;
}

/** Per row, an in-sample bar and an out-of-sample bar with its interval as a whisker, around a zero line. */
export function renderIntervalBars(title: string, series: [Series, Series], rows: IntervalRow[], n: Numbers): string {
  const rowH = 60;
  const values = rows.flatMap((r) => [r.point, r.held, r.low, r.high].map((p) => n.value(p, 'pct1') ?? 0));
  const { m, height, sx, head } = percentBarsFrame(title, series, values, rows.length, { width: 640, rowH, l: 150, r: 170 });
  const bar = (v: number, y: number, color: string) =>
    `<rect x="${f1(Math.min(sx(0), sx(v)))}" y="${y}" width="${f1(Math.max(Math.abs(sx(v) - sx(0)), 0.5))}" height="18" fill="${color}"/>`;
  let out = head;
  rows.forEach((r, ri) => {
    const y = m.t + ri * rowH;
    out += `<text x="${m.l - 10}" y="${y + 30}" text-anchor="end" class="tl">${escapeHtml(r.label)}</text>`;
    const p = n.value(r.point, 'pct1') ?? 0;
    const t = n.attrs(r.point, 'pct1');
    out += bar(p, y + 6, series[0].color);
    out += `<text x="${f1(Math.max(sx(p), sx(0)) + 5)}" y="${y + 19}" class="tv" ${t.attrs}>${t.text}</text>`;
    const v = n.value(r.held, 'pct1') ?? 0;
    const a = n.value(r.low, 'pct1') ?? v;
    const b = n.value(r.high, 'pct1') ?? v;
    const by = y + 30;
    const cy = by + 9;
    out += bar(v, by, series[1].color);
    out += `<line x1="${f1(sx(a))}" x2="${f1(sx(b))}" y1="${cy}" y2="${cy}" stroke="#111827" stroke-width="1.5"/>`;
    for (const e of [a, b]) out += `<line x1="${f1(sx(e))}" x2="${f1(sx(e))}" y1="${cy - 6}" y2="${cy + 6}" stroke="#111827" stroke-width="1.5"/>`;
    const [tv, ta, tb] = [r.held, r.low, r.high].map((q) => n.attrs(q, 'pct1'));
    out += `<text x="${f1(Math.max(sx(v), sx(b), sx(0)) + 6)}" y="${by + 13}" class="tv"><tspan ${tv!.attrs}>${tv!.text}</tspan> (<tspan ${ta!.attrs}>${ta!.text}</tspan>…<tspan ${tb!.attrs}>${tb!.text}</tspan>)</text>`;
  });
  out += `<line x1="${f1(sx(0))}" x2="${f1(sx(0))}" y1="${m.t}" y2="${height - m.b}" stroke="${COLORS.axis}"/>`;
  return out + '</svg>';
}
