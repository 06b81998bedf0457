// The files of an --out folder for one suite: report.json, suite.csv, unfit.csv, and the
// per-shipment files (assignments.csv, placements.jsonl), which stream the shipments file a second
// time so that memory stays bounded by the number of shapes, not of shipments.
import { computeBoxVolume } from '../core/geometry.js';
import { assignClasses, type Assignment, type Objective } from '../core/fit.js';
import type { Params } from '../core/params.js';
import { canonicalLines, computeShapeKey, sumLines, type ItemLine, type ShipmentClass } from '../core/shipments.js';
import { findLargestUnit } from '../core/unfit.js';
import { computeFilledMailerVolume, mailerFlatSize } from '../core/mailer.js';
import { isMailer, packageTypeOf, type Box } from '../core/suite.js';
import { streamShipments, type ShipmentsInput, type StreamedShipment } from '../io/read-shipments.js';
import { UNIT_LABELS } from '../io/units.js';
import { createCsvSink, createLineSink, csvFile, jsonFile, type OutputFile } from '../io/write-outputs.js';
import type { SweepReport } from './sweep.js';
import { listUnfit } from './unfit.js';
import type { SpilledUnfit } from './evaluate.js';

/** Round for CSV output: enough digits for any packaging unit, none of the float noise. */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** suite.csv: the boxes with unit-suffixed columns, readable back as a boxes file. */
export function suiteFile(boxes: readonly Box[], params: Params, name = 'suite.csv'): OutputFile {
  const u = UNIT_LABELS[params.units];
  const withWeight = boxes.some((b) => b.maxWeight !== null);
  const header = ['box_id', `length_${u.length}`, `width_${u.length}`, `height_${u.length}`];
  if (withWeight) header.push(`max_weight_${u.weight}`);
  header.push('locked', 'type', 'price');
  const rows = boxes.map((b) => {
    const row: unknown[] = [b.id, round(b.length), round(b.width), round(b.height)];
    if (withWeight) row.push(b.maxWeight === null ? '' : round(b.maxWeight));
    row.push(b.locked ? 'true' : 'false', packageTypeOf(b), b.price === undefined ? '' : round(b.price));
    return row;
  });
  return csvFile(name, header, rows);
}

/** A suite and where it puts each shipment class. */
export interface PlacedSuite {
  boxes: readonly Box[];
  assignment: Assignment;
}

/** A suite's assignment of the shipments of one input: what the per-shipment files describe. */
export interface SuiteAssignment extends PlacedSuite {
  input: ShipmentsInput;
  params: Params;
  skipInvalid: boolean;
  /** The suite this one would replace (optimize): assignments.csv and unfit.csv show both. */
  current?: PlacedSuite;
  /**
   * A spilled evaluate (no classes in memory): each shipment's shape is fitted again (a pure
   * function of the shape and the suite) and unfit.csv lists these shapes.
   */
  spilled?: { fits: ShapeFits; unfit: readonly SpilledUnfit[] };
}

/**
 * What the per-shipment files show of a class in a suite: its assignments.csv cells and its
 * placements as placements.jsonl writes them (each unit named by its item's key). A class refitted
 * from its lines in another order (dims turned, lines swapped) may differ here only in the last
 * bits of its sums or in the packer's choices; equal figures mean equal files.
 */
export function shapeSignature(c: ShipmentClass, suite: PlacedSuite, ci: number): (string | number)[] {
  const cells: (string | number)[] = [...boxCells(suite, c, ci), round(c.itemVolume)];
  const placed = suite.assignment.placements.get(ci);
  const bi = suite.assignment.box[ci]!;
  if (placed && bi >= 0) {
    const box = suite.boxes[bi]!;
    cells.push(...(suite.assignment.loads.get(ci) ?? [box.length, box.width, box.height]).map((x) => round(x, 6)));
    for (const p of placed) {
      cells.push(computeShapeKey([{ ...c.lines[p.line]!, qty: 1 }]), ...[p.x, p.y, p.z, p.l, p.w, p.h].map((x) => round(x, 6)));
    }
  }
  return cells;
}

/** Do two signatures (shapeSignature) match? */
export function sameSignature(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A shape's class and its fit, for the per-shipment files of a spilled evaluate. */
interface ShapeFit {
  c: ShipmentClass;
  suite: PlacedSuite;
}

/**
 * The fits of shapes met while streaming shipments, kept in a bounded cache: each shape fitted
 * from its canonical lines (canonicalLines), which any of its shipments gives, or, for the shapes
 * whose files would then differ from their class's (`exceptions`, by shape key, found by evaluate
 * with shapeSignature), from their class's first shipment's lines.
 */
export class ShapeFits {
  private readonly cache = new Map<string, ShapeFit>();
  constructor(
    private readonly boxes: readonly Box[],
    private readonly params: Params,
    private readonly objective: Objective,
    private readonly exceptions: ReadonlyMap<string, ItemLine[]>,
    private readonly limit = 1 << 12,
  ) {}

  get(lines: readonly ItemLine[], id: string): ShapeFit {
    const key = computeShapeKey(lines);
    const known = this.cache.get(key);
    if (known) return known;
    const c = classOf(this.exceptions.get(key) ?? canonicalLines(lines), id);
    const fit = { c, suite: { boxes: this.boxes, assignment: assignClasses([c], this.boxes, this.params, this.objective) } };
    if (this.cache.size >= this.limit) this.cache.clear();
    this.cache.set(key, fit);
    return fit;
  }
}

/** A one-shipment class of these lines (copies), its totals summed as ClassTable sums them. */
export function classOf(given: readonly ItemLine[], id: string): ShipmentClass {
  const lines = given.map((ln) => ({ l: ln.l, w: ln.w, h: ln.h, qty: ln.qty, unitWeight: ln.unitWeight, upright: ln.upright, compress: ln.compress, sku: ln.sku }));
  const t = sumLines(lines);
  return { lines, units: t.units, count: 1, itemVolume: t.itemVolume, weight: t.weight, exampleId: id };
}

/**
 * Stream the shipments file again, handing each valid shipment with its class index to `visit`;
 * under a --holdout split only the training shipments (a split row with its training count).
 */
function forEachShipment(
  a: SuiteAssignment,
  visit: (s: StreamedShipment, c: ShipmentClass, ci: number, placed: PlacedSuite) => void | Promise<void>,
): Promise<number> {
  const route = a.input.heldOut?.route();
  return streamShipments(a.input.file, { units: a.params.units, skipInvalid: a.skipInvalid, skipGroups: a.input.droppedGroups }, (s, problems) => {
    if (problems.length > 0) return;
    if (route) {
      const held = route(s.date, s.count) ?? s.count;
      if (held >= s.count) return;
      s.count -= held;
    }
    if (a.spilled) {
      const f = a.spilled.fits.get(s.lines, s.id);
      return visit(s, f.c, 0, f.suite);
    }
    const ci = a.input.table.find(s.lines);
    return ci < 0 ? undefined : visit(s, a.input.classes[ci]!, ci, a);
  });
}

/** A class's box in a suite: id, volume, utilization and air, all empty when it fits no box. */
function boxCells(suite: PlacedSuite, c: ShipmentClass, ci: number): [string, number | '', number | '', number | ''] {
  const bi = suite.assignment.box[ci]!;
  if (bi < 0) return ['', '', '', ''];
  const box = suite.boxes[bi]!;
  // A filled mailer counts as the box (L − a)(W − a)a of its load (SPEC §9).
  const load = suite.assignment.loads.get(ci);
  const V = isMailer(box) && load ? computeFilledMailerVolume(...mailerFlatSize(box.length, box.width), load[2]) : computeBoxVolume(box.length, box.width, box.height);
  return [box.id, round(V), round(c.itemVolume / V, 6), round(V - c.itemVolume)];
}

/**
 * assignments.csv: one row per shipment with its box (empty when unfit), volumes, utilization and
 * air; with a current suite (optimize), its box and figures beside the new suite's, prefixed `current_`.
 */
export function assignmentsFile(a: SuiteAssignment): OutputFile {
  const vol = UNIT_LABELS[a.params.units].volume;
  const cur = a.current;
  const header = cur
    ? ['shipment_id', 'current_box_id', 'box_id', `item_volume_${vol}`, `current_box_volume_${vol}`, `box_volume_${vol}`,
       'current_utilization', 'utilization', `current_air_${vol}`, `air_${vol}`, 'count']
    : ['shipment_id', 'box_id', `item_volume_${vol}`, `box_volume_${vol}`, 'utilization', `air_${vol}`, 'count'];
  return {
    name: 'assignments.csv',
    async write(path) {
      const sink = createCsvSink(path, header);
      await forEachShipment(a, (s, c, ci, placed) => {
        const [id, V, util, air] = boxCells(placed, c, ci);
        if (!cur) return sink.write([s.id, id, round(c.itemVolume), V, util, air, s.count]);
        const [curId, curV, curUtil, curAir] = boxCells(cur, c, ci);
        return sink.write([s.id, curId, id, round(c.itemVolume), curV, V, curUtil, util, curAir, air, s.count]);
      });
      await sink.close();
    },
  };
}

/**
 * unfit.csv (SPEC §12): one row per shape that fits no package of a suite, for the current suite
 * and, after optimize, the optimized one: its reason, the largest unit's dims and the nearest package.
 */
export function unfitFile(a: SuiteAssignment): OutputFile {
  const u = UNIT_LABELS[a.params.units];
  const suites: [string, PlacedSuite][] = a.current ? [['current', a.current], ['optimized', a]] : [['current', a]];
  const header = ['suite', 'shipment_id', 'shipments', 'units', `length_${u.length}`, `width_${u.length}`, `height_${u.length}`, `weight_${u.weight}`, 'reason', 'nearest_package'];
  if (a.spilled) {
    const rows = a.spilled.unfit.map((e) => ['current', e.shipment_id, e.shipments, e.units, round(e.unit.l), round(e.unit.w), round(e.unit.h), round(e.weight), e.reason, e.nearest_package ?? '']);
    return csvFile('unfit.csv', header, rows);
  }
  const rows = suites.flatMap(([name, suite]) =>
    listUnfit(a.input.classes, suite.boxes, suite.assignment.box, a.params).map((e) => {
      const c = a.input.classes[e.classIndex]!;
      const unit = findLargestUnit(c);
      return [name, e.shipment_id, e.shipments, e.units, round(unit.l), round(unit.w), round(unit.h), round(c.weight), e.reason, e.nearest_package ?? ''];
    }),
  );
  return csvFile('unfit.csv', header, rows);
}

/** placements.jsonl: the proof of every fitted multi-unit shipment's fit (SPEC §4). */
export function placementsFile(a: SuiteAssignment): OutputFile {
  return {
    name: 'placements.jsonl',
    async write(path) {
      const sink = createLineSink(path);
      const half = a.params.clearance / 2;
      await forEachShipment(a, (s, c, ci, suite) => {
        const placed = suite.assignment.placements.get(ci);
        const bi = suite.assignment.box[ci]!;
        if (!placed || bi < 0) return;
        // The class's lines come from its first shipment; this shipment's skus follow its own lines.
        // Units of equal size but different skus share a key: each placed unit takes the next one.
        const skusByUnit = new Map<string, string[]>();
        for (const ln of s.lines) {
          const key = computeShapeKey([{ ...ln, qty: 1 }]);
          const skus = skusByUnit.get(key) ?? [];
          for (let q = 0; q < ln.qty; q++) skus.push(ln.sku);
          skusByUnit.set(key, skus);
        }
        const box = a.boxes[bi]!;
        const items = placed.map((p) => {
          const ln = c.lines[p.line]!;
          return {
            sku: skusByUnit.get(computeShapeKey([{ ...ln, qty: 1 }]))?.shift() ?? ln.sku,
            x: round(p.x + half, 6),
            y: round(p.y + half, 6),
            z: round(p.z + half, 6),
            l: round(p.l, 6),
            w: round(p.w, 6),
            h: round(p.h, 6),
          };
        });
        const line = {
          shipment_id: s.id,
          box_id: box.id,
          // In a mailer, the load's extents [c, b, a] (SPEC §9).
          box: (suite.assignment.loads.get(ci) ?? [box.length, box.width, box.height]).map((x) => round(x, 6)),
          unit: UNIT_LABELS[a.params.units].length,
          items,
        };
        return sink.write(JSON.stringify(line));
      });
      await sink.close();
    },
  };
}

/**
 * curve.csv (`sweep`, SPEC §12): one row per K with the objective, the savings and the marginal gain;
 * under --holdout also the held-out volume saving and its 95 % interval.
 */
export function curveFile(report: SweepReport): OutputFile {
  const u = UNIT_LABELS[report.units];
  const objective =
    report.objective === 'volume' ? `objective_${u.volume}` : report.objective === 'cost' ? 'objective_cost' : `objective_${u.length}2`;
  const held = report.out_of_sample !== undefined;
  // With a cost model: each K's total cost and the money its last box saves.
  const money = report.current.metrics.total_cost !== undefined;
  const header = ['k', objective, 'total_box_volume_pct', 'total_corrugate_weight_pct', 'air_per_shipment_pct', 'marginal_gain_pct', 'gap_pct', 'recommended'];
  if (held) header.push('held_out_total_box_volume_pct', 'held_out_total_box_volume_pct_low', 'held_out_total_box_volume_pct_high');
  if (money) header.push('total_cost', 'total_cost_pct', 'marginal_saving');
  const rows = report.curve.map((p) => {
    const row: unknown[] = [
      p.k,
      round(p.objective),
      round(p.savings.total_box_volume_pct),
      round(p.savings.total_corrugate_weight_pct),
      round(p.savings.air_per_shipment_pct),
      p.marginal_gain_pct === null ? '' : round(p.marginal_gain_pct),
      p.gap_pct === null ? '' : round(p.gap_pct),
      p.k === report.recommended_k ? 'true' : 'false',
      ...(held ? (p.out_of_sample ? [p.out_of_sample.savings.total_box_volume_pct, ...p.out_of_sample.savings_ci95.total_box_volume_pct].map((x) => round(x)) : ['', '', '']) : []),
    ];
    if (money) row.push(round(p.metrics.total_cost ?? 0), round(p.savings.total_cost_pct ?? 0), p.marginal_saving === null ? '' : round(p.marginal_saving));
    return row;
  });
  return csvFile('curve.csv', header, rows);
}

/** A sweep's suites, one per K searched, and the current suite, on one input. */
export interface SweepSuites {
  input: ShipmentsInput;
  params: Params;
  skipInvalid: boolean;
  current: PlacedSuite;
  byK: ReadonlyMap<number, PlacedSuite>;
}

/**
 * The files of a sweep's --out folder: report.json, curve.csv, a suite-k<K>.csv per K searched, and
 * unfit.csv for the current suite and the recommended K's (as `optimized`).
 */
export function sweepOutputFiles(report: SweepReport, s: SweepSuites): OutputFile[] {
  const files = [jsonFile('report.json', report), curveFile(report)];
  for (const [k, suite] of s.byK) files.push(suiteFile(suite.boxes, s.params, `suite-k${k}.csv`));
  const recommended = report.recommended_k === null ? undefined : s.byK.get(report.recommended_k);
  const { input, params, skipInvalid, current } = s;
  files.push(unfitFile(recommended ? { input, params, skipInvalid, ...recommended, current } : { input, params, skipInvalid, ...current }));
  return files;
}

/** The files of an --out folder for one suite: report.json, suite.csv, assignments.csv, unfit.csv, placements.jsonl. */
export function suiteOutputFiles(report: unknown, a: SuiteAssignment, multiItem: boolean): OutputFile[] {
  const files = [jsonFile('report.json', report), suiteFile(a.boxes, a.params), assignmentsFile(a), unfitFile(a)];
  if (multiItem) files.push(placementsFile(a));
  return files;
}
