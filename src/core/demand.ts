// Shipment classes → the search's demand classes: for each shape, the minimal boxes it fits, in the
// canonical coordinates of the search. Single items give their padded dims (continuous; the search
// rounds them to each grid); multi-item shapes give the packer's fit frontier on the finest grid.
import { computeFitFrontier, type FitFrontier, type FrontierGrid, type PackOptions } from './packer/index.js';
import { packSpecsOf } from './fit.js';
import type { Params } from './params.js';
import type { ShipmentClass } from './shipments.js';
import { DemandTableBuilder, type DemandTable, type Orientation } from './search/index.js';

/** 'upright' when some item must stay upright: then a box's height is not interchangeable. */
export function chooseOrientation(classes: readonly ShipmentClass[]): Orientation {
  return classes.some((c) => c.lines.some((ln) => ln.upright)) ? 'upright' : 'free';
}

/** The values a box side may take on a grid with step `step`, from `step` up to `max`. */
export function gridValues(step: number, max: number): number[] {
  const n = Math.floor(max / step + 1e-9);
  return Array.from({ length: n }, (_, i) => Number(((i + 1) * step).toPrecision(12)));
}

/** A single item's minimal boxes in canonical coordinates (one per way it may stand). */
export function singleItemFrontier(c: ShipmentClass, orientation: Orientation, clearance: number): number[][] {
  const ln = c.lines[0]!;
  const dims = [ln.l, ln.w, ln.h];
  // Compression shrinks the smallest side, wherever it stands.
  const smallest = dims.indexOf(Math.min(...dims));
  dims[smallest] = dims[smallest]! * (1 - ln.compress);
  const pad = dims.map((d) => d + clearance);
  if (orientation === 'free') return [pad.sort((x, y) => x - y)];
  const stand = (h: number): number[] => {
    const [p, q] = pad.filter((_, i) => i !== h) as [number, number];
    return p <= q ? [p, q, pad[h]!] : [q, p, pad[h]!];
  };
  if (ln.upright) return [stand(2)];
  return [stand(0), stand(1), stand(2)];
}

export interface DemandOptions {
  params: Params;
  orientation: Orientation;
  packOptions: PackOptions;
}

/**
 * The grid and packer options multi-item fit frontiers are walked with: every box of the finest
 * grid up to max_box, in canonical coordinates, and a cheaper packer effort than evaluation's.
 */
export function frontierRequest(options: DemandOptions): { grid: FrontierGrid; coarseGrid: FrontierGrid; packOptions: PackOptions } {
  const { params, orientation } = options;
  const [L, W, H] = params.max_box;
  const maxBox = orientation === 'free' ? [L, W, H].sort((x, y) => x - y) : [Math.min(L, W), Math.max(L, W), H];
  const valuesOf = (step: number) => maxBox.map((m) => gridValues(step, m)) as [number[], number[], number[]];
  const finest = valuesOf(params.steps[params.steps.length - 1]!);
  const coarsest = valuesOf(params.steps[0]!);
  // A frontier walk packs tens of boxes per shipment, most of them too small: fewer orderings and
  // one box turn keep it affordable, at the price of a slightly conservative frontier (never a false fit).
  const packOptions = { ...options.packOptions, orderings: Math.min(options.packOptions.orderings, params.frontier_orderings), turns: 1 };
  const maxPoints = params.frontier_max_points;
  return {
    grid: { values: finest, orientation, maxPoints },
    coarseGrid: { values: coarsest, orientation, maxPoints, ...(params.steps.length > 1 ? { fine: finest } : {}) },
    packOptions,
  };
}

/**
 * Which grid a multi-item shape's frontier is walked on: 0 the finest, 1 the coarsest (its points
 * then tightened on the finest). Rare shapes weigh little in the objective, and multi-item shapes
 * rarely repeat, so most walks are of shapes shipped once: the coarse walk and the tightening cost
 * them about half the packer calls of a fine walk. The points may be less tight than a fine walk's
 * (a fine point between two coarse ones can be missed), never wrong.
 */
export function frontierGridIndex(c: ShipmentClass, params: Params): 0 | 1 {
  return c.count <= params.frontier_coarse_max_count ? 1 : 0;
}

/**
 * Demand classes for the classes in scope (the rest are left out), as a table. Returns the demand
 * and, per demand class, the index of the shipment class it stands for. Multi-item frontiers come
 * from `frontiers` where given (computed elsewhere, e.g. in worker threads), else are walked here.
 * `proven(ci)`, where given, is a box (canonical) a multi-item class is known to fit: it joins the
 * frontier unless a point already lies within it.
 */
export function buildDemand(
  classes: readonly ShipmentClass[],
  inScope: (ci: number) => boolean,
  options: DemandOptions,
  frontiers?: ReadonlyMap<number, FitFrontier>,
  proven?: (ci: number) => readonly number[] | null,
): { demand: DemandTable; source: Int32Array } {
  const { params, orientation } = options;
  const request = frontierRequest(options);
  const demand = new DemandTableBuilder();
  const source = new Int32Array(classes.length);
  classes.forEach((c, ci) => {
    if (!inScope(ci) || c.count <= 0) return;
    let frontier: number[][];
    if (c.units === 1) {
      frontier = singleItemFrontier(c, orientation, params.clearance);
    } else {
      const grid = frontierGridIndex(c, params) === 1 ? request.coarseGrid : request.grid;
      const f = frontiers?.get(ci) ?? computeFitFrontier(packSpecsOf(c), grid, request.packOptions);
      frontier = [];
      for (let i = 0; i + 2 < f.points.length; i += 3) frontier.push([f.points[i]!, f.points[i + 1]!, f.points[i + 2]!]);
      const box = proven?.(ci);
      if (box && !frontier.some((e) => e.every((v, x) => v <= box[x]! + 1e-9))) frontier.push([...box]);
    }
    source[demand.n] = ci;
    demand.add(c.count, c.weight, c.itemVolume, frontier);
  });
  return { demand: demand.finish(), source: source.slice(0, demand.n) };
}

/**
 * The objective if every shipment had a box of its own on the grid (K unlimited): no suite of K
 * boxes does better, so it bounds what any suite can save. `costOf` takes canonical dims.
 */
export function computePerfectFitObjective(
  demand: DemandTable,
  step: number,
  costOf: (a: number, b: number, c: number) => number,
): number {
  const up = (x: number) => Math.ceil(x / step - 1e-9) * step;
  const { start, points } = demand;
  let total = 0;
  for (let j = 0; j < demand.n; j++) {
    let best = Infinity;
    for (let e = start[j]!; e < start[j + 1]!; e++) best = Math.min(best, costOf(up(points[3 * e]!), up(points[3 * e + 1]!), up(points[3 * e + 2]!)));
    if (best < Infinity) total += demand.weight[j]! * best;
  }
  return total;
}
