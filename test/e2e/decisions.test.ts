import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scenarioDir } from '../helpers/cli.js';

const shapes = [[3, 2, 1], [4, 3, 2], [6, 4, 2], [7, 5, 3], [9, 6, 2], [10, 8, 3], [12, 9, 5], [14, 10, 6]];
const shipments = (n: number, pick: (i: number) => number) =>
  ['shipment_id,length,width,height', ...Array.from({ length: n }, (_, i) => {
    const [l, w, h] = shapes[pick(i)]!;
    return `S${String(i).padStart(4, '0')},${l},${w},${h}`;
  })].join('\n');
const BOXES = 'box_id,length,width,height\nA,8,8,8\nB,12,12,6\nC,16,12,8\nD,20,16,12\n';
const FAST = JSON.stringify({ islands: 3, epochs: 3, moves_per_epoch: 2000 });

describe('packopt sweep', () => {
  it('reports a savings curve over K that improves with every box, and a recommended K inside the range', async () => {
    const dir = scenarioDir({ 's.csv': shipments(60, (i) => (i * 5) % 8), 'b.csv': BOXES, 'c.json': FAST });
    const r = await runCli(['sweep', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--config', join(dir, 'c.json'), '--k-min', '2', '--k-max', '5', '--json', '--units', 'imperial']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.curve.map((p: { k: number }) => p.k)).toEqual([2, 3, 4, 5]);
    for (let i = 1; i < report.curve.length; i++) {
      expect(report.curve[i].objective).toBeLessThanOrEqual(report.curve[i - 1].objective);
      expect(report.curve[i].marginal_gain_pct).toBeGreaterThanOrEqual(0);
    }
    expect(report.curve[0].marginal_gain_pct).toBeNull();
    expect(report.recommended_k).toBeGreaterThanOrEqual(2);
    expect(report.recommended_k).toBeLessThanOrEqual(5);
  });

  it('gives each K its own --time-limit and searches every K, marking those that hit it', async () => {
    const dir = scenarioDir({ 's.csv': shipments(60, (i) => (i * 5) % 8), 'b.csv': BOXES, 'c.json': FAST });
    const r = await runCli(['sweep', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--config', join(dir, 'c.json'), '--k-min', '2', '--k-max', '4', '--time-limit', '0.000001', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.curve.map((p: { k: number }) => p.k)).toEqual([2, 3, 4]);
    expect(report.search.time_limit_k).toEqual([2, 3, 4]);
    expect(typeof report.recommendation).toBe('string');
  });

  it('writes report.json, curve.csv (one row per K), a suite file per K and unfit.csv with --out', async () => {
    const dir = scenarioDir({ 's.csv': shipments(30, (i) => (i * 5) % 8), 'b.csv': BOXES, 'c.json': FAST });
    const out = join(dir, 'out');
    const r = await runCli(['sweep', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--config', join(dir, 'c.json'), '--k-min', '2', '--k-max', '3', '--out', out, '-q']);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['curve.csv', 'report.html', 'report.json', 'suite-k2.csv', 'suite-k3.csv', 'unfit.csv']);
    expect(readFileSync(join(out, 'suite-k3.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(readFileSync(join(out, 'unfit.csv'), 'utf8').trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const lines = readFileSync(join(out, 'curve.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('k,objective_in3,total_box_volume_pct,total_corrugate_weight_pct,air_per_shipment_pct,marginal_gain_pct,gap_pct,recommended');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['2', '3']);
    expect(Number(lines[1]!.split(',')[1])).toBeCloseTo(report.curve[0].objective, 3);
    expect(lines.slice(1).filter((l) => l.endsWith(',true')).map((l) => Number(l.split(',')[0]))).toEqual([report.recommended_k]);
  });

  it('rejects --k-max below --k-min', async () => {
    const dir = scenarioDir({ 's.csv': shipments(10, (i) => i % 8), 'b.csv': BOXES });
    const r = await runCli(['sweep', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--k-min', '5', '--k-max', '3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('need 1 ≤ k-min ≤ k-max');
  });
});

describe('packopt track', () => {
  it('says the savings held on shipments like the baseline (exit 0), and signals re-optimize when the mix moved (exit 1)', async () => {
    // Baseline history: mostly small items. Newer history: only the largest shape.
    const dir = scenarioDir({
      'old.csv': shipments(80, (i) => i % 6),
      'same.csv': shipments(80, (i) => (i * 5) % 6),
      'moved.csv': shipments(40, () => 7),
      'b.csv': BOXES,
      'c.json': FAST,
    });
    const out = join(dir, 'base');
    const opt = await runCli(['optimize', '-s', join(dir, 'old.csv'), '-b', join(dir, 'b.csv'), '--config', join(dir, 'c.json'), '-k', '3', '--out', out, '-q']);
    expect(opt.code).toBe(0);

    const held = await runCli(['track', '--baseline', join(out, 'report.json'), '-s', join(dir, 'same.csv'), '--json']);
    expect(held.code).toBe(0);
    const report = JSON.parse(held.stdout);
    expect(report.status).toBe('held');
    expect(report.retained_pct).toBeGreaterThan(50);

    const moved = await runCli(['track', '--baseline', join(out, 'report.json'), '-s', join(dir, 'moved.csv'), '--json']);
    const m = JSON.parse(moved.stdout);
    expect(moved.code).toBe(1);
    expect(m.status).toBe('re-optimize');
    expect(m.reasons.length).toBeGreaterThan(0);
  });

  it('takes units and objective from the baseline: --units and --objective are not options of track', async () => {
    const dir = scenarioDir({ 's.csv': shipments(5, (i) => i), 'r.json': '{}' });
    for (const flag of [['--units', 'metric'], ['--objective', 'corrugate']]) {
      const r = await runCli(['track', '--baseline', join(dir, 'r.json'), '-s', join(dir, 's.csv'), ...flag]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`unknown option '${flag[0]}'`);
    }
  });

  it('says "held" (exit 0) on the very shipments the baseline was optimized on, though many fit no box', async () => {
    const huge = Array.from({ length: 20 }, (_, i) => `X${i},60,60,60`).join('\n');
    const dir = scenarioDir({ 's.csv': shipments(80, (i) => i % 6) + '\n' + huge + '\n', 'b.csv': BOXES, 'c.json': FAST });
    const out = join(dir, 'base');
    const opt = await runCli(['optimize', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--config', join(dir, 'c.json'), '-k', '3', '--out', out, '-q']);
    expect(opt.code).toBe(0);
    const r = await runCli(['track', '--baseline', join(out, 'report.json'), '-s', join(dir, 's.csv'), '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.unfit_pct).toBeGreaterThan(2);
    expect(report.lost_pct).toBe(0);
    expect(report.status).toBe('held');
    expect(r.code).toBe(0);

    // The terminal: the table is on the shipments both suites serve, and its percentage is computed
    // from the figures it shows; the verdict names the lost share it was judged on.
    const text = await runCli(['track', '--baseline', join(out, 'report.json'), '-s', join(dir, 's.csv')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`On the ${report.savings.compared_shipments} new shipments both suites serve:`);
    const row = text.stdout.split('\n').find((l) => l.includes('box volume'))!;
    const [prev, dep, pct] = row.match(/([\d,.]+)\s+([\d,.]+)\s+(-?[\d.]+)% saved/)!.slice(1).map((x) => Number(x.replace(/,/g, '')));
    expect(pct).toBeCloseTo(100 * (1 - dep! / prev!), 0);
    expect(text.stdout).toMatch(/Savings held: .*; 0 of the \d+ new shipments the previous suite serves fit no deployed box \(0\.0%, threshold 2%\)/);
  });

  it('rejects a baseline that is not an optimize report', async () => {
    const dir = scenarioDir({ 's.csv': shipments(5, (i) => i), 'r.json': '{"command": "evaluate"}' });
    const r = await runCli(['track', '--baseline', join(dir, 'r.json'), '-s', join(dir, 's.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the baseline must be the report.json of `packopt optimize`');
  });
});
