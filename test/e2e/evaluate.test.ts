import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOXES_CSV, runCli, scenarioDir } from '../helpers/cli.js';

const SHIPMENTS_CSV = [
  'shipment_id,sku,length,width,height,quantity,weight',
  'A1,p1,5,3,3,1,1', // → S (6×4×4)
  'A2,p2,10,8,3,1,2', // → M (12×9×4)
  'A3,p3,4,3,2,2,1', // two units: 4×3×4 stack → S
  'A3,p4,1,1,1,1,0.1',
  'A4,p5,30,30,30,1,9', // fits no box
].join('\n');

describe('packopt evaluate (built CLI)', () => {
  it('prints a terminal summary with a row per box and exits 0', async () => {
    const dir = scenarioDir({ 's.csv': SHIPMENTS_CSV, 'b.csv': BOXES_CSV });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'imperial']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+S\s+6×4×4\s+2\s/m);
    expect(r.stdout).toMatch(/fitted\s+3 of 4 shipments \(1 fit no box\)/);
  });

  it('prints only the SPEC report on stdout with --json', async () => {
    const dir = scenarioDir({ 's.csv': SHIPMENTS_CSV, 'b.csv': BOXES_CSV });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.command).toBe('evaluate');
    expect(report.units).toBe('imperial');
    expect(report.input).toMatchObject({ rows: 5, shipments: 4, classes: 4, skipped: 0 });
    const m = report.current.metrics;
    for (const key of [
      'shipments', 'fitted', 'unfit', 'total_box_volume', 'total_item_volume', 'total_corrugate_area',
      'total_corrugate_weight', 'utilization_mean', 'utilization_aggregate', 'air_per_shipment_mean',
      'empty_space_over_50_share', 'boxes',
    ]) expect(m).toHaveProperty(key);
    expect(m).toMatchObject({ shipments: 4, fitted: 3, unfit: 1 });
    expect(m.total_box_volume).toBe(96 + 432 + 96);
    expect(m.total_item_volume).toBe(45 + 240 + 2 * 24 + 1);
    expect(m.boxes.map((b: { box_id: string; shipments: number }) => [b.box_id, b.shipments])).toEqual([['S', 2], ['M', 1], ['L', 0]]);
    expect(m.boxes[2].utilization_mean).toBeNull();
    expect(report.current.unfit_shipments[0].shipment_id).toBe('A4');
  });

  it('writes report.json, report.html, suite.csv, assignments.csv, unfit.csv and placements.jsonl with --out', async () => {
    const dir = scenarioDir({ 's.csv': SHIPMENTS_CSV, 'b.csv': BOXES_CSV });
    const out = join(dir, 'out');
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual(['assignments.csv', 'placements.jsonl', 'report.html', 'report.json', 'suite.csv', 'unfit.csv']);
    const assignments = readFileSync(join(out, 'assignments.csv'), 'utf8').trim().split('\n');
    expect(assignments[0]).toBe('shipment_id,box_id,item_volume_in3,box_volume_in3,utilization,air_in3,count');
    expect(assignments[1]).toBe('A1,S,45,96,0.46875,51,1');
    expect(assignments[4]).toBe('A4,,27000,,,,1');
    expect(readFileSync(join(out, 'suite.csv'), 'utf8')).toContain('box_id,length_in,width_in,height_in,locked,type,price\nS,6,4,4,false,box,');
    const placement = JSON.parse(readFileSync(join(out, 'placements.jsonl'), 'utf8').trim());
    expect(placement).toMatchObject({ shipment_id: 'A3', box_id: 'S', box: [6, 4, 4] });
    expect(placement.items).toHaveLength(3);
  });

  it('reads metric files with unit suffixes and reports in metric units', async () => {
    const dir = scenarioDir({
      's.csv': 'order_id,length_mm,width_mm,height_mm,weight_g\nX,100,50,20,500\n',
      'b.csv': 'box_id,length_cm,width_cm,height_cm,max_weight_kg\nP,12,6,3,1\n',
    });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--units', 'metric', '--json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout).current.metrics;
    expect(m.total_box_volume).toBeCloseTo(216, 9);
    expect(m.total_item_volume).toBeCloseTo(100, 9);
    expect(m.boxes[0].length).toBe(12);
  });

  it('exits 1 with --fail-on-unfit when a shipment fits no box', async () => {
    const dir = scenarioDir({ 's.csv': SHIPMENTS_CSV, 'b.csv': BOXES_CSV });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--fail-on-unfit', '-q']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 shipments fit no box');
  });

  it('teaches with --help', async () => {
    const r = await runCli(['evaluate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--shipments <file>');
    expect(r.stdout).toContain('Examples:');
  });
});

describe('packopt evaluate on bad input', () => {
  const cases: [string, string, string, RegExp][] = [
    ['a non-numeric dimension', 'shipment_id,length,width,height\nA,5,x,3\n', BOXES_CSV, /s\.csv:2: width: "x" is not a number/],
    ['a non-positive dimension', 'shipment_id,length,width,height\nA,5,0,3\n', BOXES_CSV, /s\.csv:2: width: must be > 0, got 0/],
    ['a missing required column', 'shipment_id,length,width\nA,5,3\n', BOXES_CSV, /s\.csv:1: height: required column is missing/],
    ['an unclosed quote', 'shipment_id,length,width,height\n"A,5,3,3\nB,1,1,1\n', BOXES_CSV, /s\.csv:2: a quoted field opened on this line is never closed/],
    ['a wrong column count', 'shipment_id,length,width,height\nA,5,3,3,9\n', BOXES_CSV, /s\.csv:2: has 5 fields, the header has 4/],
    ['a semicolon-separated file', 'shipment_id;length;width;height\nA;5;3;3\n', BOXES_CSV, /s\.csv:1: the file looks semicolon-separated/],
    ['an empty file', '', BOXES_CSV, /s\.csv: file is empty/],
    ['a shipment id that reappears', 'shipment_id,length,width,height\nB,1,1,1\nC,1,1,1\nB,1,1,1\n', BOXES_CSV, /s\.csv:4: shipment_id: shipment "B" reappears here after other shipments \(its rows start at line 2\)/],
    ['duplicate box ids', 'shipment_id,length,width,height\nA,1,1,1\n', 'box_id,length,width,height\nS,1,1,1\nS,2,2,2\n', /b\.csv:3: box_id: duplicate box id "S" \(first at line 2\)/],
  ];
  for (const [what, shipments, boxes, message] of cases) {
    it(`reports ${what} as file:line: column: reason, exit 2, no output written`, async () => {
      const dir = scenarioDir({ 's.csv': shipments, 'b.csv': boxes });
      const out = join(dir, 'out');
      const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).toBe('');
      expect(existsSync(join(out, 'report.json'))).toBe(false);
    });
  }

  it('reports a missing file', async () => {
    const r = await runCli(['evaluate', '-s', '/nonexistent/s.csv', '-b', '/nonexistent/b.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent/b.csv: no such file');
  });

  it('lists every bad row up to 20, then counts the rest', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `S${String(i).padStart(2, '0')},1,-1,1`);
    const dir = scenarioDir({ 's.csv': ['shipment_id,length,width,height', ...rows].join('\n'), 'b.csv': BOXES_CSV });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr.match(/s\.csv:\d+: width: must be > 0/g)).toHaveLength(20);
    expect(r.stderr).toContain('… and 5 more problems');
  });

  it('skips bad rows with --skip-invalid and says how many', async () => {
    const dir = scenarioDir({ 's.csv': 'shipment_id,length,width,height\nA,5,3,3\nB,,,\nC,1,1,1\n', 'b.csv': BOXES_CSV });
    const r = await runCli(['evaluate', '-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--skip-invalid', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.input.skipped).toBe(1);
    expect(report.current.metrics.shipments).toBe(2);
  });

  it('rejects an unknown option as a usage error', async () => {
    const r = await runCli(['evaluate', '-s', 'a', '-b', 'b', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
  });
});
