// Multi-item packer: does a shipment fit a box, with placements that prove it? Strategies run
// cheapest first: bounds that prove a misfit, stacking flat goods into columns, the extreme-point
// heuristic under several orderings and merit rules, then an exact search for small orders.
import { provablyInfeasible } from './bounds.js';
import { packColumns } from './columns.js';
import { packExact } from './exact.js';
import { fillGuillotine } from './guillotine.js';
import { MERITS, Merit, packExtremePoints, scratchPointSet } from './extreme-points.js';
import { scratchLayout, type Layout } from './layout.js';
import { MAX_ORI, buildProblem, groupLines, type PackProblem } from './problem.js';
import type { PackOptions, PackUnitSpec, PackedUnit } from './types.js';


/** Largest order scored by the contact merit rule. */
const CONTACT_MAX_UNITS = 40;

/** Box axes permuted so that each usable axis takes a turn as the vertical (z) one. */
const FRAMES: ReadonlyArray<readonly [number, number, number]> = [[0, 1, 2], [2, 0, 1], [1, 2, 0]];

// Orderings of unit types, best first on typical orders; identical units always stay adjacent.
type Key = (p: PackProblem, t: number) => number[];
const ORDERINGS: readonly Key[] = [
  (p, t) => [p.volume[t]!, p.sorted[t * 3 + 2]!],
  (p, t) => [p.sorted[t * 3 + 2]!, p.sorted[t * 3 + 1]!, p.sorted[t * 3]!],
  (p, t) => [p.sorted[t * 3 + 2]! * p.sorted[t * 3 + 1]!, p.volume[t]!],
  (p, t) => [p.sorted[t * 3]!, p.volume[t]!],
  (p, t) => [p.sorted[t * 3 + 1]!, p.sorted[t * 3 + 2]!],
  (p, t) => [p.sorted[t * 3] ! * p.sorted[t * 3 + 1]! + p.sorted[t * 3]! * p.sorted[t * 3 + 2]! + p.sorted[t * 3 + 1]! * p.sorted[t * 3 + 2]!],
];

function unitOrder(p: PackProblem, key: Key): Int32Array {
  const keys = Array.from({ length: p.typeCount }, (_, t) => key(p, t));
  const types = Array.from({ length: p.typeCount }, (_, t) => t).sort((s, t) => {
    const ks = keys[s]!, kt = keys[t]!;
    for (let i = 0; i < ks.length; i++) if (ks[i] !== kt[i]) return kt[i]! - ks[i]!;
    return s - t;
  });
  const order = new Int32Array(p.n);
  let k = 0;
  for (const t of types) for (let q = 0; q < p.typeQty[t]!; q++) order[k++] = t;
  return order;
}

/** Last line of defence: the layout lies in the box, has no overlaps and holds every unit. */
function isSound(p: PackProblem, lay: Layout): boolean {
  if (lay.count !== p.n) return false;
  const seen = new Int32Array(p.typeCount);
  for (let i = 0; i < lay.count; i++) {
    seen[lay.type[i]!]!++;
    const x = lay.x[i]!, y = lay.y[i]!, z = lay.z[i]!;
    if (x < -p.tol || y < -p.tol || z < -p.tol) return false;
    if (x + lay.l[i]! > p.L + p.tol || y + lay.w[i]! > p.W + p.tol || z + lay.h[i]! > p.H + p.tol) return false;
    for (let j = 0; j < i; j++) {
      if (
        x < lay.x[j]! + lay.l[j]! - p.tol && lay.x[j]! < x + lay.l[i]! - p.tol &&
        y < lay.y[j]! + lay.w[j]! - p.tol && lay.y[j]! < y + lay.w[i]! - p.tol &&
        z < lay.z[j]! + lay.h[j]! - p.tol && lay.z[j]! < z + lay.h[i]! - p.tol
      ) return false;
    }
  }
  return seen.every((c, t) => c === p.typeQty[t]);
}

/** Turn a layout found in a permuted frame back into placements in the box's own axes. */
function toPlacements(p: PackProblem, lay: Layout, frame: readonly [number, number, number]): PackedUnit[] {
  const next = p.lines.map(() => 0);
  const used = p.lines.map(() => 0);
  const out: PackedUnit[] = [];
  for (let i = 0; i < lay.count; i++) {
    const t = lay.type[i]!;
    const lines = p.lines[t]!;
    // Identical units are interchangeable: hand them out line by line.
    while (used[t]! >= lines[next[t]!]![1]) {
      next[t]!++;
      used[t] = 0;
    }
    used[t]!++;
    const pos = [0, 0, 0];
    const ext = [0, 0, 0];
    pos[frame[0]] = lay.x[i]!;
    pos[frame[1]] = lay.y[i]!;
    pos[frame[2]] = lay.z[i]!;
    ext[frame[0]] = lay.l[i]!;
    ext[frame[1]] = lay.w[i]!;
    ext[frame[2]] = lay.h[i]!;
    out.push({ line: lines[next[t]!]![0], x: pos[0]!, y: pos[1]!, z: pos[2]!, l: ext[0]!, w: ext[1]!, h: ext[2]! });
  }
  return out;
}

/**
 * Pack all units into a box with inner dims [L, W, H] (H vertical), in the caller's length unit.
 * Returns placements proving the fit, or null. Never claims a fit that does not exist; it may miss
 * hard fits. The usable box is the inner box minus `clearance` along each axis, as the single-item
 * rule "item dims + clearance <= box dims". An empty shipment fits with no placements.
 */
export function packShipment(specs: readonly PackUnitSpec[], box: readonly [number, number, number], opts: PackOptions): PackedUnit[] | null {
  return packPrepared(prepareShipment(specs), box, opts);
}

/**
 * A fit test for one shipment and many boxes (a frontier walk): packShipment(specs, box, opts)
 * !== null, with the shipment's unit types and unit orders worked out once instead of per box.
 */
export function shipmentFitTest(specs: readonly PackUnitSpec[], opts: PackOptions): (box: readonly [number, number, number]) => boolean {
  const prepared = prepareShipment(specs);
  const sorted: [number, number, number] = [0, 0, 0];
  let units = 0;
  for (const g of prepared.groups) for (const line of g.lines) units += line[1];
  // Two units: the exact search settles every box (see twoUnitsFit), so its answer is known in closed form.
  const pair = units === 2 && opts.exactUnits >= 2 && opts.exactNodes >= TWO_UNIT_NODES;
  return (box) => {
    // The canonical turn packPrepared packs in, without its placements (only the answer is wanted).
    let a = box[0], b = box[1], c = box[2];
    if (prepared.upright) {
      if (a > b) [a, b] = [b, a];
    } else {
      if (a > b) [a, b] = [b, a];
      if (b > c) [b, c] = [c, b];
      if (a > b) [a, b] = [b, a];
    }
    sorted[0] = a; sorted[1] = b; sorted[2] = c;
    if (pair) return twoUnitsFit(prepared, sorted, opts);
    return packCanonical(prepared, sorted, opts, false) !== null;
  };
}

/** Most nodes packExact tries for two units: 6 turns of the first, 3 extreme points × 6 turns of the second for each. */
const TWO_UNIT_NODES = MAX_ORI + MAX_ORI * 3 * MAX_ORI;

/**
 * packCanonical(prepared, box, opts) !== null for a shipment of two units, when the exact search
 * runs for them within its budget (TWO_UNIT_NODES). Two boxes that do not overlap are apart along
 * some axis, so two units fit iff, in some pair of allowed turns, their extents add up within the
 * box along one axis (each within it along the others). The exact search tries exactly those
 * packings (the first unit at the corner in every turn, the second at each of the three extreme
 * points it leaves, in every turn), so it finds one iff this holds, and no strategy tried before
 * it can find one otherwise (every layout they return is checked to lie in the box, without overlaps).
 */
function twoUnitsFit(prepared: PreparedShipment, box: readonly [number, number, number], opts: PackOptions): boolean {
  const L = box[0] - opts.clearance, W = box[1] - opts.clearance, H = box[2] - opts.clearance;
  if (!(L > 0 && W > 0 && H > 0)) return false;
  const p = buildProblem(prepared.groups, L, W, H, SLOT_BOX);
  if (p === null) return false;
  const t1 = 0, t2 = p.typeCount === 1 ? 0 : 1;
  const tol = p.tol;
  for (let o1 = 0; o1 < p.oriCount[t1]!; o1++) {
    const b1 = (t1 * MAX_ORI + o1) * 3;
    for (let o2 = 0; o2 < p.oriCount[t2]!; o2++) {
      const b2 = (t2 * MAX_ORI + o2) * 3;
      if (p.ori[b1]! + p.ori[b2]! <= L + tol || p.ori[b1 + 1]! + p.ori[b2 + 1]! <= W + tol || p.ori[b1 + 2]! + p.ori[b2 + 2]! <= H + tol) return true;
    }
  }
  return false;
}

/** What packing a shipment needs whatever the box: its unit types, and unit orders once computed. */
interface PreparedShipment {
  groups: ReturnType<typeof groupLines>;
  upright: boolean;
  /** unitOrder per ORDERINGS entry: it depends on the types' sorted dims, volumes and counts only. */
  orders: Array<Int32Array | undefined>;
}

function prepareShipment(specs: readonly PackUnitSpec[]): PreparedShipment {
  return { groups: groupLines(specs), upright: specs.some((s) => s.upright), orders: [] };
}

function packPrepared(prepared: PreparedShipment, box: readonly [number, number, number], opts: PackOptions): PackedUnit[] | null {
  // The heuristics depend on how the box is turned. Packing it always in its canonical turn (sides
  // ascending; with upright items, footprint ascending and H kept vertical) makes the answer the
  // same for every turn of the box, and the same as the fit frontier's, which uses that turn too.
  const upright = prepared.upright;
  const axisOf = upright ? (box[0] <= box[1] ? [0, 1, 2] : [1, 0, 2]) : [0, 1, 2].sort((i, j) => box[i]! - box[j]! || i - j);
  if (axisOf[0] === 0 && axisOf[1] === 1) return packCanonical(prepared, box, opts);
  const placed = packCanonical(prepared, [box[axisOf[0]!]!, box[axisOf[1]!]!, box[axisOf[2]!]!], opts);
  if (placed === null) return null;
  return placed.map((u) => {
    const pos = [0, 0, 0];
    const ext = [0, 0, 0];
    pos[axisOf[0]!] = u.x; ext[axisOf[0]!] = u.l;
    pos[axisOf[1]!] = u.y; ext[axisOf[1]!] = u.w;
    pos[axisOf[2]!] = u.z; ext[axisOf[2]!] = u.h;
    return { line: u.line, x: pos[0]!, y: pos[1]!, z: pos[2]!, l: ext[0]!, w: ext[1]!, h: ext[2]! };
  });
}

// Scratch slots of buildProblem: the canonical box's problem, a turned frame's, and (in
// packColumns) the columns' floor plan.
const SLOT_BOX = 0;
const SLOT_FRAME = 1;

/** What packCanonical returns for a fit when no placements are wanted. */
const FITS: PackedUnit[] = [];

/** Pack in the canonical turn; with `place` false a fit returns FITS instead of its placements. */
function packCanonical(prepared: PreparedShipment, box: readonly [number, number, number], opts: PackOptions, place = true): PackedUnit[] | null {
  const groups = prepared.groups;
  if (groups.length === 0) return [];
  const usable = [box[0] - opts.clearance, box[1] - opts.clearance, box[2] - opts.clearance];
  if (usable.some((d) => !(d > 0))) return null;
  const p = buildProblem(groups, usable[0]!, usable[1]!, usable[2]!, SLOT_BOX);
  if (p === null || provablyInfeasible(p)) return null;
  const lay = scratchLayout(0, p.n);
  const identity = FRAMES[0]!;

  if (p.n === 1) {
    lay.push(0, 0, 0, 0, p.ori[0]!, p.ori[1]!, p.ori[2]!);
    return !place ? FITS : toPlacements(p, lay, identity);
  }

  // Upright units pin the vertical axis; otherwise every box axis may serve as the stacking one.
  const frames = groups.some((g) => g.upright) ? [identity] : FRAMES;
  for (const frame of frames) {
    const fp = frame === identity ? p : buildProblem(groups, usable[frame[0]]!, usable[frame[1]]!, usable[frame[2]]!, SLOT_FRAME);
    if (fp !== null && packColumns(fp, lay) && isSound(fp, lay)) return !place ? FITS : toPlacements(fp, lay, frame);
  }

  const pts = scratchPointSet(0);
  const orderings = Math.max(1, Math.min(opts.orderings, ORDERINGS.length));
  // Extreme points fill bottom-up, so which box axis is vertical matters; every turn is tried from
  // the canonical box, so the answer still does not depend on how the box was given.
  const turns = frames.slice(0, Math.max(1, opts.turns ?? 1));
  for (const frame of turns) {
    const fp = frame === identity ? p : buildProblem(groups, usable[frame[0]]!, usable[frame[1]]!, usable[frame[2]]!, SLOT_FRAME);
    if (fp === null) continue;
    for (let k = 0; k < orderings; k++) {
      const order = (prepared.orders[k] ??= unitOrder(fp, ORDERINGS[k]!));
      for (const merit of MERITS) {
        // Contact scoring costs a pass over the placed units per candidate: kept for modest orders.
        if (merit === Merit.Contact && fp.n > CONTACT_MAX_UNITS) continue;
        if (packExtremePoints(fp, order, merit, lay, pts) && isSound(fp, lay)) return !place ? FITS : toPlacements(fp, lay, frame);
      }
    }
  }

  // Zero slack (units' volume equals the box's) is rare in real orders but decides fast: the
  // guillotine recursion runs whatever the order's size, within the same node budget.
  const boxVolume = p.L * p.W * p.H;
  const perfect = Math.abs(boxVolume - p.totalVolume) <= 1e-9 * boxVolume;
  if (perfect && fillGuillotine(p, opts.exactNodes, lay) && isSound(p, lay)) return !place ? FITS : toPlacements(p, lay, identity);
  if (p.n <= opts.exactUnits && packExact(p, opts.exactNodes, lay) && isSound(p, lay)) return !place ? FITS : toPlacements(p, lay, identity);
  return null;
}
