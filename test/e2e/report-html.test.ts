// report.html opened in headless Chromium: it paints without errors, asks for nothing outside
// itself, and every number it marks (data-key="json.path") reads as report.json's, formatted alike.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runCli, scenarioDir } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report.html browser tests skipped: no Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium)`);

const SAMPLE = ['-s', 'fixtures/sample/shipments.csv', '-b', 'fixtures/sample/boxes.csv'];
// Prices, a mailer and a carrier's rate card: the reports carry the cost keys (SPEC §10).
const PRICED = ['-s', 'fixtures/sample/shipments.csv', '-b', 'fixtures/sample/boxes-priced.csv', '--rates', 'fixtures/sample/rates.csv'];
// A short search on a coarse 4 in grid: the page, not the suite, is under test.
const FAST = JSON.stringify({ islands: 1, epochs: 1, moves_per_epoch: 200, steps: [4] });

/** The formats of src/cli/render/html/format.ts, written out again so that a change there shows here. */
const FORMATS: Record<string, (x: number) => string> = {
  int: (x) => Math.round(x).toLocaleString('en-US'),
  num1: (x) => x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  num2: (x) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  ratio0: (x) => `${(x * 100).toFixed(0)}%`,
  ratio1: (x) => `${(x * 100).toFixed(1)}%`,
  pct1: (x) => `${x.toFixed(1)}%`,
  pct2: (x) => `${x.toFixed(2)}%`,
  len: (x) => String(Math.round(x * 100) / 100),
};

function at(json: unknown, path: string): unknown {
  let v = json;
  for (const part of path.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[part];
  return v;
}

interface Page {
  marked: { key: string; fmt: string; text: string }[];
  requests: string[];
  errors: string[];
  charts: number;
  emptyCharts: number;
  packings: number;
  /** Text of the type markers in the suite tables (`mailer`). */
  tags: string[];
  /** Pairs of texts in one chart whose painted boxes overlap, as "a | b". */
  overlaps: string[];
}

describe.skipIf(!hasChromium)('report.html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  const out = (name: string) => join(dir, name);

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    dir = scenarioDir({ 'fast.json': FAST, 'fast-sku.json': JSON.stringify({ ...JSON.parse(FAST), box_sku_cost: 50 }) });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(folder: string): Promise<Page> {
    const file = pathToFileURL(join(folder, 'report.html')).href;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(file, { waitUntil: 'load' });
    await page.screenshot({ fullPage: true }); // paint it all, as a reader would see it
    // In the page (as text: the project's types have no DOM).
    const found = (await page.evaluate(`(() => {
      const marked = [...document.querySelectorAll('[data-key]')].map((e) => ({
        key: e.getAttribute('data-key') ?? '',
        fmt: e.getAttribute('data-fmt') ?? '',
        text: e.textContent ?? '',
      }));
      const charts = [...document.querySelectorAll('svg.chart')];
      const drawn = (s) => s.querySelectorAll('rect, path, circle, polyline').length > 0 && s.getBoundingClientRect().width > 0;
      const overlaps = [];
      for (const svg of charts) {
        const boxes = [...svg.querySelectorAll('text')].map((t) => ({ t: t.textContent ?? '', r: t.getBoundingClientRect() })).filter((b) => b.r.width > 0);
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i].r, b = boxes[j].r;
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 1 && h > 1) overlaps.push(boxes[i].t + ' | ' + boxes[j].t);
          }
        }
        // Text over a bar (an opaque rect; shaded bands are see-through and may hold text).
        const bars = [...svg.querySelectorAll('rect')].filter((r) => Number(r.getAttribute('fill-opacity') ?? '1') >= 0.5).map((r) => r.getBoundingClientRect());
        for (const b of boxes) {
          for (const r of bars) {
            const w = Math.min(b.r.right, r.right) - Math.max(b.r.left, r.left);
            const h = Math.min(b.r.bottom, r.bottom) - Math.max(b.r.top, r.top);
            if (w > 1 && h > 1) overlaps.push(b.t + ' | a bar');
          }
        }
      }
      return { overlaps, marked, charts: charts.length, emptyCharts: charts.filter((s) => !drawn(s)).length, packings: document.querySelectorAll('svg.packing').length, tags: [...document.querySelectorAll('.suite .tag')].map((e) => e.textContent ?? '') };
    })()`)) as Omit<Page, 'requests' | 'errors'>;
    await page.close();
    return { ...found, requests, errors };
  }

  function expectNumbersMatch(page: Page, report: unknown) {
    const wrong = page.marked.flatMap(({ key, fmt, text }) => {
      const v = at(report, key);
      const format = FORMATS[fmt];
      if (!format || !(v === null || typeof v === 'number')) return [`${key}: no number in report.json (${String(v)}) or unknown format ${fmt}`];
      const expected = v === null ? '–' : format(v);
      return expected === text ? [] : [`${key}: page shows "${text}", report.json says ${expected}`];
    });
    expect(wrong).toEqual([]);
  }

  function expectCleanPage(page: Page, folder: string) {
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([pathToFileURL(join(folder, 'report.html')).href]);
    expect(page.charts).toBeGreaterThan(0);
    expect(page.emptyCharts).toBe(0);
    expect(page.overlaps).toEqual([]);
  }

  const readReport = (folder: string) => JSON.parse(readFileSync(join(folder, 'report.json'), 'utf8'));
  const keys = (page: Page) => new Set(page.marked.map((m) => m.key));

  it('evaluate: the suite, its totals and the distributions, numbers as in report.json', async () => {
    const r = await runCli(['evaluate', ...SAMPLE, '--out', out('evaluate'), '-q']);
    expect(r.code).toBe(0);
    const page = await open(out('evaluate'));
    expectCleanPage(page, out('evaluate'));
    expectNumbersMatch(page, readReport(out('evaluate')));
    expect(keys(page)).toContain('current.metrics.fitted');
    expect(keys(page)).toContain('current.metrics.boxes.0.share');
    expect(page.packings).toBeGreaterThan(0);
  }, 60_000);

  it('optimize: savings, gap to the bound, both suites and example packings', async () => {
    const r = await runCli(['optimize', ...SAMPLE, '-k', '6', '--threads', '1', '--config', out('fast.json'), '--out', out('optimize'), '-q']);
    expect(r.code).toBe(0);
    const page = await open(out('optimize'));
    expectCleanPage(page, out('optimize'));
    expectNumbersMatch(page, readReport(out('optimize')));
    for (const key of ['savings.total_box_volume_pct', 'bound.gap_pct', 'optimized.metrics.fitted', 'optimized.metrics.boxes.5.utilization_mean']) {
      expect(keys(page)).toContain(key);
    }
    // The histograms' axes are labelled with the edges of one of the suites.
    expect([...keys(page)].some((k) => /^(current|optimized)\.metrics\.air_histogram\.edges\.\d+$/.test(k))).toBe(true);
    expect(page.packings).toBeGreaterThan(0);
  }, 120_000);

  it('evaluate with prices and a rate card: total cost, cost per shipment and the Cost table', async () => {
    const r = await runCli(['evaluate', ...PRICED, '--out', out('evaluate-cost'), '-q']);
    expect(r.code).toBe(0);
    const page = await open(out('evaluate-cost'));
    expectCleanPage(page, out('evaluate-cost'));
    expectNumbersMatch(page, readReport(out('evaluate-cost')));
    for (const key of ['current.metrics.total_cost', 'current.metrics.cost_per_shipment_mean', 'current.metrics.dim_weight_share', 'current.metrics.total_billable_weight', 'current.metrics.boxes.0.price']) {
      expect(keys(page)).toContain(key);
    }
  }, 60_000);

  it('optimize --objective cost with a rate card: cost saved, cost per shipment, the Cost table, prices and the mailer marker', async () => {
    const r = await runCli(['optimize', ...PRICED, '--objective', 'cost', '-k', '6', '--threads', '1', '--config', out('fast.json'), '--out', out('cost'), '-q']);
    expect(r.code).toBe(0);
    const page = await open(out('cost'));
    expectCleanPage(page, out('cost'));
    expectNumbersMatch(page, readReport(out('cost')));
    for (const suite of ['current', 'optimized']) {
      for (const key of ['total_cost', 'cost_per_shipment_mean', 'total_packaging_cost', 'total_void_fill_cost', 'total_freight_cost', 'total_billable_weight', 'dim_weight_share', 'mailer_shipments', 'total_mailer_area']) {
        expect(keys(page)).toContain(`${suite}.metrics.${key}`);
      }
      expect(keys(page)).toContain(`${suite}.metrics.boxes.0.price`);
      expect(keys(page)).toContain(`savings.compared.${suite}.total_cost`);
      expect(keys(page)).toContain(`savings.compared.${suite}.cost_per_shipment_mean`);
    }
    expect(keys(page)).toContain('savings.total_cost_pct');
    expect(page.tags).toContain('mailer'); // M01, the sample's mailer
  }, 120_000);

  it('sweep --objective cost with box_sku_cost: the money curve, each box’s saving and the money rule', async () => {
    const r = await runCli(['sweep', ...PRICED, '--objective', 'cost', '--k-min', '4', '--k-max', '5', '--threads', '1', '--config', out('fast-sku.json'), '--out', out('sweep-cost'), '-q']);
    expect(r.code).toBe(0);
    const report = readReport(out('sweep-cost'));
    expect(report.recommendation_rule).toBe('box_sku_cost');
    const page = await open(out('sweep-cost'));
    expectCleanPage(page, out('sweep-cost'));
    expectNumbersMatch(page, report);
    for (const key of ['box_sku_cost', 'curve.0.metrics.total_cost', 'curve.1.savings.total_cost_pct', 'curve.1.marginal_saving', 'current.metrics.total_freight_cost']) expect(keys(page)).toContain(key);
  }, 120_000);

  it('track of a cost baseline: realised vs predicted cost saved', async () => {
    const r = await runCli(['track', '--baseline', join(out('cost'), 'report.json'), '-s', 'fixtures/sample/shipments.csv', '--rates', 'fixtures/sample/rates.csv', '--out', out('track-cost'), '-q']);
    expect([0, 1]).toContain(r.code);
    const page = await open(out('track-cost'));
    expectCleanPage(page, out('track-cost'));
    expectNumbersMatch(page, readReport(out('track-cost')));
    for (const key of ['savings.total_cost_pct', 'baseline.savings.total_cost_pct', 'deployed.metrics.total_cost', 'previous.metrics.dim_weight_share']) expect(keys(page)).toContain(key);
  }, 60_000);

  it('sweep: the savings curve and the marginal gain over K', async () => {
    const r = await runCli(['sweep', ...SAMPLE, '--k-min', '4', '--k-max', '5', '--threads', '1', '--config', out('fast.json'), '--out', out('sweep'), '-q']);
    expect(r.code).toBe(0);
    const report = readReport(out('sweep'));
    const page = await open(out('sweep'));
    expectCleanPage(page, out('sweep'));
    expectNumbersMatch(page, report);
    for (const key of ['recommended_k', 'curve.0.savings.total_box_volume_pct', 'curve.1.marginal_gain_pct', 'curve.1.gap_pct']) expect(keys(page)).toContain(key);
    expect(page.packings).toBeGreaterThan(0); // the recommended suite's
  }, 120_000);

  it('optimize --holdout-from: in-sample vs held-out savings with their intervals', async () => {
    const r = await runCli(['optimize', ...SAMPLE, '-k', '6', '--holdout-from', '2025-10-01', '--threads', '1', '--config', out('fast.json'), '--out', out('holdout'), '-q']);
    expect(r.code).toBe(0);
    const page = await open(out('holdout'));
    expectCleanPage(page, out('holdout'));
    expectNumbersMatch(page, readReport(out('holdout')));
    for (const key of [
      'input.holdout.held_out_shipments',
      'out_of_sample.savings.total_box_volume_pct',
      'out_of_sample.savings_ci95.total_box_volume_pct.0',
      'out_of_sample.savings_ci95.air_per_shipment_pct.1',
      'out_of_sample.savings.compared.optimized.total_box_volume',
    ]) expect(keys(page)).toContain(key);
  }, 120_000);

  it('sweep --holdout: each K’s held-out saving on the curve', async () => {
    const r = await runCli(['sweep', ...SAMPLE, '--k-min', '4', '--k-max', '5', '--holdout', '0.25', '--threads', '1', '--config', out('fast.json'), '--out', out('sweep-holdout'), '-q']);
    expect(r.code).toBe(0);
    const page = await open(out('sweep-holdout'));
    expectCleanPage(page, out('sweep-holdout'));
    expectNumbersMatch(page, readReport(out('sweep-holdout')));
    for (const key of ['input.holdout.share', 'curve.1.out_of_sample.savings.total_box_volume_pct', 'curve.0.out_of_sample.savings_ci95.total_box_volume_pct.1']) {
      expect(keys(page)).toContain(key);
    }
  }, 120_000);

  it('track: realised vs predicted savings of a deployed suite', async () => {
    // The baseline: the optimize run above, re-evaluated on the same shipments.
    const r = await runCli(['track', '--baseline', join(out('optimize'), 'report.json'), '-s', 'fixtures/sample/shipments.csv', '--out', out('track'), '-q']);
    expect([0, 1]).toContain(r.code);
    const page = await open(out('track'));
    expectCleanPage(page, out('track'));
    expectNumbersMatch(page, readReport(out('track')));
    for (const key of ['savings.total_box_volume_pct', 'baseline.savings.total_box_volume_pct', 'retained_pct', 'deployed.metrics.boxes.0.share']) expect(keys(page)).toContain(key);
    expect(page.packings).toBeGreaterThan(0); // the deployed suite's example packings
  }, 60_000);

  it('track of a deployed suite that costs more than the previous one: negative bars, no text over text', async () => {
    // A baseline whose "optimized" suite is the current one grown by 3 in a side: every realised saving is negative.
    const base = readReport(out('optimize'));
    base.optimized.metrics.boxes = base.current.metrics.boxes.map((b: { length: number; width: number; height: number }) => ({ ...b, length: b.length + 3, width: b.width + 3, height: b.height + 3 }));
    // and a predicted saving below zero too, so that both bars of a row reach left of zero.
    base.savings.total_corrugate_weight_pct = -12.5;
    writeFileSync(out('worse-baseline.json'), JSON.stringify(base));
    const r = await runCli(['track', '--baseline', out('worse-baseline.json'), '-s', 'fixtures/sample/shipments.csv', '--out', out('track-worse'), '-q']);
    expect(r.code).toBe(1);
    const report = readReport(out('track-worse'));
    expect(report.savings.total_box_volume_pct).toBeLessThan(0);
    const page = await open(out('track-worse'));
    expectCleanPage(page, out('track-worse'));
    expectNumbersMatch(page, report);
  }, 60_000);
});
