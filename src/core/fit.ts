// Assignment of shipment classes to a suite (SPEC §4): each class goes into the cheapest box it fits
// under the objective; ties go to the smaller volume, then to the earlier box in the file.
import { computeBlankArea, computeBoxVolume, fitsItem, leq } from './geometry.js';
import { packShipment, type PackedUnit, type PackOptions, type PackUnitSpec } from './packer/index.js';
import type { Params } from './params.js';
import type { ShipmentClass } from './shipments.js';
import type { Box } from './suite.js';

export type Objective = 'volume' | 'corrugate';

/** The cost of a box under the objective: inner volume (length³) or blank area (length²). */
export function computeBoxCost(box: Box, objective: Objective, glueFlap: number): number {
  return objective === 'volume'
    ? computeBoxVolume(box.length, box.width, box.height)
    : computeBlankArea(box.length, box.width, box.height, glueFlap);
}

/** Suite indices from cheapest to dearest, with SPEC's tie rules. */
export function orderByCost(boxes: readonly Box[], objective: Objective, glueFlap: number): number[] {
  const cost = boxes.map((b) => computeBoxCost(b, objective, glueFlap));
  const vol = boxes.map((b) => computeBoxVolume(b.length, b.width, b.height));
  return boxes
    .map((_, i) => i)
    .sort((i, j) => cost[i]! - cost[j]! || vol[i]! - vol[j]! || i - j);
}

export function packOptionsOf(params: Params): PackOptions {
  return {
    orderings: params.packer_orderings,
    exactUnits: params.packer_exact_units,
    exactNodes: params.packer_exact_nodes,
    clearance: params.clearance,
  };
}

export function packSpecsOf(c: ShipmentClass): PackUnitSpec[] {
  return c.lines.map((ln) => ({ l: ln.l, w: ln.w, h: ln.h, qty: ln.qty, upright: ln.upright, compress: ln.compress }));
}

/**
 * Does a class fit a box? Single units by the sorted-dimension rule; several units by the packer,
 * whose placements (returned) prove the fit. Returns null when it does not fit.
 */
export function fitClass(
  c: ShipmentClass,
  box: Box,
  params: Params,
): { placements: PackedUnit[] | null } | null {
  if (box.maxWeight !== null && !leq(c.weight, box.maxWeight)) return null;
  const dims = [box.length, box.width, box.height] as const;
  if (c.units === 1) {
    const ln = c.lines[0]!;
    return fitsItem(ln.l, ln.w, ln.h, dims, params.clearance, ln.upright, ln.compress) ? { placements: null } : null;
  }
  const placements = packShipment(packSpecsOf(c), dims, packOptionsOf(params));
  return placements ? { placements } : null;
}

/** Which box each class goes into (−1: unfit), with the placements of multi-unit fits. */
export interface Assignment {
  box: Int32Array;
  placements: (PackedUnit[] | null)[];
}

/** Assign every class to the cheapest fitting box of the suite. */
export function assignClasses(
  classes: readonly ShipmentClass[],
  boxes: readonly Box[],
  params: Params,
  objective: Objective,
): Assignment {
  const order = orderByCost(boxes, objective, params.glue_flap);
  const box = new Int32Array(classes.length).fill(-1);
  const placements: (PackedUnit[] | null)[] = new Array<PackedUnit[] | null>(classes.length).fill(null);
  classes.forEach((c, ci) => {
    for (const bi of order) {
      const fit = fitClass(c, boxes[bi]!, params);
      if (fit) {
        box[ci] = bi;
        placements[ci] = fit.placements;
        return;
      }
    }
  });
  return { box, placements };
}
