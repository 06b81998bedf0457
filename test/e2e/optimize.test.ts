import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scenarioDir } from '../helpers/cli.js';

// 40 single-item shipments of 8 shapes and a loose 4-box suite: small enough to search in a moment.
const shapes = [[3, 2, 1], [4, 3, 2], [6, 4, 2], [7, 5, 3], [9, 6, 2], [10, 8, 3], [12, 9, 5], [14, 10, 6]];
const SHIPMENTS = ['shipment_id,length,width,height', ...Array.from({ length: 40 }, (_, i) => {
  const [l, w, h] = shapes[(i * 7) % shapes.length]!;
  return `S${String(i).padStart(3, '0')},${l},${w},${h}`;
})].join('\n');
const BOXES = 'box_id,length,width,height,locked\nA,8,8,8,false\nB,12,12,6,false\nC,16,12,8,true\nD,20,16,12,false\n';
const FAST = JSON.stringify({ islands: 3, epochs: 3, moves_per_epoch: 2000 });

function files(extra: Record<string, string> = {}) {
  const dir = scenarioDir({ 's.csv': SHIPMENTS, 'b.csv': BOXES, 'fast.json': FAST, ...extra });
  return { dir, args: ['-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--config', join(dir, 'fast.json')] };
}

describe('packopt optimize (built CLI)', () => {
  it('reports current vs optimized, the savings, the bound and the search in JSON', async () => {
    const { args } = files();
    const r = await runCli(['optimize', ...args, '--json', '--threads', '1', '--units', 'imperial']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.command).toBe('optimize');
    expect(report.k).toBe(4);
    expect(report.optimized.metrics.boxes).toHaveLength(4);
    for (const key of ['total_box_volume_pct', 'total_corrugate_weight_pct', 'air_per_shipment_pct']) {
      expect(typeof report.savings[key]).toBe('number');
    }
    // Every shipment the current suite serves is served by the new one.
    expect(report.optimized.metrics.fitted).toBeGreaterThanOrEqual(report.current.metrics.fitted);
    // The search never does worse than the current suite on the volume it minimises.
    expect(report.savings.total_box_volume_pct).toBeGreaterThan(0);
    expect(report.bound.value).toBeLessThanOrEqual(report.bound.objective * (1 + 1e-9));
    expect(report.bound.gap_pct).toBeGreaterThanOrEqual(0);
    expect(report.search).toMatchObject({ seed: 1, threads: 1, steps: [2, 1] });
  });

  it('--verbose: stamped progress lines on stderr even with --json off a terminal; stdout stays the report', async () => {
    const { args } = files();
    const r = await runCli(['optimize', ...args, '--json', '--verbose', '--threads', '1']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).command).toBe('optimize');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('packopt '));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^packopt \d+:\d\d \S/);
    expect(r.stderr).toContain('lower bound');
    expect(r.stderr).not.toContain('\r');
    const q = await runCli(['optimize', ...args, '--verbose', '-q']);
    expect(q.code).toBe(2);
    expect(q.stderr).toContain("'--verbose' cannot be used with option '-q, --quiet'");
  });

  it('keeps locked boxes in the suite', async () => {
    const { args } = files();
    const r = await runCli(['optimize', ...args, '--json', '-k', '3']);
    const ids = JSON.parse(r.stdout).optimized.metrics.boxes.map((b: { box_id: string }) => b.box_id);
    expect(ids).toHaveLength(3);
    expect(ids).toContain('C');
  });

  it('gives the same suite for the same seed', async () => {
    const { args } = files();
    const suite = async () => {
      const r = await runCli(['optimize', ...args, '--json', '--seed', '5']);
      return JSON.parse(r.stdout).optimized.metrics.boxes.map((b: { length: number; width: number; height: number }) => [b.length, b.width, b.height]);
    };
    expect(await suite()).toEqual(await suite());
  });

  it('chooses only catalog boxes with --catalog', async () => {
    const catalog = 'box_id,length,width,height\nK1,4,3,2\nK2,7,5,3\nK3,10,8,3\nK4,12,10,6\nK5,15,11,7\nK6,9,7,3\n';
    const { dir, args } = files({ 'cat.csv': catalog });
    const r = await runCli(['optimize', ...args, '--catalog', join(dir, 'cat.csv'), '-k', '3', '--json']);
    expect(r.code).toBe(0);
    const ids: string[] = JSON.parse(r.stdout).optimized.metrics.boxes.map((b: { box_id: string }) => b.box_id);
    expect(ids).toContain('C');
    for (const id of ids) expect(['C', 'K1', 'K2', 'K3', 'K4', 'K5', 'K6']).toContain(id);
  });

  it('writes the new suite and each shipment\'s current and new box with --out', async () => {
    const { dir, args } = files();
    const out = join(dir, 'out');
    const r = await runCli(['optimize', ...args, '--out', out, '-q']);
    expect(r.code).toBe(0);
    const suite = readFileSync(join(out, 'suite.csv'), 'utf8').trim().split('\n');
    expect(suite[0]).toBe('box_id,length_in,width_in,height_in,locked,type,price');
    expect(suite).toHaveLength(5);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const assignments = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n').slice(1);
    expect(assignments).toHaveLength(40);
    const ids = new Set(report.optimized.metrics.boxes.map((b: { box_id: string }) => b.box_id));
    const header = readFileSync(join(out, 'assignments.csv'), 'utf8').split('\n')[0];
    expect(header).toBe(
      'shipment_id,current_box_id,box_id,item_volume_in3,current_box_volume_in3,box_volume_in3,' +
        'current_utilization,utilization,current_air_in3,air_in3,count',
    );
    const currentIds = new Set(['A', 'B', 'C', 'D']);
    for (const row of assignments) {
      const [, current, box] = row.split(',');
      expect(currentIds.has(current!)).toBe(true);
      expect(ids.has(box)).toBe(true);
    }
  });

  it('serves shipments no current box fits only with --cover-all, up to max_box', async () => {
    const big = SHIPMENTS + '\nZ1,30,20,18\nZ2,70,10,10\n';
    const { args } = files({ 's.csv': big });
    const without = JSON.parse((await runCli(['optimize', ...args, '--json'])).stdout);
    expect(without.current.metrics.unfit).toBe(2);
    expect(without.optimized.metrics.fitted).toBe(40);
    const withAll = JSON.parse((await runCli(['optimize', ...args, '--json', '--cover-all'])).stdout);
    // 30×20×18 fits the 48 in max_box; 70×10×10 does not, so no suite may serve it.
    expect(withAll.optimized.metrics.fitted).toBe(41);
    expect(withAll.optimized.unfit_shipments.map((u: { shipment_id: string }) => u.shipment_id)).toEqual(['Z2']);
    expect(withAll.savings.additional_served).toBe(1);
  });

  it('names an unknown --config key in the error (exit 2)', async () => {
    const { args } = files({ 'fast.json': '{"islandz": 4}' });
    const r = await runCli(['optimize', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown key "islandz"');
  });

  it('refuses with exit 2, naming the shipments, when max_box is below what the current suite serves', async () => {
    const { dir, args } = files({ 'b.csv': BOXES + 'E,52,12,12,false\n', 's.csv': SHIPMENTS + '\nZ1,50,10,10\n', 'tight.json': '{"max_box": [40, 40, 40]}' });
    const r = await runCli(['optimize', ...args.slice(0, 4), '--config', join(dir, 'tight.json'), '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cannot serve 1 shipment (1 shape) that the current suite serves: they need a box larger than max_box 40x40x40');
    expect(r.stderr).toContain('Z1 (1 shipment): 50x10x10');
  });

  it('rejects an absurd max_box in a config (exit 2) instead of crashing', async () => {
    const { dir, args } = files({ 'huge.json': '{"max_box": [1e308, 1e308, 1e308]}' });
    const r = await runCli(['optimize', ...args.slice(0, 4), '--config', join(dir, 'huge.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('max_box.0: must be at most 10000');
  });

  it('rejects -k below the number of locked boxes', async () => {
    const { args } = files({ 'b.csv': 'box_id,length,width,height,locked\nA,8,8,8,true\nB,9,9,9,true\n' });
    const r = await runCli(['optimize', ...args, '-k', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2 boxes are locked, more than -k 1');
  });
});

describe('packopt config', () => {
  it('prints every parameter with its default', async () => {
    const r = await runCli(['config', '--defaults']);
    expect(r.code).toBe(0);
    const params = JSON.parse(r.stdout);
    expect(Object.keys(params).length).toBeGreaterThanOrEqual(20);
    expect(params).toMatchObject({ clearance: 0, glue_flap: 1.5, steps: [2, 1], board_basis_weight_lb_per_1000ft2: 125 });
  });

  it('resolves metric defaults', async () => {
    const r = await runCli(['config', '--defaults', '--units', 'metric']);
    expect(JSON.parse(r.stdout)).toMatchObject({ glue_flap: 3.81, steps: [5, 2.5] });
  });
});

describe('packopt optimize: boxes in upright mode', () => {
  // Upright bottles put the search in 'upright' mode (a box is footprint × height, the height
  // vertical); flat free goods want a thin box, which the search may propose stood on its edge.
  const rows = ['shipment_id,length,width,height,upright'];
  for (let i = 0; i < 12; i++) rows.push(`B${String(i).padStart(2, '0')},3,3,9,true`);
  const flats = [[15, 11, 1], [14, 10, 1], [13, 11, 1], [15, 9, 1]];
  for (let i = 0; i < 12; i++) rows.push(`F${String(i).padStart(2, '0')},${flats[i % 4]!.join(',')},false`);
  const boxes = 'box_id,length,width,height\nBIG,16,12,12\nTALL,4,4,10\n';

  it('lists a new box that only free shipments use lying flat, longest side first, at no cost to any figure', async () => {
    const dir = scenarioDir({ 's.csv': rows.join('\n') + '\n', 'b.csv': boxes, 'fast.json': FAST });
    const r = await runCli(['optimize', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--config', join(dir, 'fast.json'), '--json', '--units', 'imperial']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.search.orientation).toBe('upright');
    const suite = report.optimized.metrics.boxes as { box_id: string; length: number; width: number; height: number; shipments: number }[];
    // The bottles' box keeps its height vertical (≥ 9); every other box lies flat.
    const tall = suite.filter((b) => b.height >= 9);
    expect(tall.length).toBeGreaterThan(0);
    const flat = suite.filter((b) => b.height < 9 && b.shipments > 0);
    expect(flat.length).toBeGreaterThan(0);
    for (const b of flat) {
      expect(b.length).toBeGreaterThanOrEqual(b.width);
      expect(b.width).toBeGreaterThanOrEqual(b.height);
      expect(b.box_id).toBe(`${b.length}x${b.width}x${b.height}`);
    }
    // The figures are those of the suite as listed: the exact evaluation serves every shipment, and
    // the total box volume is the sum of the listed boxes' volumes over their shipments.
    expect(report.optimized.metrics.fitted).toBe(24);
    const volume = suite.reduce((s, b) => s + b.length * b.width * b.height * b.shipments, 0);
    expect(report.optimized.metrics.total_box_volume).toBeCloseTo(volume, 6);
    expect(report.bound.value).toBeLessThanOrEqual(report.bound.objective * (1 + 1e-9));
  });
});
