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
    turns: params.packer_turns,
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

/**
 * The minimal boxes a class is known to fit (the search's fit frontier), in canonical coordinates,
 * so that a suite box the search chose because it dominates one of them is a fit here too, even
 * where the packer alone would not find it in the bigger box.
 */
export interface FrontierHint {
  orientation: 'free' | 'upright';
  frontier: (ci: number) => readonly (readonly number[])[] | null;
}

/**
 * Fit a multi-unit class into `box` through a frontier point the box dominates: pack the point's
 * box, then turn the placements so its axes lie along the box's. Null when no point serves.
 */
function fitViaFrontier(c: ShipmentClass, box: Box, params: Params, points: readonly (readonly number[])[], orientation: 'free' | 'upright'): PackedUnit[] | null {
  const dims = [box.length, box.width, box.height];
  // axisOf[i]: the box axis that canonical axis i lies along.
  let axisOf: number[];
  if (orientation === 'free') axisOf = [0, 1, 2].sort((i, j) => dims[i]! - dims[j]! || i - j);
  else axisOf = box.length <= box.width ? [0, 1, 2] : [1, 0, 2];
  const canon = axisOf.map((i) => dims[i]!);
  for (const p of points) {
    if (!(leq(p[0]!, canon[0]!) && leq(p[1]!, canon[1]!) && leq(p[2]!, canon[2]!))) continue;
    const placed = packShipment(packSpecsOf(c), [p[0]!, p[1]!, p[2]!], packOptionsOf(params));
    if (!placed) continue;
    return placed.map((u) => {
      const pos = [0, 0, 0];
      const ext = [0, 0, 0];
      const src = [[u.x, u.l], [u.y, u.w], [u.z, u.h]] as const;
      axisOf.forEach((axis, i) => {
        pos[axis] = src[i]![0];
        ext[axis] = src[i]![1];
      });
      return { line: u.line, x: pos[0]!, y: pos[1]!, z: pos[2]!, l: ext[0]!, w: ext[1]!, h: ext[2]! };
    });
  }
  return null;
}

/** Assign every class to the cheapest fitting box of the suite. */
export function assignClasses(
  classes: readonly ShipmentClass[],
  boxes: readonly Box[],
  params: Params,
  objective: Objective,
  hint?: FrontierHint,
): Assignment {
  const order = orderByCost(boxes, objective, params.glue_flap);
  const box = new Int32Array(classes.length).fill(-1);
  const placements: (PackedUnit[] | null)[] = new Array<PackedUnit[] | null>(classes.length).fill(null);
  classes.forEach((c, ci) => {
    const points = hint && c.units > 1 ? hint.frontier(ci) : null;
    for (const bi of order) {
      const b = boxes[bi]!;
      let fit = fitClass(c, b, params);
      if (!fit && points && (b.maxWeight === null || leq(c.weight, b.maxWeight))) {
        const placed = fitViaFrontier(c, b, params, points, hint!.orientation);
        if (placed) fit = { placements: placed };
      }
      if (fit) {
        box[ci] = bi;
        placements[ci] = fit.placements;
        return;
      }
    }
  });
  return { box, placements };
}
