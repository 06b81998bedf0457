// Mailers and money end to end (SPEC §9, §10): the README's worked example, run as written, and a
// three-shipment scenario whose every cost figure is worked out by hand below.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, scenarioDir } from '../helpers/cli.js';

/** The command in the ``` block after the README's marker naming this test, as arguments. */
function readReadmeCommand(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- test\/e2e\/cost\.test\.ts[^>]*-->\s*```\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md: no ``` block after the <!-- test/e2e/cost.test.ts … --> marker');
  const words = m[1]!.trim().split(/\s+/);
  expect(words[0]).toBe('packopt');
  return words.slice(1);
}

// Box B 10×8×4 at 0.50; mailer M 12×9, loads up to 2 thick, at 0.20. Rate card: ≤ 1 lb 4.00,
// ≤ 2 lb 5.00, ≤ 5 lb 7.00. Void fill 0.01 per in³ of air; board 0.16 in, dim divisor 139 in³/lb.
//
// S1, one 8×6×1 item of 0.5 lb. In M: load [8, 6, 1] fits (1 ≤ 2, 8 + 1 ≤ 12, 6 + 1 ≤ 9); the
//   filled mailer is 11×8×1 = 88 in³: air 88 − 48 = 40 → 0.40; dim weight 88/139 = 0.63 lb over
//   0.5 lb actual (dimensional) → bills 1 lb → 4.00; cost 0.20 + 0.40 + 4.00 = 4.60.
//   (In B: 0.50 + 0.01·(320 − 48) + freight 7.00 (outer 10.32·8.32·4.32 = 370.93 in³ → 2.67 lb → 3 lb) = 10.22.)
// S2, one 9×7×3 item of 2.4 lb: too thick for M (3 > 2). In B: blank area (2(10+4) + 1.5)(4 + 8)
//   = 354 in² → 354 · 125/144000 = 0.3073 lb of board; actual 2.4 + 0.3073 = 2.7073 lb beats dim
//   2.6685 lb (not dimensional) → bills 3 lb → 7.00; air 320 − 189 = 131 → 1.31; cost 0.50 + 1.31 + 7.00 = 8.81.
// S3, one 5×4×1 item of 6 lb: fits M, but bills 6 lb, beyond the card's last row: unfit.
const SHIPMENTS = 'shipment_id,length,width,height,weight\nS1,8,6,1,0.5\nS2,9,7,3,2.4\nS3,5,4,1,6\n';
const BOXES = 'box_id,type,length,width,height,price\nB,box,10,8,4,0.50\nM,mailer,12,9,2,0.20\n';
const RATES = 'max_weight,price\n2,5.00\n1,4.00\n5,7.00\n';
const CONFIG = JSON.stringify({ void_fill_price: 0.01, currency: 'USD' });

describe('mailers and money (built CLI)', () => {
  it('runs the README\'s worked example: a mailer in use and cost keys that add up', async () => {
    const r = await runCli(readReadmeCommand());
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).current.metrics;
    expect(m.mailer_shipments).toBeGreaterThan(0);
    expect(m.total_mailer_area).toBeCloseTo((m.mailer_shipments * 2 * 12 * 9) / 144, 6);
    expect(m.total_cost).toBeCloseTo(m.total_packaging_cost + m.total_void_fill_cost + m.total_freight_cost, 6);
    expect(m.cost_per_shipment_mean).toBeCloseTo(m.total_cost / m.fitted, 9);
    expect(m.boxes[0]).toMatchObject({ box_id: 'M01', type: 'mailer', price: 0.18 });
    expect(m.boxes[1]).toMatchObject({ box_id: 'B01', type: 'box', price: 0.32 });
  });

  it('prices three shipments as worked out by hand', async () => {
    const dir = scenarioDir({ 's.csv': SHIPMENTS, 'b.csv': BOXES, 'rates.csv': RATES, 'c.json': CONFIG });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial',
      '--rates', join(dir, 'rates.csv'), '--config', join(dir, 'c.json'), '--objective', 'cost', '--json', '--out', join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).current.metrics;
    expect([m.shipments, m.fitted, m.unfit]).toEqual([3, 2, 1]);
    expect(m.total_cost).toBeCloseTo(4.6 + 8.81, 9);
    expect(m.cost_per_shipment_mean).toBeCloseTo((4.6 + 8.81) / 2, 9);
    expect(m.total_packaging_cost).toBeCloseTo(0.7, 9);
    expect(m.total_void_fill_cost).toBeCloseTo(0.4 + 1.31, 9);
    expect(m.total_freight_cost).toBeCloseTo(11, 9);
    expect(m.total_billable_weight).toBe(4);
    expect(m.dim_weight_share).toBe(0.5);
    expect(m.mailer_shipments).toBe(1);
    expect(m.total_mailer_area).toBeCloseTo(1.5, 9);
    expect(m.total_box_volume).toBeCloseTo(88 + 320, 9);
    expect(m.total_corrugate_area).toBeCloseTo(354 / 144, 9);
    expect(m.boxes.map((b: { box_id: string; shipments: number }) => [b.box_id, b.shipments])).toEqual([['B', 1], ['M', 1]]);
    // suite.csv reads back as a boxes file with the same types and prices.
    const again = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'out', 'suite.csv'), '--units', 'imperial',
      '--rates', join(dir, 'rates.csv'), '--config', join(dir, 'c.json'), '--objective', 'cost', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).current.metrics.total_cost).toBeCloseTo(4.6 + 8.81, 9);
  });
});

describe('optimize with mailers in the current suite (built CLI)', () => {
  it('keeps a locked mailer under the cost objective and fills the other slots with boxes', async () => {
    const boxes = 'box_id,type,length,width,height,price,locked\nB,box,10,8,4,0.50,false\nM,mailer,12,9,2,0.20,true\n';
    const dir = scenarioDir({ 's.csv': SHIPMENTS.replace('S3,5,4,1,6\n', ''), 'b.csv': boxes, 'rates.csv': RATES, 'c.json': CONFIG });
    const r = await runCli(['optimize', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial', '--threads', '1',
      '--rates', join(dir, 'rates.csv'), '--config', join(dir, 'c.json'), '--objective', 'cost', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.optimized.metrics.boxes[0]).toMatchObject({ box_id: 'M', type: 'mailer', shipments: 1 });
    expect(report.optimized.metrics.boxes[1].type).toBe('box');
    expect(report.savings.total_cost_pct).toBeGreaterThanOrEqual(0);
  });

  it('stops with exit 2 and the reason when only a mailer serves a shipment and no allowed box can', async () => {
    // A 30×20 mailer carries a flat 28×18×0.5 item; max_box 24 leaves no box for it.
    const boxes = 'box_id,type,length,width,height\nB,box,10,8,4\nM,mailer,30,20,1\n';
    const shipments = 'shipment_id,length,width,height\nF,28,18,0.5\nS,9,7,3\n';
    const dir = scenarioDir({ 's.csv': shipments, 'b.csv': boxes, 'c.json': JSON.stringify({ max_box: [24, 24, 24] }) });
    const r = await runCli(['optimize', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial', '--threads', '1', '--config', join(dir, 'c.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('max_box');
    expect(r.stderr).toContain('F');
  });
});

describe('optimize proposing mailers (mailer_candidates grid, built CLI)', () => {
  it('proposes a mailer for flat items, priced on the current mailers, and reports it as one', async () => {
    // Flat items 1, 1.5 and 2 in thick, 8×6 and 9×7: one 3-in mailer takes them all.
    const shipments = 'shipment_id,length,width,height,weight\nA,8,6,1,0.4\nB,8,6,1.5,0.5\nC,9,7,2,0.8\nD,5,4,4,1\n';
    const boxes = 'box_id,type,length,width,height,price\nB1,box,10,8,4,0.50\nB2,box,6,5,5,0.40\nM,mailer,12,10,3,0.24\n';
    const dir = scenarioDir({ 's.csv': shipments, 'b.csv': boxes, 'rates.csv': RATES, 'c.json': JSON.stringify({ mailer_candidates: 'grid' }) });
    const r = await runCli(['optimize', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial', '--threads', '1', '-k', '2',
      '--rates', join(dir, 'rates.csv'), '--config', join(dir, 'c.json'), '--objective', 'cost', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).optimized.metrics;
    const mailer = m.boxes.find((b: { type: string }) => b.type === 'mailer');
    expect(mailer).toBeDefined();
    expect(mailer.height).toBe(3);
    expect(mailer.price).toBeCloseTo(0.24 * (mailer.length * mailer.width) / (12 * 10), 9); // 2·L·W priced like M
    expect(m.mailer_shipments).toBe(3);
    expect(m.fitted).toBe(4);
  });
});

describe('track with a cost baseline (built CLI)', () => {
  it('rebuilds types and prices from the baseline and judges the cost savings', async () => {
    const dir = scenarioDir({ 's.csv': SHIPMENTS.replace('S3,5,4,1,6\n', ''), 'b.csv': BOXES, 'rates.csv': RATES, 'c.json': CONFIG });
    const common = ['--units', 'imperial', '--rates', join(dir, 'rates.csv'), '--config', join(dir, 'c.json')];
    const opt = await runCli(['optimize', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), ...common, '--threads', '1', '--objective', 'cost', '--out', join(dir, 'o'), '-q']);
    expect(opt.code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(dir, 'o', 'report.json'), 'utf8'));
    const r = await runCli(['track', '--baseline', join(dir, 'o', 'report.json'), '-s', join(dir, 's.csv'), '--rates', join(dir, 'rates.csv'), '--config', join(dir, 'c.json'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.previous.metrics.total_cost).toBeCloseTo(4.6 + 8.81, 9);
    expect(report.previous.metrics.boxes.map((b: { type: string }) => b.type)).toEqual(['box', 'mailer']);
    expect(report.savings.total_cost_pct).toBeCloseTo(baseline.savings.total_cost_pct, 9);
    expect(report.status).toBe('held');
  });
});
