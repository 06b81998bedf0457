// Why a shipment shape fits no package of a suite (SPEC §12 unfit.csv), and which package came
// nearest. Pure: it reruns the fit test of fit.ts without weight limits, and measures growth.
import { fitClass } from './fit.js';
import { computeBoxVolume, fitsItem, leq, sortDims } from './geometry.js';
import type { Params } from './params.js';
import type { ItemLine, ShipmentClass } from './shipments.js';
import { fitItemInMailer } from './mailer.js';
import { isMailer, type Box } from './suite.js';

/**
 * `too_large`: no package is large enough by volume and by every item; `too_heavy`: it fits some
 * package but is heavier than every one it fits; `no_packing_found`: some package is large enough
 * by volume and by every item, yet the packer found no packing in any.
 */
export type UnfitReason = 'too_large' | 'too_heavy' | 'no_packing_found';

export interface UnfitExplanation {
  reason: UnfitReason;
  /**
   * Index in the suite of the nearest package, −1 for an empty suite: the smallest one the shape
   * fits but for weight (too_heavy), the smallest one large enough (no_packing_found), else the one
   * that needs the least growth in volume (too_large).
   */
  nearest: number;
}

/** Box indices from smallest to largest inner volume, file order on ties. */
function bySize(boxes: readonly Box[]): number[] {
  const vol = boxes.map((b) => computeBoxVolume(b.length, b.width, b.height));
  return boxes.map((_, i) => i).sort((i, j) => vol[i]! - vol[j]! || i - j);
}

/** Large enough by volume and by every item (each unit alone fits; in a mailer, by its load rule). */
function isLargeEnough(c: ShipmentClass, box: Box, params: Params): boolean {
  const dims = [box.length, box.width, box.height] as const;
  if (isMailer(box)) {
    // The most a mailer holds is its box at the thickest load: (L − T)(W − T)T at most L·W·T.
    if (!leq(c.itemVolume, box.length * box.width * box.height)) return false;
    return c.lines.every((ln) => fitItemInMailer(ln.l, ln.w, ln.h, [...dims], params.clearance, ln.upright, ln.compress) !== null);
  }
  if (!leq(c.itemVolume, computeBoxVolume(box.length, box.width, box.height))) return false;
  return c.lines.every((ln) => fitsItem(ln.l, ln.w, ln.h, dims, params.clearance, ln.upright, ln.compress));
}

/**
 * Volume a box must gain to be large enough: each sorted side grown to the largest matching sorted
 * side of a unit (plus clearance), then the volume raised to the item volume. Upright units count
 * as free here: the growth ranks packages, the reason does not depend on it.
 */
export function computeGrowth(c: ShipmentClass, box: Box, clearance: number): number {
  const need = [0, 0, 0];
  for (const ln of c.lines) {
    const [a, b, cc] = sortDims(ln.l, ln.w, ln.h);
    const unit = sortDims(a * (1 - ln.compress) + clearance, b + clearance, cc + clearance);
    for (let k = 0; k < 3; k++) need[k] = Math.max(need[k]!, unit[k]!);
  }
  const have = sortDims(box.length, box.width, box.height);
  const grown = Math.max(have[0], need[0]!) * Math.max(have[1], need[1]!) * Math.max(have[2], need[2]!);
  const V = computeBoxVolume(box.length, box.width, box.height);
  return Math.max(grown, c.itemVolume) - V;
}

/** Why a shape that fits no package of `boxes` fits none, and the nearest package. */
export function explainUnfit(c: ShipmentClass, boxes: readonly Box[], params: Params): UnfitExplanation {
  const order = bySize(boxes);
  const heavy = order.find((bi) => fitClass(c, { ...boxes[bi]!, maxWeight: null }, params) !== null);
  if (heavy !== undefined) return { reason: 'too_heavy', nearest: heavy };
  const roomy = order.find((bi) => isLargeEnough(c, boxes[bi]!, params));
  if (roomy !== undefined) return { reason: 'no_packing_found', nearest: roomy };
  let nearest = -1;
  let least = Infinity;
  for (const bi of order) {
    const growth = computeGrowth(c, boxes[bi]!, params.clearance);
    if (growth < least) {
      least = growth;
      nearest = bi;
    }
  }
  return { reason: 'too_large', nearest };
}

/** The unit of largest volume (the first such line): the dims unfit.csv shows for a shape. */
export function findLargestUnit(c: ShipmentClass): ItemLine {
  let best = c.lines[0]!;
  for (const ln of c.lines) if (ln.l * ln.w * ln.h > best.l * best.w * best.h) best = ln;
  return best;
}
