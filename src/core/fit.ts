// Assignment of shipment classes to a suite (SPEC §4, §9, §10): each class goes into the cheapest
// package it fits under the objective; ties go to the smaller volume, then to the earlier package.
import { computePackageCost, computeShipmentCostTotal, packageVolume, type CostModel, type PackageCost } from './cost.js';
import { computeBlankArea, computeBoxVolume, fitsItem, leq } from './geometry.js';
import { fitShipmentInMailer, mailerCoords, mailerCoordsOfBox, packMailerViaBox } from './mailer.js';
import { packShipment, type PackedUnit, type PackOptions, type PackUnitSpec } from './packer/index.js';
import type { Params } from './params.js';
import type { ShipmentClass } from './shipments.js';
import { isMailer, type Box } from './suite.js';

export type Objective = 'volume' | 'corrugate' | 'cost';

/** The cost model a suite is priced with: the parameters and the rate card they carry. */
export function costModelOf(params: Params): CostModel {
  return { params, rates: params.rates };
}

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

/** A fit of a class: placements proving a multi-unit fit, and a mailer's load [c, b, a] (null in a box). */
export interface ClassFit {
  placements: PackedUnit[] | null;
  load: [number, number, number] | null;
}

/**
 * Does a class fit a package? In a box, single units by the sorted-dimension rule and several
 * units by the packer, whose placements (returned) prove the fit; in a mailer, by its load (§9).
 * Returns null when it does not fit.
 */
export function fitClass(
  c: ShipmentClass,
  box: Box,
  params: Params,
): ClassFit | null {
  if (box.maxWeight !== null && !leq(c.weight, box.maxWeight)) return null;
  const dims = [box.length, box.width, box.height] as const;
  if (isMailer(box)) {
    const fit = fitShipmentInMailer(packSpecsOf(c), [...dims], packOptionsOf(params));
    return fit ? { placements: fit.placements, load: fit.load } : null;
  }
  if (c.units === 1) {
    const ln = c.lines[0]!;
    return fitsItem(ln.l, ln.w, ln.h, dims, params.clearance, ln.upright, ln.compress) ? { placements: null, load: null } : null;
  }
  const placements = packShipment(packSpecsOf(c), dims, packOptionsOf(params));
  return placements ? { placements, load: null } : null;
}

/**
 * Which package each class goes into (−1: unfit), with the placements of multi-unit fits and, for
 * classes in mailers, the load's extents [c, b, a]. The last two are keyed by class index and hold
 * only the classes that have one: at a million single-item shapes, arrays of nulls were most of
 * the fit's memory.
 */
export interface Assignment {
  box: Int32Array;
  placements: ReadonlyMap<number, PackedUnit[]>;
  loads: ReadonlyMap<number, [number, number, number]>;
}

/** Per class, the thickness of its load in a mailer (0 in a box or unfit): what a mailer's volume depends on. */
export function loadThicknessOf(a: Pick<Assignment, 'box' | 'loads'>): Float64Array {
  const t = new Float64Array(a.box.length);
  for (const [ci, l] of a.loads) t[ci] = l[2];
  return t;
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

/**
 * Fit a multi-unit class into a mailer through a frontier point: the mailer must take every load
 * that point's box holds (mailerCoordsOfBox), and the point's packing is the load.
 */
function fitMailerViaFrontier(c: ShipmentClass, box: Box, params: Params, points: readonly (readonly number[])[], orientation: 'free' | 'upright'): ClassFit | null {
  const dims: [number, number, number] = [box.length, box.width, box.height];
  const have = mailerCoords(dims);
  for (const p of points) {
    const need = mailerCoordsOfBox([p[0]!, p[1]!, p[2]!], orientation);
    if (!(leq(need[0], have[0]) && leq(need[1], have[1]) && leq(need[2], have[2]))) continue;
    const fit = packMailerViaBox(packSpecsOf(c), [p[0]!, p[1]!, p[2]!], dims, packOptionsOf(params));
    if (fit) return { placements: fit.placements, load: fit.load };
  }
  return null;
}

/** fitClass, then, for several units, through a frontier point the package dominates. */
function fitClassWithHint(c: ShipmentClass, b: Box, params: Params, points: readonly (readonly number[])[] | null, hint: FrontierHint | undefined): ClassFit | null {
  const fit = fitClass(c, b, params);
  if (fit || !points || !hint || (b.maxWeight !== null && !leq(c.weight, b.maxWeight))) return fit;
  if (isMailer(b)) return fitMailerViaFrontier(c, b, params, points, hint.orientation);
  const placed = fitViaFrontier(c, b, params, points, hint.orientation);
  return placed ? { placements: placed, load: null } : null;
}

/**
 * What a class in a package costs under the objective, and its volume V (the tie-break): a box's
 * inner volume or blank area; a filled mailer's V, or 0 corrugate; under `cost`, the shipment's
 * total cost. Infinity, under any objective: the rate card cannot ship it.
 */
function packageObjective(c: ShipmentClass, pkg: PackageCost, box: Box, thickness: number, params: Params, objective: Objective, model: CostModel): [number, number] {
  const V = packageVolume(pkg, thickness);
  if (objective === 'cost') return [computeShipmentCostTotal(pkg, c.weight, c.itemVolume, thickness, model), V];
  // Under any objective, a billable weight beyond the rate card's last row ships in no package.
  if (model.rates !== null && !(computeShipmentCostTotal(pkg, c.weight, c.itemVolume, thickness, model) < Infinity)) return [Infinity, V];
  if (objective === 'volume') return [V, V];
  return [isMailer(box) ? 0 : computeBlankArea(box.length, box.width, box.height, params.glue_flap), V];
}

/** Assign every class to the cheapest fitting package of the suite. */
export function assignClasses(
  classes: readonly ShipmentClass[],
  boxes: readonly Box[],
  params: Params,
  objective: Objective,
  hint?: FrontierHint,
): Assignment {
  const box = new Int32Array(classes.length).fill(-1);
  const placements = new Map<number, PackedUnit[]>();
  const loads = new Map<number, [number, number, number]>();
  if (objective !== 'cost' && !boxes.some(isMailer) && params.rates === null) {
    // A box's objective does not depend on the shipment: the first fit in cost order is the cheapest.
    const order = orderByCost(boxes, objective, params.glue_flap);
    classes.forEach((c, ci) => {
      const points = hint && c.units > 1 ? hint.frontier(ci) : null;
      for (const bi of order) {
        const fit = fitClassWithHint(c, boxes[bi]!, params, points, hint);
        if (fit) {
          box[ci] = bi;
          if (fit.placements) placements.set(ci, fit.placements);
          return;
        }
      }
    });
    return { box, placements, loads };
  }
  const model = costModelOf(params);
  const pkgs = boxes.map((b) => computePackageCost(b, params));
  classes.forEach((c, ci) => {
    const points = hint && c.units > 1 ? hint.frontier(ci) : null;
    // Boxes' figures need no fit: visit them cheapest first, so only the best one is packed.
    const keyed = boxes.map((b, bi) => (isMailer(b) ? null : packageObjective(c, pkgs[bi]!, b, 0, params, objective, model)));
    const order = boxes.map((_, bi) => bi).filter((bi) => keyed[bi] !== null && keyed[bi]![0] < Infinity);
    order.sort((i, j) => keyed[i]![0] - keyed[j]![0] || keyed[i]![1] - keyed[j]![1] || i - j);
    let best = -1;
    let bestKey: [number, number] = [Infinity, Infinity];
    let bestFit: ClassFit | null = null;
    for (const bi of order) {
      const fit = fitClassWithHint(c, boxes[bi]!, params, points, hint);
      if (fit) {
        [best, bestKey, bestFit] = [bi, keyed[bi]!, fit];
        break;
      }
    }
    boxes.forEach((b, bi) => {
      if (!isMailer(b)) return;
      const fit = fitClassWithHint(c, b, params, points, hint);
      if (!fit) return;
      const key = packageObjective(c, pkgs[bi]!, b, fit.load![2], params, objective, model);
      if (!(key[0] < Infinity)) return;
      const better = key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && bi < best)));
      if (best < 0 || better) [best, bestKey, bestFit] = [bi, key, fit];
    });
    if (best < 0) return;
    box[ci] = best;
    if (bestFit!.placements) placements.set(ci, bestFit!.placements);
    if (bestFit!.load) loads.set(ci, bestFit!.load);
  });
  return { box, placements, loads };
}
