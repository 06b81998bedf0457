// Coverage before the search (SPEC §6): which demand classes no box the search may choose can
// serve — too large for max_box, too heavy for new boxes, fitting no catalog box, or fitting no
// locked box when K leaves no other slot. Same fit notion as the search: a box serves a class
// when it dominates one of its frontier entries and its weight limit holds.
import type { DemandClass, Orientation } from './search/index.js';

const TOL = 1e-9;

export type CoverageReason = 'max_box' | 'new_box_max_weight' | 'catalog' | 'locked';

/** A box the search may keep or choose: canonical dims and its weight limit (null: none). */
export interface AllowedBox {
  dims: readonly number[];
  maxWeight: number | null;
}

export interface CoverageRules {
  orientation: Orientation;
  /** Finest grid step (null: catalog mode). */
  step: number | null;
  /** Largest box the grid may propose (canonical) and its smallest side. */
  maxBox: readonly number[];
  minSide: number;
  newBoxMaxWeight: number | null;
  locked: readonly AllowedBox[];
  catalog: readonly AllowedBox[] | null;
  /** K equals the number of locked boxes: nothing else may join. */
  lockedOnly: boolean;
}

const dominates = (box: readonly number[], e: readonly number[]): boolean =>
  e[0]! <= box[0]! * (1 + TOL) + TOL && e[1]! <= box[1]! * (1 + TOL) + TOL && e[2]! <= box[2]! * (1 + TOL) + TOL;

const carries = (limit: number | null, weight: number): boolean => limit === null || weight <= limit * (1 + TOL);

const serves = (b: AllowedBox, d: DemandClass): boolean => carries(b.maxWeight, d.shipWeight) && d.frontier.some((e) => dominates(b.dims, e));

/** Why no allowed box can serve class `d`, or null when one can. */
export function findCoverageGap(d: DemandClass, rules: CoverageRules): CoverageReason | null {
  if (rules.locked.some((b) => serves(b, d))) return null;
  if (rules.lockedOnly) return 'locked';
  if (rules.catalog) return rules.catalog.some((b) => serves(b, d)) ? null : 'catalog';
  const step = rules.step!;
  const up = (x: number) => Math.ceil(x / step - TOL) * step;
  const down = (x: number) => Math.floor(x / step + TOL) * step;
  const grid = rules.maxBox.map(down);
  const side = up(rules.minSide);
  const fitsGrid = d.frontier.some((raw) => {
    const e = raw.map((v) => Math.max(up(v), side));
    if (rules.orientation === 'free') e.sort((p, q) => p - q);
    return e.every((v, x) => v <= grid[x]! + TOL);
  });
  if (!fitsGrid) return 'max_box';
  return carries(rules.newBoxMaxWeight, d.shipWeight) ? null : 'new_box_max_weight';
}
