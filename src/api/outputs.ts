// The files of an --out folder for one suite: report.json, suite.csv, and the per-shipment files
// (assignments.csv, placements.jsonl), which stream the shipments file a second time so that
// memory stays bounded by the number of shapes, not of shipments.
import { computeBoxVolume } from '../core/geometry.js';
import type { Assignment } from '../core/fit.js';
import type { Params } from '../core/params.js';
import { computeShapeKey } from '../core/shipments.js';
import type { Box } from '../core/suite.js';
import { streamShipments, type ShipmentsInput, type StreamedShipment } from '../io/read-shipments.js';
import { UNIT_LABELS } from '../io/units.js';
import { createCsvSink, createLineSink, csvFile, jsonFile, type OutputFile } from '../io/write-outputs.js';

/** Round for CSV output: enough digits for any packaging unit, none of the float noise. */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** suite.csv: the boxes with unit-suffixed columns, readable back as a boxes file. */
export function suiteFile(boxes: readonly Box[], params: Params): OutputFile {
  const u = UNIT_LABELS[params.units];
  const withWeight = boxes.some((b) => b.maxWeight !== null);
  const header = ['box_id', `length_${u.length}`, `width_${u.length}`, `height_${u.length}`];
  if (withWeight) header.push(`max_weight_${u.weight}`);
  header.push('locked');
  const rows = boxes.map((b) => {
    const row: unknown[] = [b.id, round(b.length), round(b.width), round(b.height)];
    if (withWeight) row.push(b.maxWeight === null ? '' : round(b.maxWeight));
    row.push(b.locked ? 'true' : 'false');
    return row;
  });
  return csvFile('suite.csv', header, rows);
}

/** A suite's assignment of the shipments of one input: what the per-shipment files describe. */
export interface SuiteAssignment {
  input: ShipmentsInput;
  boxes: readonly Box[];
  assignment: Assignment;
  params: Params;
  skipInvalid: boolean;
}

/** Stream the shipments file again, handing each valid shipment with its class index to `visit`. */
function forEachShipment(
  a: SuiteAssignment,
  visit: (s: StreamedShipment, ci: number) => void | Promise<void>,
): Promise<number> {
  return streamShipments(a.input.file, { units: a.params.units, skipInvalid: a.skipInvalid, skipGroups: a.input.droppedGroups }, (s, problems) => {
    if (problems.length > 0) return;
    const ci = a.input.table.find(s.lines);
    return ci < 0 ? undefined : visit(s, ci);
  });
}

/** assignments.csv: one row per shipment with its box (empty when unfit), volumes, utilization and air. */
export function assignmentsFile(a: SuiteAssignment): OutputFile {
  return {
    name: 'assignments.csv',
    async write(path) {
      const sink = createCsvSink(path, ['shipment_id', 'box_id', 'item_volume', 'box_volume', 'utilization', 'air', 'count']);
      await forEachShipment(a, (s, ci) => {
        const c = a.input.classes[ci]!;
        const bi = a.assignment.box[ci]!;
        const box = bi >= 0 ? a.boxes[bi]! : null;
        const V = box ? computeBoxVolume(box.length, box.width, box.height) : null;
        return sink.write([
          s.id,
          box ? box.id : '',
          round(c.itemVolume),
          V === null ? '' : round(V),
          V === null ? '' : round(c.itemVolume / V, 6),
          V === null ? '' : round(V - c.itemVolume),
          s.count,
        ]);
      });
      await sink.close();
    },
  };
}

/** placements.jsonl: the proof of every fitted multi-unit shipment's fit (SPEC §4). */
export function placementsFile(a: SuiteAssignment): OutputFile {
  return {
    name: 'placements.jsonl',
    async write(path) {
      const sink = createLineSink(path);
      const half = a.params.clearance / 2;
      await forEachShipment(a, (s, ci) => {
        const placed = a.assignment.placements[ci];
        const bi = a.assignment.box[ci]!;
        if (!placed || bi < 0) return;
        const c = a.input.classes[ci]!;
        // The class's lines come from its first shipment; this shipment's skus follow its own lines.
        const skuByLine = new Map<string, string>();
        for (const ln of s.lines) skuByLine.set(computeShapeKey([{ ...ln, qty: 1 }]), ln.sku);
        const box = a.boxes[bi]!;
        const items = placed.map((p) => {
          const ln = c.lines[p.line]!;
          return {
            sku: skuByLine.get(computeShapeKey([{ ...ln, qty: 1 }])) ?? ln.sku,
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
          box: [round(box.length, 6), round(box.width, 6), round(box.height, 6)],
          unit: UNIT_LABELS[a.params.units].length,
          items,
        };
        return sink.write(JSON.stringify(line));
      });
      await sink.close();
    },
  };
}

/** The files of an --out folder for one suite: report.json, suite.csv, assignments.csv, placements.jsonl. */
export function suiteOutputFiles(report: unknown, a: SuiteAssignment, multiItem: boolean): OutputFile[] {
  const files = [jsonFile('report.json', report), suiteFile(a.boxes, a.params), assignmentsFile(a)];
  if (multiItem) files.push(placementsFile(a));
  return files;
}
