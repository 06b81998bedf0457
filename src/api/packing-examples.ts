// One example packing per box for report.html's drawings: the first fitted multi-unit shipment
// shape of each box, with its placements as placements.jsonl would write them.
import type { Assignment } from '../core/fit.js';
import type { Params } from '../core/params.js';
import type { ShipmentClass } from '../core/shipments.js';
import type { Box } from '../core/suite.js';

export interface PackingExample {
  box_id: string;
  /** The first shipment of this shape. */
  shipment_id: string;
  /** The box's inner dims L, W, H (length unit); for a mailer, its load's extents [c, b, a] (SPEC §9). */
  box: [number, number, number];
  /** Units placed inside the box: `line` is the item line they come from (same line, same item). */
  items: { sku: string; line: number; x: number; y: number; z: number; l: number; w: number; h: number }[];
}

/** For each box of the suite (in suite order) that serves a multi-unit shipment, the first such packing. */
export function pickPackingExamples(
  classes: readonly ShipmentClass[],
  boxes: readonly Box[],
  assignment: Assignment,
  params: Params,
): PackingExample[] {
  return [...firstPackings(classes, boxes, assignment, params).entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e.example);
}

/** By box index, the first class (and its index) of `classes` whose packing the box shows. */
export function firstPackings(
  classes: readonly ShipmentClass[],
  boxes: readonly Box[],
  assignment: Assignment,
  params: Params,
): Map<number, { classIndex: number; example: PackingExample }> {
  const byBox = new Map<number, { classIndex: number; example: PackingExample }>();
  const half = params.clearance / 2;
  classes.forEach((c, ci) => {
    const bi = assignment.box[ci]!;
    const placed = assignment.placements.get(ci);
    if (bi < 0 || !placed || c.units < 2 || byBox.has(bi)) return;
    const box = boxes[bi]!;
    byBox.set(bi, {
      classIndex: ci,
      example: {
        box_id: box.id,
        shipment_id: c.exampleId,
        box: assignment.loads.get(ci) ?? [box.length, box.width, box.height],
        items: placed.map((p) => ({ sku: c.lines[p.line]!.sku, line: p.line, x: p.x + half, y: p.y + half, z: p.z + half, l: p.l, w: p.w, h: p.h })),
      },
    });
  });
  return byBox;
}
