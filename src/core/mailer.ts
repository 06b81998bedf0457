// Mailers and poly bags (SPEC §9): a flat envelope of inner size L × W (L ≥ W) that takes loads up
// to T thick. A load of extents a ≤ b ≤ c fits when a ≤ T, c + a ≤ L and b + a ≤ W: the envelope
// wraps around the load's thickness. Unit-agnostic: every length is in the caller's length unit.
import { EPS, leq, type Dims } from './geometry.js';
import { packShipment, type PackedUnit, type PackOptions, type PackUnitSpec } from './packer/index.js';
import { compressedDims } from './packer/problem.js';

/** A mailer's flat inner size sorted: [L, W] with L ≥ W. */
export function mailerFlatSize(length: number, width: number): [number, number] {
  return length >= width ? [length, width] : [width, length];
}

/** 2·L·W (length²): the film or paper of a mailer, both faces. */
export function computeMailerArea(L: number, W: number): number {
  return 2 * L * W;
}

/** The box a filled mailer counts as (SPEC §9): (L − a) × (W − a) × a for a load a thick. */
export function computeFilledMailerDims(L: number, W: number, thickness: number): [number, number, number] {
  return [L - thickness, W - thickness, thickness];
}

/** Volume (length³) of the filled-mailer box, the basis of its air and dimensional weight. */
export function computeFilledMailerVolume(L: number, W: number, thickness: number): number {
  return (L - thickness) * (W - thickness) * thickness;
}

/**
 * Does a load fit a mailer with inner dims `mailer` ([length, width, height]: flat size and T)?
 * `load` is [c, b, a] with its thickness a last and c ≥ b: the rule is a ≤ T, c + a ≤ L, b + a ≤ W.
 * For a free load a is its smallest extent, which is the best choice of thickness: any other
 * thickness that fits implies this one does.
 */
export function mailerFitsLoad(load: Dims, mailer: Dims): boolean {
  const [L, W] = mailerFlatSize(mailer[0], mailer[1]);
  const [c, b, a] = load;
  return leq(a, mailer[2]) && leq(c + a, L) && leq(b + a, W);
}

/**
 * The load of one item (dims as given): [c, b, a], thickness last, each extent plus `clearance`,
 * the smallest side shrunk by its `compress` share (as for boxes, geometry.fitsItem). A free item
 * lies on its largest face. An upright item stays standing: a mailer travels flat, so its own
 * height is the load's thickness and only its footprint turns.
 */
export function computeItemLoad(
  l: number,
  w: number,
  h: number,
  clearance = 0,
  upright = false,
  compress = 0,
): [number, number, number] {
  const [pl, pw, ph] = compressedDims({ l, w, h, qty: 1, upright, compress });
  if (upright) {
    const [fa, fb] = pl <= pw ? [pl, pw] : [pw, pl];
    return [fb + clearance, fa + clearance, ph + clearance];
  }
  const s = [pl, pw, ph].sort((x, y) => x - y);
  return [s[2]! + clearance, s[1]! + clearance, s[0]! + clearance];
}

/** A mailer fit: the load's extents [c, b, a] (thickness a last) and, for several units, the placements proving it. */
export interface MailerFit {
  load: [number, number, number];
  /** Units placed inside the load box [c, b, a] (minus clearance, as in a box); null for a single item. */
  placements: PackedUnit[] | null;
}

/** One item in a mailer: its load when it fits, else null. */
export function fitItemInMailer(
  l: number,
  w: number,
  h: number,
  mailer: Dims,
  clearance = 0,
  upright = false,
  compress = 0,
): MailerFit | null {
  const load = computeItemLoad(l, w, h, clearance, upright, compress);
  return mailerFitsLoad(load, mailer) ? { load, placements: null } : null;
}

// --- the search's view: mailers as points that dominate their loads ---

/** A mailer's search coordinates [T, W, L]: thickness, then the flat size ascending. */
export function mailerCoords(mailer: Dims): [number, number, number] {
  const [L, W] = mailerFlatSize(mailer[0], mailer[1]);
  return [mailer[2], W, L];
}

/**
 * The smallest mailer, in coordinates [T, W, L], that takes any load fitting the box `box` in the
 * search's canonical coordinates: [a, b + a, c + a] for a free box a ≤ b ≤ c (the load lies on its
 * largest face), [H, a + H, b + H] for an upright box [a, b, H] (H, vertical, is the thickness). A
 * mailer fits every such load iff its coordinates dominate this point, so box fit frontiers turn
 * into mailer fit frontiers point by point.
 */
export function mailerCoordsOfBox(box: Dims, orientation: 'free' | 'upright'): [number, number, number] {
  if (orientation === 'free') {
    const [a, b, c] = [...box].sort((x, y) => x - y) as [number, number, number];
    return [a, b + a, c + a];
  }
  const [a, b] = box[0] <= box[1] ? [box[0], box[1]] : [box[1], box[0]];
  return [box[2], a + box[2], b + box[2]];
}

/**
 * Several units in a mailer through a box the packer is known to fill (a fit-frontier point, in
 * the box's own axes, H vertical): pack that box and take its packing as the load. Null when the
 * packer finds no packing there or the load does not fit the mailer.
 */
export function packMailerViaBox(specs: readonly PackUnitSpec[], box: Dims, mailer: Dims, opts: PackOptions): MailerFit | null {
  const placed = packShipment(specs, box, opts);
  if (placed === null) return null;
  const fit = toLoad(placed, opts.clearance, specs.some((s) => s.upright));
  return mailerFitsLoad(fit.load, mailer) ? fit : null;
}

/**
 * A shipment (its item lines) in a mailer: one unit by its own load (no placements), several by
 * packMailer (placements prove the fit). Null when it does not fit.
 */
export function fitShipmentInMailer(specs: readonly PackUnitSpec[], mailer: Dims, opts: PackOptions): MailerFit | null {
  const lines = specs.filter((s) => s.qty > 0);
  const only = lines[0];
  if (only && lines.length === 1 && only.qty === 1) {
    return fitItemInMailer(only.l, only.w, only.h, mailer, opts.clearance, only.upright, only.compress);
  }
  return packMailer(specs, mailer, opts);
}

/** Most packer calls one multi-item mailer fit may spend, one per trial thickness. */
export const MAILER_PACK_TRIES = 24;
/** Most trial thicknesses generated. */
const MAX_THICKNESSES = 256;

/**
 * Pack several units into a mailer. Thicknesses t are tried from the thinnest: the units are
 * packed into the box (L − t) × (W − t) × t (t vertical, so upright units stand), and the load is
 * the packing's bounding box plus clearance. Any such load fits the mailer (its extents are within
 * L − t, W − t and t); the rule is still checked on the actual extents, and the placements are
 * returned turned into the load's axes [c, b, a], so every fit claimed is proven. Trial
 * thicknesses are sums of unit sides (the heights a stack of units can reach) plus clearance, up
 * to T; at most `tries` of them reach the packer. May miss fits; never claims one that does not exist.
 */
export function packMailer(
  specs: readonly PackUnitSpec[],
  mailer: Dims,
  opts: PackOptions,
  tries = MAILER_PACK_TRIES,
): MailerFit | null {
  const [L, W] = mailerFlatSize(mailer[0], mailer[1]);
  const T = mailer[2];
  const cl = opts.clearance;
  const upright = specs.some((s) => s.upright);
  const sides: number[] = [];
  let floor = 0; // no trial thinner than the thickest unit's thinnest way to lie
  let volume = 0;
  let units = 0;
  for (const s of specs) {
    if (s.qty <= 0) continue;
    const own = computeItemLoad(s.l, s.w, s.h, cl, s.upright, s.compress);
    if (!mailerFitsLoad(own, mailer)) return null; // a unit that fits alone is necessary
    floor = Math.max(floor, own[2] - cl);
    const d = compressedDims(s);
    if (s.upright) sides.push(d[2]);
    else sides.push(...d);
    volume += s.qty * d[0] * d[1] * d[2];
    units += s.qty;
  }
  if (units === 0) return null;

  let left = tries;
  for (const stack of stackHeights(sides, units, T - cl, floor)) {
    const t = stack + cl;
    const room = [L - t, W - t, t] as const;
    const usable = (room[0] - cl) * (room[1] - cl) * stack;
    // The packer's own volume bound would refuse these too; this spares building its problem.
    if (!(room[1] - cl > 0) || usable < volume * (1 - EPS)) continue;
    if (left-- <= 0) break;
    const placed = packShipment(specs, room, opts);
    if (placed === null) continue;
    const fit = toLoad(placed, cl, upright);
    if (mailerFitsLoad(fit.load, mailer)) return fit;
  }
  return null;
}

/**
 * Heights a stack of units can reach: sums of at most `units` sides, from `floor` to `max`
 * ascending, the smallest MAX_THICKNESSES of them. (A superset of the real ones: a unit may be
 * counted twice, which only costs a wasted trial.)
 */
function stackHeights(sides: readonly number[], units: number, max: number, floor: number): number[] {
  const tol = EPS * Math.max(1, max);
  const distinct = [...new Set(sides)].filter((d) => d > 0 && d <= max + tol).sort((x, y) => x - y);
  let found = [0];
  let frontier = [0];
  for (let k = 0; k < units && frontier.length > 0; k++) {
    const next: number[] = [];
    for (const s of frontier) for (const d of distinct) if (s + d <= max + tol) next.push(s + d);
    const merged = dedupe([...found, ...next], tol).slice(0, MAX_THICKNESSES);
    const known = new Set(found);
    frontier = merged.filter((s) => !known.has(s));
    found = merged;
  }
  return found.filter((s) => s > 0 && s >= floor - tol);
}

/** Sorted ascending, values within `tol` of the previous kept one dropped. */
function dedupe(values: number[], tol: number): number[] {
  values.sort((x, y) => x - y);
  const out: number[] = [];
  for (const v of values) if (out.length === 0 || v - out[out.length - 1]! > tol) out.push(v);
  return out;
}

/**
 * The load of a packing: its bounding box plus clearance, thickness last (an upright load's is
 * its vertical extent; a free load's its smallest), and the placements turned into those axes.
 */
function toLoad(placed: readonly PackedUnit[], clearance: number, upright: boolean): MailerFit {
  const ext = [0, 0, 0];
  for (const u of placed) {
    ext[0] = Math.max(ext[0]!, u.x + u.l);
    ext[1] = Math.max(ext[1]!, u.y + u.w);
    ext[2] = Math.max(ext[2]!, u.z + u.h);
  }
  // axes[i]: the packing axis that becomes load axis i ([c, b, a]).
  const axes = upright
    ? (ext[0]! >= ext[1]! ? [0, 1, 2] : [1, 0, 2])
    : [0, 1, 2].sort((i, j) => ext[j]! - ext[i]! || i - j);
  const load = axes.map((i) => ext[i]! + clearance) as [number, number, number];
  const placements = placed.map((u) => {
    const pos = [u.x, u.y, u.z];
    const len = [u.l, u.w, u.h];
    return {
      line: u.line,
      x: pos[axes[0]!]!, y: pos[axes[1]!]!, z: pos[axes[2]!]!,
      l: len[axes[0]!]!, w: len[axes[1]!]!, h: len[axes[2]!]!,
    };
  });
  return { load, placements };
}
