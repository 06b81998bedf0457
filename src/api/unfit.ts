// The shapes a suite leaves unfit, each with its reason and nearest package (SPEC §12): listed in
// the report (the commonest 100) and in full in unfit.csv.
import type { Params } from '../core/params.js';
import type { ShipmentClass } from '../core/shipments.js';
import type { Box } from '../core/suite.js';
import { explainUnfit, type UnfitReason } from '../core/unfit.js';

/** A shipment shape that fits no package of a suite, named by its first shipment id. */
export interface UnfitShipment {
  shipment_id: string;
  /** Shipments of this shape. */
  shipments: number;
  units: number;
  reason: UnfitReason;
  /** The nearest package's id (see explainUnfit), null for an empty suite. */
  nearest_package: string | null;
}

/** An unfit shape with the index of its class. */
export interface UnfitEntry extends UnfitShipment {
  classIndex: number;
}

// The report and unfit.csv ask for the same suite's list; the packer runs once per assignment.
const listed = new WeakMap<Int32Array, UnfitEntry[]>();

/** Every shape with shipments that `assigned` leaves unfit (−1), most shipments first, then first seen. */
export function listUnfit(
  classes: readonly ShipmentClass[],
  boxes: readonly Box[],
  assigned: Int32Array,
  params: Params,
  include?: (ci: number) => boolean,
): UnfitEntry[] {
  const known = include ? undefined : listed.get(assigned);
  if (known) return known;
  const entries: UnfitEntry[] = [];
  classes.forEach((c, ci) => {
    if (assigned[ci]! >= 0 || c.count <= 0 || (include && !include(ci))) return;
    const { reason, nearest } = explainUnfit(c, boxes, params);
    entries.push({
      classIndex: ci,
      shipment_id: c.exampleId,
      shipments: c.count,
      units: c.units,
      reason,
      nearest_package: nearest < 0 ? null : boxes[nearest]!.id,
    });
  });
  entries.sort((a, b) => b.shipments - a.shipments || a.classIndex - b.classIndex);
  if (!include) listed.set(assigned, entries);
  return entries;
}

/** Shipments per reason. */
export function countUnfitReasons(entries: readonly UnfitShipment[]): Record<UnfitReason, number> {
  const counts: Record<UnfitReason, number> = { too_large: 0, too_heavy: 0, no_packing_found: 0 };
  for (const e of entries) counts[e.reason] += e.shipments;
  return counts;
}
