import { describe, expect, it } from 'vitest';
import { assignClasses } from '../../src/core/fit.js';
import { computeSuiteMetrics } from '../../src/core/metrics.js';
import { defaultParams } from '../../src/core/params.js';
import { ClassTable, type ItemLine } from '../../src/core/shipments.js';
import type { Box } from '../../src/core/suite.js';

const item = (l: number, w: number, h: number, extra: Partial<ItemLine> = {}): ItemLine => ({
  l, w, h, qty: 1, unitWeight: 0, upright: false, compress: 0, sku: '', ...extra,
});
const box = (id: string, length: number, width: number, height: number, maxWeight: number | null = null): Box => ({
  id, length, width, height, maxWeight, locked: false,
});

// Boxes A 10×10×10 (V 1000, blank (2·20+1.5)·20 = 830) and B 20×10×10 (V 2000, blank (2·30+1.5)·20 = 1230).
// Shipments: two 5³ cubes (→ A), one 15×5×5 (→ B), one 9³ cube (→ A), one 30³ cube (unfit).
function scenario() {
  const t = new ClassTable();
  t.add([item(5, 5, 5)], 2, 's1');
  t.add([item(15, 5, 5)], 1, 's2');
  t.add([item(9, 9, 9)], 1, 's3');
  t.add([item(30, 30, 30)], 1, 's4');
  return { classes: t.classes, boxes: [box('B', 20, 10, 10), box('A', 10, 10, 10)] };
}

describe('suite metrics (hand-computed)', () => {
  it('assigns each shipment to the cheapest box it fits', () => {
    const { classes, boxes } = scenario();
    const a = assignClasses(classes, boxes, defaultParams('imperial'), 'volume');
    expect(Array.from(a.box)).toEqual([1, 0, 1, -1]);
  });

  it('totals volume, corrugate, utilization and air over fitted shipments', () => {
    const { classes, boxes } = scenario();
    const params = defaultParams('imperial');
    const a = assignClasses(classes, boxes, params, 'volume');
    const m = computeSuiteMetrics(classes, boxes, a.box, params);
    expect(m.shipments).toBe(5);
    expect(m.fitted).toBe(4);
    expect(m.unfit).toBe(1);
    expect(m.total_box_volume).toBe(5000);
    expect(m.total_item_volume).toBe(250 + 375 + 729);
    expect(m.total_corrugate_area).toBeCloseTo((3 * 830 + 1230) / 144, 10);
    expect(m.total_corrugate_weight).toBeCloseTo(((3 * 830 + 1230) * 125) / 144_000, 10);
    expect(m.utilization_mean).toBeCloseTo((2 * 0.125 + 0.1875 + 0.729) / 4, 12);
    expect(m.utilization_aggregate).toBeCloseTo(1354 / 5000, 12);
    expect(m.air_per_shipment_mean).toBeCloseTo((5000 - 1354) / 4, 12);
    expect(m.empty_space_over_50_share).toBe(0.75);
  });

  it('reports every box in suite order, with null utilization for an unused box', () => {
    const { classes } = scenario();
    const boxes = [box('B', 20, 10, 10), box('A', 10, 10, 10), box('C', 40, 40, 40)];
    const params = defaultParams('imperial');
    const a = assignClasses(classes, boxes, params, 'volume');
    const m = computeSuiteMetrics(classes, boxes, a.box, params);
    expect(m.boxes.map((b) => b.box_id)).toEqual(['B', 'A', 'C']);
    expect(m.boxes.map((b) => b.shipments)).toEqual([1, 3, 1]);
    expect(m.boxes[0]!.share).toBeCloseTo(1 / 5, 12);
    expect(m.boxes[1]!.utilization_mean).toBeCloseTo((2 * 0.125 + 0.729) / 3, 12);
    expect(m.boxes[2]!.utilization_mean).toBeCloseTo(27_000 / 64_000, 12);
    const unused = computeSuiteMetrics(classes.slice(0, 1), boxes, a.box, params);
    expect(unused.boxes[0]!.utilization_mean).toBeNull();
  });

  it('reports metric areas in m² and weights in kg (125 lb/1000 ft² ≈ 0.6103 kg/m²)', () => {
    const { classes, boxes } = scenario();
    const params = defaultParams('metric');
    expect(params.glue_flap).toBeCloseTo(3.81, 12);
    const a = assignClasses(classes, boxes, params, 'volume');
    const m = computeSuiteMetrics(classes, boxes, a.box, params);
    // Same shapes read as cm: blanks with J = 3.81 cm.
    const blankA = (2 * 20 + 3.81) * 20;
    const blankB = (2 * 30 + 3.81) * 20;
    const areaM2 = (3 * blankA + blankB) / 10_000;
    expect(m.total_corrugate_area).toBeCloseTo(areaM2, 10);
    expect(m.total_corrugate_weight).toBeCloseTo(areaM2 * ((125 * 0.45359237) / (1000 * 0.09290304)), 10);
  });

  it('breaks cost ties by the smaller volume, then by file order', () => {
    const t = new ClassTable();
    t.add([item(5, 5, 5)], 1, 's');
    const boxes = [box('first', 10, 10, 10), box('second', 10, 10, 10)];
    const a = assignClasses(t.classes, boxes, defaultParams('imperial'), 'volume');
    expect(a.box[0]).toBe(0);
  });

  it('respects max_weight', () => {
    const t = new ClassTable();
    t.add([item(5, 5, 5, { unitWeight: 12 })], 1, 's');
    const boxes = [box('light', 10, 10, 10, 10), box('strong', 12, 12, 12, 20)];
    const a = assignClasses(t.classes, boxes, defaultParams('imperial'), 'volume');
    expect(a.box[0]).toBe(1);
  });

  it('picks by inner volume or by blank area, as the objective says', () => {
    // flat 12×12×1: V 144, blank (2·13+1.5)·13 = 357.5; cube-ish 6×6×5: V 180, blank (2·11+1.5)·11 = 258.5
    const t = new ClassTable();
    t.add([item(5, 5, 1)], 1, 's');
    const boxes = [box('flat', 12, 12, 1), box('cubish', 6, 6, 5)];
    const params = defaultParams('imperial');
    expect(assignClasses(t.classes, boxes, params, 'volume').box[0]).toBe(0);
    expect(assignClasses(t.classes, boxes, params, 'corrugate').box[0]).toBe(1);
  });
});
