// One island of the suite search: a fast-interchange local search over suites of exactly K
// candidates (Whitaker's swap neighbourhood with Resende–Werneck's gain/loss/extra bookkeeping),
// perturbed variable-neighbourhood style and restarted from greedy or random start points.
// The island's state is plain numbers and typed arrays so a worker thread can own it: a parallel
// layer runs runEpoch() on islands anywhere and exchanges suites through offerSuite().
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { forEachServed, type SearchInstance } from './instance.js';

/** How an island searches; copied into its state so the state alone describes the island. */
export interface IslandSettings {
  /** Start points per island; the first is the given seed suite where there is one. */
  restarts: number;
  /** At most this many boxes are swapped at random to leave a local optimum. */
  perturbationMax: number;
  /** Perturbations without improving the restart's best before the island restarts. */
  stallLimit: number;
  /** The same for an island perturbing a suite it adopted from another island (see offerSuite). */
  exchangeStallLimit: number;
  /** Candidates sampled per swap scan (0: all). */
  neighbourhoodSize: number;
}

const PHASE_START = 0;
const PHASE_DESCEND = 1;
const PHASE_PERTURB = 2;

/** Structured-cloneable state of one island. Suites hold candidate indices, locked first. */
export interface IslandState {
  index: number;
  settings: IslandSettings;
  /** xoroshiro128plus state words. */
  rng: Int32Array;
  /** Suite a start point may reuse (e.g. the previous grid level's best); may hold fewer than K. */
  seed: Int32Array;
  phase: number;
  /** 1 while the current descent began at a start point rather than a perturbation. */
  fromStart: number;
  restart: number;
  stall: number;
  /** 1 while the island perturbs a suite it adopted (exchangeStallLimit applies), until it restarts. */
  adopted: number;
  current: Int32Array;
  /** Local optimum the current restart perturbs around. */
  center: Int32Array;
  centerObjective: number;
  best: Int32Array;
  bestObjective: number;
  /** Swaps applied so far (descent moves and perturbation swaps). */
  moves: number;
  done: boolean;
}

export interface EpochResult {
  bestSuite: Int32Array;
  bestObjective: number;
  done: boolean;
}

/** Create island `index`; islands of one seed draw from non-overlapping stretches of one stream. */
export function createIsland(
  inst: SearchInstance,
  index: number,
  seed: number,
  settings: IslandSettings,
  seedSuite: ArrayLike<number> = [],
): IslandState {
  const gen = xoroshiro128plus(seed | 0);
  for (let t = 0; t <= index; t++) gen.unsafeJump?.();
  const k = inst.k;
  return {
    index,
    settings: { ...settings },
    rng: Int32Array.from(gen.getState()),
    seed: Int32Array.from(seedSuite),
    phase: PHASE_START,
    fromStart: 1,
    restart: 0,
    stall: 0,
    adopted: 0,
    current: new Int32Array(k),
    center: new Int32Array(k),
    centerObjective: Infinity,
    best: new Int32Array(k),
    bestObjective: Infinity,
    moves: 0,
    done: false,
  };
}

/** Scratch arrays of the fast interchange; rebuilt from a suite whenever needed, never shared. */
interface Workspace {
  k: number;
  suite: Int32Array;
  slotOf: Int32Array;
  best1: Int32Array;
  best2: Int32Array;
  d1: Float64Array;
  d2: Float64Array;
  /** Saving from opening candidate i without closing anything. */
  gain: Float64Array;
  /** Cost increase from closing slot r without opening anything. */
  loss: Float64Array;
  /** extra[i·K + r]: correction to gain[i] − loss[r] for the classes that both moves touch. */
  extra: Float64Array;
  objective: number;
  /** Swaps since the last from-scratch recompute. */
  sinceRecompute: number;
  stamp: Int32Array;
  stampVal: number;
  affected: Int32Array;
  /** Affected classes' state before a swap (best boxes, their costs, the best box's slot), by position in `affected`. */
  oldB1: Int32Array;
  oldB2: Int32Array;
  oldR1: Int32Array;
  oldD1: Float64Array;
  oldD2: Float64Array;
  /** What load() computed for the suite `saved` (valid when savedObjective is finite); see loadSaved(). */
  saved: Int32Array;
  savedObjective: number;
  savedBest1: Int32Array | null;
  savedBest2: Int32Array | null;
  savedD1: Float64Array | null;
  savedD2: Float64Array | null;
  savedGain: Float64Array | null;
  savedLoss: Float64Array | null;
  savedExtra: Float64Array | null;
}

function createWorkspace(inst: SearchInstance): Workspace {
  const n = inst.nClasses;
  const m = inst.nCandidates;
  const k = inst.k;
  return {
    k,
    suite: new Int32Array(k),
    slotOf: new Int32Array(m).fill(-1),
    best1: new Int32Array(n),
    best2: new Int32Array(n),
    d1: new Float64Array(n),
    d2: new Float64Array(n),
    gain: new Float64Array(m),
    loss: new Float64Array(k),
    extra: new Float64Array(m * k),
    objective: 0,
    sinceRecompute: 0,
    stamp: new Int32Array(n),
    stampVal: 0,
    affected: new Int32Array(n),
    oldB1: new Int32Array(n),
    oldB2: new Int32Array(n),
    oldR1: new Int32Array(n),
    oldD1: new Float64Array(n),
    oldD2: new Float64Array(n),
    saved: new Int32Array(k),
    savedObjective: Infinity,
    savedBest1: null,
    savedBest2: null,
    savedD1: null,
    savedD2: null,
    savedGain: null,
    savedLoss: null,
    savedExtra: null,
  };
}

/** Class j's cheapest and second-cheapest open candidates (fit lists are in cost order). */
function assign(ws: Workspace, inst: SearchInstance, j: number): void {
  let b1 = -1;
  let b2 = -1;
  let p1 = -1;
  let p2 = -1;
  const end = inst.fitStart[j + 1]!;
  for (let p = inst.fitStart[j]!; p < end; p++) {
    const i = inst.fitCand[p]!;
    if (ws.slotOf[i]! >= 0) {
      if (b1 < 0) {
        b1 = i;
        p1 = p;
      } else {
        b2 = i;
        p2 = p;
        break;
      }
    }
  }
  const w = inst.classWeight[j]!;
  const fc = inst.fitCost;
  ws.best1[j] = b1;
  ws.best2[j] = b2;
  ws.d1[j] = b1 >= 0 ? w * (fc ? fc[p1]! : inst.candCost[b1]!) : inst.penalty;
  ws.d2[j] = b2 >= 0 ? w * (fc ? fc[p2]! : inst.candCost[b2]!) : inst.penalty;
}

/**
 * assign() after a swap that opened `opened` (−1: not ahead of j's second-best box) and closed
 * `closed`: the open boxes up to the old second-best are known, so the fit list is scanned only
 * past it, and only when one of the two best was closed and nothing cheaper replaced it.
 */
function reassign(ws: Workspace, inst: SearchInstance, j: number, opened: number, closed: number): void {
  // With pair costs the fit lists are not in index order: scan afresh.
  if (inst.fitCost) return assign(ws, inst, j);
  const old2 = ws.best2[j]!;
  let b1 = ws.best1[j]!;
  let b2 = old2;
  if (b1 === closed) {
    b1 = b2;
    b2 = -1;
  } else if (b2 === closed) b2 = -1;
  if (opened >= 0) {
    if (b1 < 0 || opened < b1) {
      b2 = b1;
      b1 = opened;
    } else if (b2 < 0 || opened < b2) b2 = opened;
  }
  if (old2 >= 0 && b2 < 0) {
    // Fit lists ascend by index: find the old second-best, then the next open boxes after it.
    let lo = inst.fitStart[j]!;
    let hi = inst.fitStart[j + 1]!;
    const end = hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (inst.fitCand[mid]! <= old2) lo = mid + 1;
      else hi = mid;
    }
    for (let p = lo; p < end; p++) {
      const c = inst.fitCand[p]!;
      if (ws.slotOf[c]! >= 0) {
        if (b1 < 0) b1 = c;
        else {
          b2 = c;
          break;
        }
      }
    }
  }
  const w = inst.classWeight[j]!;
  ws.best1[j] = b1;
  ws.best2[j] = b2;
  ws.d1[j] = b1 >= 0 ? w * inst.candCost[b1]! : inst.penalty;
  ws.d2[j] = b2 >= 0 ? w * inst.candCost[b2]! : inst.penalty;
}

/** Add (sign +1) or remove (−1) class j's share of gain, loss and extra. */
function contribute(ws: Workspace, inst: SearchInstance, j: number, sign: number): void {
  const b1 = ws.best1[j]!;
  const b2 = ws.best2[j]!;
  const d1 = ws.d1[j]!;
  const d2 = ws.d2[j]!;
  const w = inst.classWeight[j]!;
  const k = ws.k;
  const fitCand = inst.fitCand;
  // Cost of fit pair p: by candidate (candCost[i]) or, with pair costs, by position (fitCost[p]).
  const byPair = inst.fitCost !== null;
  const candCost = inst.fitCost ?? inst.candCost;
  const gain = ws.gain;
  const extra = ws.extra;
  const end = inst.fitStart[j + 1]!;
  let p = inst.fitStart[j]!;
  if (b1 < 0) {
    // Unserved: every candidate that fits would serve it.
    for (; p < end; p++) {
      const i = fitCand[p]!;
      gain[i] = gain[i]! + sign * (d1 - w * candCost[byPair ? p : i]!);
    }
    return;
  }
  const r1 = ws.slotOf[b1]!;
  ws.loss[r1] = ws.loss[r1]! + sign * (d2 - d1);
  // Candidates before b1 in cost order are cheaper: they gain, and swapping them for b1's slot
  // corrects by d2 − d1. Candidates between b1 and b2 only matter when b1's slot closes.
  for (; p < end; p++) {
    const i = fitCand[p]!;
    if (i === b1) break;
    const c = w * candCost[byPair ? p : i]!;
    if (c < d1) gain[i] = gain[i]! + sign * (d1 - c);
    const x = i * k + r1;
    extra[x] = extra[x]! + sign * (d2 - (c > d1 ? c : d1));
  }
  for (p++; p < end; p++) {
    const i = fitCand[p]!;
    if (i === b2) break;
    const c = w * candCost[byPair ? p : i]!;
    if (c < d2) {
      const x = i * k + r1;
      extra[x] = extra[x]! + sign * (d2 - (c > d1 ? c : d1));
    }
  }
}

function recompute(ws: Workspace, inst: SearchInstance): void {
  ws.gain.fill(0);
  ws.loss.fill(0);
  ws.extra.fill(0);
  let obj = 0;
  for (let j = 0; j < inst.nClasses; j++) {
    assign(ws, inst, j);
    contribute(ws, inst, j, 1);
    obj += ws.d1[j]!;
  }
  ws.objective = obj;
  ws.sinceRecompute = 0;
}

function load(ws: Workspace, inst: SearchInstance, suite: Int32Array): void {
  ws.slotOf.fill(-1);
  ws.suite.set(suite);
  for (let r = 0; r < ws.k; r++) ws.slotOf[suite[r]!] = r;
  recompute(ws, inst);
}

/**
 * load(), remembering its result for one suite: an island perturbing around a local optimum returns
 * to it after every perturbation, by a load whenever three or more slots differ or a box changed
 * slot. load() depends only on the suite (in slot order), so a copy of its result for the same
 * suite is the same state, at the cost of copying it instead of a pass over every class.
 */
function loadSaved(ws: Workspace, inst: SearchInstance, suite: Int32Array): void {
  let same = ws.savedObjective !== Infinity;
  for (let r = 0; r < ws.k && same; r++) same = ws.saved[r] === suite[r];
  if (same) {
    ws.slotOf.fill(-1);
    ws.suite.set(suite);
    for (let r = 0; r < ws.k; r++) ws.slotOf[suite[r]!] = r;
    ws.best1.set(ws.savedBest1!);
    ws.best2.set(ws.savedBest2!);
    ws.d1.set(ws.savedD1!);
    ws.d2.set(ws.savedD2!);
    ws.gain.set(ws.savedGain!);
    ws.loss.set(ws.savedLoss!);
    ws.extra.set(ws.savedExtra!);
    ws.objective = ws.savedObjective;
    ws.sinceRecompute = 0;
    return;
  }
  load(ws, inst, suite);
  ws.saved.set(suite);
  ws.savedObjective = ws.objective;
  (ws.savedBest1 ??= new Int32Array(ws.best1.length)).set(ws.best1);
  (ws.savedBest2 ??= new Int32Array(ws.best2.length)).set(ws.best2);
  (ws.savedD1 ??= new Float64Array(ws.d1.length)).set(ws.d1);
  (ws.savedD2 ??= new Float64Array(ws.d2.length)).set(ws.d2);
  (ws.savedGain ??= new Float64Array(ws.gain.length)).set(ws.gain);
  (ws.savedLoss ??= new Float64Array(ws.loss.length)).set(ws.loss);
  (ws.savedExtra ??= new Float64Array(ws.extra.length)).set(ws.extra);
}

/** Open candidate i in slot r (closing its box), updating only the classes the swap touches. */
function swap(ws: Workspace, inst: SearchInstance, i: number, r: number): void {
  const out = ws.suite[r]!;
  const tag = ++ws.stampVal;
  let na = 0;
  const sc = inst.serveCost;
  const bits = inst.serveBits;
  if (bits) {
    // The serve relation as a bitmap (no pair costs): ahead of the second-best box by index.
    const words = inst.serveWords;
    for (let w = 0, row = i * words; w < words; w++) {
      for (let x = bits[row + w]!; x !== 0; x &= x - 1) {
        const j = (w << 5) | (31 - Math.clz32(x & -x));
        const b2 = ws.best2[j]!;
        if (b2 < 0 || i < b2) {
          ws.stamp[j] = tag;
          ws.affected[na++] = j;
        }
      }
    }
  } else {
    for (let p = inst.serveStart![i]!; p < inst.serveStart![i + 1]!; p++) {
      const j = inst.serveClass![p]!;
      const b2 = ws.best2[j]!;
      // Ahead of the second-best box: by index, or with pair costs by cost (ties included).
      if (b2 < 0 || (sc ? inst.classWeight[j]! * sc[p]! <= ws.d2[j]! : i < b2)) {
        ws.stamp[j] = tag;
        ws.affected[na++] = j;
      }
    }
  }
  // affected[0 .. opened): classes i fits, ahead of their second-best box.
  const opened = na;
  if (bits) {
    const words = inst.serveWords;
    for (let w = 0, row = out * words; w < words; w++) {
      for (let x = bits[row + w]!; x !== 0; x &= x - 1) {
        const j = (w << 5) | (31 - Math.clz32(x & -x));
        if (ws.stamp[j] !== tag && (ws.best1[j] === out || ws.best2[j] === out)) {
          ws.stamp[j] = tag;
          ws.affected[na++] = j;
        }
      }
    }
  } else {
    for (let p = inst.serveStart![out]!; p < inst.serveStart![out + 1]!; p++) {
      const j = inst.serveClass![p]!;
      if (ws.stamp[j] !== tag && (ws.best1[j] === out || ws.best2[j] === out)) {
        ws.stamp[j] = tag;
        ws.affected[na++] = j;
      }
    }
  }
  let obj = ws.objective;
  for (let q = 0; q < na; q++) {
    const j = ws.affected[q]!;
    const b1 = ws.best1[j]!;
    ws.oldB1[q] = b1;
    ws.oldB2[q] = ws.best2[j]!;
    ws.oldR1[q] = b1 >= 0 ? ws.slotOf[b1]! : -1;
    ws.oldD1[q] = ws.d1[j]!;
    ws.oldD2[q] = ws.d2[j]!;
    obj -= ws.d1[j]!;
  }
  ws.slotOf[out] = -1;
  ws.slotOf[i] = r;
  ws.suite[r] = i;
  for (let q = 0; q < na; q++) {
    const j = ws.affected[q]!;
    reassign(ws, inst, j, q < opened ? i : -1, out);
    recontribute(ws, inst, j, q);
    obj += ws.d1[j]!;
  }
  ws.objective = obj;
  ws.sinceRecompute++;
}

/**
 * contribute(j, −1) for class j's state before the swap (ws.old*[q]) and contribute(j, +1) for its
 * state now, in one pass over its fit list: each position's change to gain and extra is added
 * once, and the pass ends where both states stop contributing.
 */
function recontribute(ws: Workspace, inst: SearchInstance, j: number, q: number): void {
  const ob1 = ws.oldB1[q]!;
  const ob2 = ws.oldB2[q]!;
  const or1 = ws.oldR1[q]!;
  const od1 = ws.oldD1[q]!;
  const od2 = ws.oldD2[q]!;
  const nb1 = ws.best1[j]!;
  const nb2 = ws.best2[j]!;
  const nd1 = ws.d1[j]!;
  const nd2 = ws.d2[j]!;
  const nr1 = nb1 >= 0 ? ws.slotOf[nb1]! : -1;
  if (ob1 === nb1 && ob2 === nb2 && or1 === nr1 && od1 === nd1 && od2 === nd2) return;
  if (ob1 >= 0) ws.loss[or1] = ws.loss[or1]! - (od2 - od1);
  if (nb1 >= 0) ws.loss[nr1] = ws.loss[nr1]! + (nd2 - nd1);
  // Only the second-best box changed (about half the positions a swap visits at 100k): no gain.
  if (ob1 >= 0 && ob1 === nb1 && or1 === nr1 && od1 === nd1 && inst.fitCost === null) {
    recontributeSecond(ws, inst, j, ob1, or1, od1, ob2, od2, nb2, nd2);
    return;
  }
  const w = inst.classWeight[j]!;
  const k = ws.k;
  const fitCand = inst.fitCand;
  const byPair = inst.fitCost !== null;
  const candCost = inst.fitCost ?? inst.candCost;
  const gain = ws.gain;
  const extra = ws.extra;
  const end = inst.fitStart[j + 1]!;
  // Phase of each state along the list: 0 before its best box, 1 between its best two, 2 past
  // the second (nothing more), 3 unserved (every position gains).
  let op = ob1 < 0 ? 3 : 0;
  let np = nb1 < 0 ? 3 : 0;
  const sameSlot = or1 === nr1;
  let p = inst.fitStart[j]!;
  if (op === 0 && np === 0 && !byPair) {
    // Before both states' best boxes c ≤ d1 in either state (cost order), so each state's extra
    // term is its d2 − d1 at every position: computed once, and only gain varies along the list.
    const eo = od2 - od1;
    const en = nd2 - nd1;
    const dx = en - eo;
    for (; p < end; p++) {
      const i = fitCand[p]!;
      if (i === ob1 || i === nb1) break;
      const c = w * candCost[i]!;
      let g = 0;
      if (c < od1) g -= od1 - c;
      if (c < nd1) g += nd1 - c;
      if (g !== 0) gain[i] = gain[i]! + g;
      const base = i * k;
      if (sameSlot) {
        if (dx !== 0) extra[base + or1] = extra[base + or1]! + dx;
      } else {
        if (eo !== 0) extra[base + or1] = extra[base + or1]! - eo;
        if (en !== 0) extra[base + nr1] = extra[base + nr1]! + en;
      }
    }
  }
  for (; p < end; p++) {
    if (op === 2 && np === 2) break;
    const i = fitCand[p]!;
    const c = w * candCost[byPair ? p : i]!;
    let g = 0;
    let eo = 0;
    let en = 0;
    if (op === 0) {
      if (i === ob1) op = 1;
      else {
        if (c < od1) g -= od1 - c;
        eo = od2 - (c > od1 ? c : od1);
      }
    } else if (op === 1) {
      if (i === ob2) op = 2;
      else if (c < od2) eo = od2 - (c > od1 ? c : od1);
    } else if (op === 3) g -= od1 - c;
    if (np === 0) {
      if (i === nb1) np = 1;
      else {
        if (c < nd1) g += nd1 - c;
        en = nd2 - (c > nd1 ? c : nd1);
      }
    } else if (np === 1) {
      if (i === nb2) np = 2;
      else if (c < nd2) en = nd2 - (c > nd1 ? c : nd1);
    } else if (np === 3) g += nd1 - c;
    if (g !== 0) gain[i] = gain[i]! + g;
    const base = i * k;
    if (sameSlot) {
      if (en !== eo) extra[base + or1] = extra[base + or1]! + (en - eo);
    } else {
      if (eo !== 0) extra[base + or1] = extra[base + or1]! - eo;
      if (en !== 0) extra[base + nr1] = extra[base + nr1]! + en;
    }
  }
}

/**
 * recontribute() for a class whose best box, its slot and its cost stay (only the second-best
 * changed), without pair costs: gain does not move (each position's change is −x + x = 0) and
 * extra moves by the same per-position terms, in the same order.
 */
function recontributeSecond(
  ws: Workspace,
  inst: SearchInstance,
  j: number,
  b1: number,
  r1: number,
  d1: number,
  ob2: number,
  od2: number,
  nb2: number,
  nd2: number,
): void {
  const w = inst.classWeight[j]!;
  const k = ws.k;
  const fitCand = inst.fitCand;
  const candCost = inst.candCost;
  const extra = ws.extra;
  const end = inst.fitStart[j + 1]!;
  let p = inst.fitStart[j]!;
  // Before the best box both states add d2 − max(c, d1) to the best box's slot, and there c ≤ d1
  // (the list is in cost order and b1 is its first open box): max(c, d1) is d1 at every position,
  // so every position moves by the same difference, computed once.
  const step = nd2 - d1 - (od2 - d1);
  if (step !== 0) {
    for (; p < end; p++) {
      const i = fitCand[p]!;
      if (i === b1) break;
      const x = i * k + r1;
      extra[x] = extra[x]! + step;
    }
  } else p = positionOf(fitCand, p, end, b1);
  // Between the best and each state's second-best box: the same term where c < d2.
  let oldOn = true;
  let newOn = true;
  for (p++; p < end; p++) {
    const i = fitCand[p]!;
    const c = w * candCost[i]!;
    const m = c > d1 ? c : d1;
    let eo = 0;
    let en = 0;
    if (oldOn) {
      if (i === ob2) oldOn = false;
      else if (c < od2) eo = od2 - m;
    }
    if (newOn) {
      if (i === nb2) newOn = false;
      else if (c < nd2) en = nd2 - m;
    }
    if (en !== eo) {
      const x = i * k + r1;
      extra[x] = extra[x]! + (en - eo);
    }
    if (!oldOn && !newOn) break;
  }
}

/** Position of candidate i in the fit list fitCand[lo .. end) (ascending by index; i is in it). */
function positionOf(fitCand: Int32Array | Uint16Array, lo: number, end: number, i: number): number {
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fitCand[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Swaps between two from-scratch recomputes; bounds the drift of the incremental sums. */
const RECOMPUTE_EVERY = 64;

/**
 * Turn the workspace's suite into `target` by swaps when few slots differ (cheaper than a full
 * recompute); falls back to a full load (or the saved copy of one, see loadSaved) when a box moved
 * between slots or drift may have built up.
 */
function moveTo(ws: Workspace, inst: SearchInstance, target: Int32Array): void {
  let differ = 0;
  for (let r = 0; r < ws.k; r++) {
    if (ws.suite[r] === target[r]) continue;
    if (ws.slotOf[target[r]!]! >= 0) {
      loadSaved(ws, inst, target);
      return;
    }
    differ++;
  }
  if (differ * 4 > ws.k || ws.sinceRecompute + differ > RECOMPUTE_EVERY) {
    loadSaved(ws, inst, target);
    return;
  }
  for (let r = 0; r < ws.k; r++) if (ws.suite[r] !== target[r]) swap(ws, inst, target[r]!, r);
}

/** Improvements below this are rounding noise of the incremental sums. */
function tolerance(inst: SearchInstance): number {
  return inst.penalty * 1e-11;
}

/**
 * Best-improvement scan: the swap (open i, close slot r) with the largest saving
 * gain[i] − loss[r] + extra[i·K+r]; returns −1 when none saves more than the tolerance.
 */
function bestSwap(ws: Workspace, inst: SearchInstance, st: IslandState, gen: RandomGenerator): number {
  const k = ws.k;
  const first = inst.lockedList.length;
  const m = inst.nCandidates;
  let best = tolerance(inst);
  let found = -1;
  const sample = st.settings.neighbourhoodSize;
  const sampled = sample > 0 && sample < m - k;
  const count = sampled ? sample : m;
  for (let t = 0; t < count; t++) {
    const i = sampled ? unsafeUniformIntDistribution(0, m - 1, gen) : t;
    if (ws.slotOf[i]! >= 0) continue;
    const g = ws.gain[i]!;
    const base = i * k;
    for (let r = first; r < k; r++) {
      const profit = g - ws.loss[r]! + ws.extra[base + r]!;
      if (profit > best) {
        best = profit;
        found = base + r;
      }
    }
  }
  return found;
}

/**
 * Descend to a local optimum with at most `budget` swaps. The incremental sums drift, so they are
 * rebuilt from scratch every RECOMPUTE_EVERY swaps.
 */
function descend(
  ws: Workspace,
  inst: SearchInstance,
  st: IslandState,
  budget: number,
  gen: RandomGenerator,
  stop: (() => boolean) | undefined,
): { moves: number; optimum: boolean } {
  const k = ws.k;
  let moves = 0;
  while (moves < budget) {
    if (stop?.()) return { moves, optimum: false };
    if (ws.sinceRecompute >= RECOMPUTE_EVERY) recompute(ws, inst);
    const mv = bestSwap(ws, inst, st, gen);
    if (mv < 0) return { moves, optimum: true };
    swap(ws, inst, Math.floor(mv / k), mv % k);
    moves++;
  }
  return { moves, optimum: false };
}

/**
 * Each instance's first greedy gains from the locked boxes alone: every greedy or randomized greedy
 * start of every island on the instance computes the same array first, a pass over every fit pair.
 */
const firstGains = new WeakMap<SearchInstance, Float64Array>();

/** Greedy add: fill slots filled..K−1, each time opening the candidate that saves the most. */
function greedyFill(inst: SearchInstance, suite: Int32Array, filled: number, gen: RandomGenerator | null): void {
  const n = inst.nClasses;
  const m = inst.nCandidates;
  const k = inst.k;
  const open = new Uint8Array(m);
  const d = new Float64Array(n).fill(inst.penalty);
  const gain = new Float64Array(m);
  const openOne = (i: number): void => {
    open[i] = 1;
    const c = inst.candCost[i]!;
    const sc = inst.serveCost;
    forEachServed(inst, i, (j, p) => {
      const v = inst.classWeight[j]! * (sc ? sc[p]! : c);
      if (v < d[j]!) d[j] = v;
    });
  };
  for (let s = 0; s < filled; s++) openOne(suite[s]!);
  const top = [-1, -1, -1];
  const fc = inst.fitCost;
  const locked = inst.lockedList;
  let fromLocked = filled === locked.length;
  for (let s = 0; s < filled && fromLocked; s++) fromLocked = suite[s] === locked[s];
  while (filled < k) {
    const cached = fromLocked ? firstGains.get(inst) : undefined;
    if (cached) gain.set(cached);
    else {
      gain.fill(0);
      for (let j = 0; j < n; j++) {
        const dj = d[j]!;
        const w = inst.classWeight[j]!;
        for (let p = inst.fitStart[j]!; p < inst.fitStart[j + 1]!; p++) {
          const i = inst.fitCand[p]!;
          const c = w * (fc ? fc[p]! : inst.candCost[i]!);
          if (c >= dj) break;
          if (!open[i]) gain[i] = gain[i]! + (dj - c);
        }
      }
      if (fromLocked) firstGains.set(inst, gain.slice());
    }
    fromLocked = false;
    // Keep the three best; a randomized start picks one of them, a greedy start the first.
    top[0] = top[1] = top[2] = -1;
    for (let i = 0; i < m; i++) {
      if (open[i]) continue;
      const g = gain[i]!;
      if (top[0]! < 0 || g > gain[top[0]!]!) {
        top[2] = top[1]!;
        top[1] = top[0]!;
        top[0] = i;
      } else if (top[1]! < 0 || g > gain[top[1]!]!) {
        top[2] = top[1]!;
        top[1] = i;
      } else if (top[2]! < 0 || g > gain[top[2]!]!) top[2] = i;
    }
    if (top[0]! < 0) break;
    let pick = top[0]!;
    if (gen) {
      const choices = top[2]! >= 0 ? 3 : top[1]! >= 0 ? 2 : 1;
      pick = top[unsafeUniformIntDistribution(0, choices - 1, gen)]!;
    }
    suite[filled++] = pick;
    openOne(pick);
  }
}

/**
 * A suite of exactly K candidates (the instance's K): the locked boxes, the given ones where they
 * all fit, then the greedy choice for the free slots. For a search stopped before any descent.
 */
export function completeSuite(inst: SearchInstance, given: ArrayLike<number>): Int32Array {
  const suite = new Int32Array(inst.k);
  const inSuite = new Uint8Array(inst.nCandidates);
  let filled = 0;
  // The given boxes only when they all fit: a part of them (the current suite's smallest boxes,
  // say) could leave shipments unserved, where the greedy choice covers first.
  const extra = Array.from(given).filter((i) => !inst.candLocked[i]);
  const use = new Set(extra).size + inst.lockedList.length <= inst.k ? extra : [];
  for (const i of [...Array.from(inst.lockedList), ...use]) {
    if (filled >= inst.k || inSuite[i]) continue;
    inSuite[i] = 1;
    suite[filled++] = i;
  }
  greedyFill(inst, suite, filled, null);
  return suite;
}

/** A start point for the island's current restart: seed, greedy, randomized greedy or random. */
function buildStart(inst: SearchInstance, st: IslandState, gen: RandomGenerator): void {
  const suite = st.current;
  const locked = inst.lockedList;
  const inSuite = new Uint8Array(inst.nCandidates);
  let filled = 0;
  for (let q = 0; q < locked.length; q++) {
    suite[filled++] = locked[q]!;
    inSuite[locked[q]!] = 1;
  }
  // Restart 0: island 0 (and every other even island) starts from the seed, island 1 from the
  // plain greedy suite, odd islands from randomized greedy; later restarts alternate randomized
  // greedy and random suites, which the big-M coverage penalty repairs during the descent.
  const useSeed = st.restart === 0 && st.seed.length > 0 && st.index % 2 === 0;
  const kind = useSeed ? 'seed' : st.restart === 0 ? (st.index === 1 || st.index === 0 ? 'greedy' : 'rgreedy') : (st.index + st.restart) % 2 === 0 ? 'random' : 'rgreedy';
  if (kind === 'seed') {
    for (let q = 0; q < st.seed.length && filled < inst.k; q++) {
      const i = st.seed[q]!;
      if (!inSuite[i]) {
        inSuite[i] = 1;
        suite[filled++] = i;
      }
    }
  } else if (kind === 'random') {
    while (filled < inst.k) {
      const i = unsafeUniformIntDistribution(0, inst.nCandidates - 1, gen);
      if (!inSuite[i]) {
        inSuite[i] = 1;
        suite[filled++] = i;
      }
    }
  }
  greedyFill(inst, suite, filled, kind === 'rgreedy' ? gen : null);
}

/** Swap 1..perturbation_max random free slots for random closed candidates; returns swaps made. */
function perturb(ws: Workspace, inst: SearchInstance, st: IslandState, gen: RandomGenerator): number {
  const first = inst.lockedList.length;
  const free = ws.k - first;
  const closed = inst.nCandidates - ws.k;
  if (free <= 0 || closed <= 0) return 0;
  const t = unsafeUniformIntDistribution(1, Math.min(st.settings.perturbationMax, free), gen);
  for (let s = 0; s < t; s++) {
    const r = unsafeUniformIntDistribution(first, ws.k - 1, gen);
    let i = unsafeUniformIntDistribution(0, inst.nCandidates - 1, gen);
    while (ws.slotOf[i]! >= 0) i = unsafeUniformIntDistribution(0, inst.nCandidates - 1, gen);
    swap(ws, inst, i, r);
  }
  return t;
}

/**
 * Run the island for at most `movesBudget` swaps (or until it has used up its restarts, or `stop`
 * says so). Mutates `island`; deterministic given the sequence of budgets and offers.
 */
export function runEpoch(
  inst: SearchInstance,
  island: IslandState,
  movesBudget: number,
  stop?: () => boolean,
): EpochResult {
  const st = island;
  const ws = createWorkspace(inst);
  const gen = xoroshiro128plus.fromState(Array.from(st.rng));
  const tol = tolerance(inst);
  let used = 0;
  let loaded = false;
  while (!st.done && used < movesBudget) {
    if (stop?.()) break;
    if (st.phase === PHASE_START) {
      buildStart(inst, st, gen);
      st.phase = PHASE_DESCEND;
      st.fromStart = 1;
      st.adopted = 0;
      loaded = false;
    }
    if (st.phase === PHASE_DESCEND) {
      if (!loaded) {
        load(ws, inst, st.current);
        loaded = true;
      }
      const res = descend(ws, inst, st, movesBudget - used, gen, stop);
      used += res.moves;
      st.current.set(ws.suite);
      if (!res.optimum) break;
      const obj = ws.objective;
      if (obj < st.bestObjective - tol) {
        st.best.set(ws.suite);
        st.bestObjective = obj;
      }
      if (st.fromStart || obj < st.centerObjective - tol) {
        st.center.set(ws.suite);
        st.centerObjective = obj;
        st.stall = 0;
      } else {
        st.stall++;
      }
      st.fromStart = 0;
      st.phase = PHASE_PERTURB;
      if (st.stall >= (st.adopted ? st.settings.exchangeStallLimit : st.settings.stallLimit)) {
        st.stall = 0;
        st.restart++;
        if (st.restart >= st.settings.restarts) st.done = true;
        else st.phase = PHASE_START;
        continue;
      }
    }
    if (st.phase === PHASE_PERTURB) {
      if (loaded) moveTo(ws, inst, st.center);
      else loadSaved(ws, inst, st.center);
      loaded = true;
      const t = perturb(ws, inst, st, gen);
      if (t === 0) {
        // Nothing to swap (every candidate is in the suite, or every slot is locked).
        st.done = true;
        break;
      }
      used += t;
      st.current.set(ws.suite);
      st.phase = PHASE_DESCEND;
    }
  }
  st.moves += used;
  st.rng.set(gen.getState());
  return { bestSuite: st.best.slice(), bestObjective: st.bestObjective, done: st.done };
}

/**
 * Offer another island's best suite: an island whose own best is worse adopts it as its best and
 * as the centre of its next perturbations (and wakes up if it had stopped).
 */
export function offerSuite(inst: SearchInstance, island: IslandState, suite: Int32Array, objective: number): boolean {
  if (!(objective < island.bestObjective - tolerance(inst))) return false;
  island.best.set(suite);
  island.bestObjective = objective;
  island.center.set(suite);
  island.centerObjective = objective;
  island.current.set(suite);
  island.phase = PHASE_PERTURB;
  island.fromStart = 0;
  island.stall = 0;
  island.adopted = 1;
  island.done = false;
  return true;
}
