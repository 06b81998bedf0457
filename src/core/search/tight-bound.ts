// The Lagrangian bound over every tight box of a grid without a list of fit pairs. A class fits
// the boxes of a row (a, b) of tight boxes from some c on (cost grows with c), so its fit relation
// is one run of consecutive boxes per row it reaches; per step the bound adds each run to the
// boxes' ρ with difference arrays, in time linear in runs + boxes instead of pairs.
//
// Why it is a lower bound: for any λ, L(λ) = Σ_j λ_j + Σ_{i open} ρ_i with
// ρ_i = Σ_{j fits i} min(0, w_j·c_i − λ_j), locked boxes open and the other K − L slots the most
// negative ρ_i, is at most the cost of any K-suite of tight boxes (each class served by its cheapest
// open box, λ_j − Σ_{i open, j fits i} max(0, λ_j − w_j c_i) ≤ w_j·c_{i*} for that box i*). A class's
// run in a row stops where c_i reaches λ_j / w_j: the boxes beyond contribute nothing. λ_j is kept
// at most cap_j (any cap is valid: it restricts where λ is looked for, not what L(λ) is), so the
// runs are stored only up to the cap. Any K-suite of grid boxes costs at least one of tight boxes
// (each box shrinks to its hull, which is tight, serves the same classes and costs no more).
import type { ClassTable } from './instance.js';
import { keepMostNegative } from './bound.js';
import type { Orientation } from './types.js';

const TOL = 1e-9;
/**
 * β of the deflected steps (d = g + β·d_prev). At the same steps it closed the 100k history's gap
 * from 2.95 to 2.06 % and Olist's from 0.87 to 0.84 % (0.7: 1.98 and 1.04 %).
 */
export const TIGHT_DEFLECTION = 0.5;
/**
 * Run visits that decide whether λ may go uncapped: the runs at no cap must allow every step
 * asked for within it (a step visits each run at most once).
 */
const MAX_RUN_VISITS = 2_500_000_000;
/**
 * Work budget of the steps, in run visits: 128 steps over the 7.8 M runs of the 100k history.
 * With steps scaled per class (TightBoundOptions.scaled) they reach a better bound there than 321 unscaled
 * steps did (bench/README.md, "The bound's steps scaled per class").
 */
const STEP_RUN_VISITS = 1_000_000_000;
/** First step scale θ of the plain and of the scaled Polyak steps (θ halves after `patience` steps without progress). */
const THETA_PLAIN = 4;
const THETA_SCALED = 1;

/** Index of the first value ≥ x − TOL in ascending v. */
function firstAtLeast(v: Float64Array, x: number): number {
  let lo = 0;
  let hi = v.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v[mid]! < x - TOL) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** forEachTightRow's entries of one class by e1 (scratch). */
let byE1 = new Int32Array(64);

/**
 * Call `row(p, q, r0, rEnd)` once for every (a, b) = (ta[p], tb[q]) row of tight boxes that
 * dominate one of class j's entries and hold at least one box cheaper than u: those boxes are
 * c = tc[r0 .. rEnd) where rEnd is the first c at which the cost reaches u (cost grows with every
 * side). A row serves the union of its entries' boxes, so no box is visited twice.
 */
export function forEachTightRow(
  t: ClassTable,
  tv: readonly Float64Array[],
  orientation: Orientation,
  costOf: (a: number, b: number, c: number) => number,
  j: number,
  u: number,
  row: (p: number, q: number, r0: number, rEnd: number) => void,
): void {
  const [ta, tb, tc] = tv as [Float64Array, Float64Array, Float64Array];
  const nb = tb.length;
  const nc = tc.length;
  const ent = t.entries;
  const eStart = t.entryStart[j]!;
  const eEnd = t.entryStart[j + 1]!;
  let minE0 = Infinity;
  let maxE0 = -Infinity;
  for (let e = eStart; e < eEnd; e++) {
    minE0 = Math.min(minE0, ent[3 * e]!);
    maxE0 = Math.max(maxE0, ent[3 * e]!);
  }
  // The entries by ascending e1: a row's least e2 is then a running minimum as b grows.
  const ne = eEnd - eStart;
  if (byE1.length < ne) byE1 = new Int32Array(2 * ne);
  for (let x = 0; x < ne; x++) {
    // Insertion sort (a class has a few dozen entries at most); ties keep entry order.
    const e = eStart + x;
    let y = x;
    while (y > 0 && ent[3 * byE1[y - 1]! + 1]! > ent[3 * e + 1]!) {
      byE1[y] = byE1[y - 1]!;
      y--;
    }
    byE1[y] = e;
  }
  for (let p = firstAtLeast(ta, minE0); p < ta.length; p++) {
    const a = ta[p]!;
    // Entries this a already dominates: the least e1, and the least e2 (a floor for every row).
    let minE1 = Infinity;
    let minE2 = Infinity;
    for (let e = eStart; e < eEnd; e++) {
      if (ent[3 * e]! > a + TOL) continue;
      minE1 = Math.min(minE1, ent[3 * e + 1]!);
      minE2 = Math.min(minE2, ent[3 * e + 2]!);
    }
    let bAny = false;
    // cMin: the least e2 of the entries with e0 ≤ a and e1 ≤ b, over byE1[0 .. x).
    let cMin = Infinity;
    let x = 0;
    for (let q = firstAtLeast(tb, Math.max(minE1, a)); q < nb; q++) {
      const bb = tb[q]!;
      for (; x < ne && ent[3 * byE1[x]! + 1]! <= bb + TOL; x++) {
        const e = byE1[x]!;
        if (ent[3 * e]! <= a + TOL) cMin = Math.min(cMin, ent[3 * e + 2]!);
      }
      const r0 = firstAtLeast(tc, orientation === 'free' ? Math.max(cMin, bb) : cMin);
      // Binary search for the first c whose box costs u or more.
      let lo = r0;
      let hi = nc;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (costOf(a, bb, tc[mid]!) < u) lo = mid + 1;
        else hi = mid;
      }
      if (lo === r0) {
        // No cheaper box in this row; none in any wider row either once even the least c this
        // a allows costs u there.
        const floor = firstAtLeast(tc, orientation === 'free' ? Math.max(minE2, bb) : minE2);
        if (floor >= nc || costOf(a, bb, tc[floor]!) >= u) break;
        continue;
      }
      bAny = true;
      row(p, q, r0, lo);
    }
    // A longer a only costs more, unless it reaches entries not yet dominated.
    if (!bAny && a >= maxE0 - TOL) break;
  }
}

/** What computeTightBound built and did (for the bench; not part of any result). */
export interface TightBoundStats {
  /** Runs of consecutive boxes stored (one per class and row it reaches below its cap). */
  runs: number;
  /** Tight boxes some class reaches below its cap. */
  boxes: number;
  /** Classes whose cap the run budget lowered. */
  capped: number;
  iterations: number;
}

export interface TightBoundOptions {
  /** The incumbent's objective: the Polyak steps aim at it. */
  upper: number;
  iterations: number;
  /** Weighted start values of λ (e.g. each class's incumbent cost); null: each class's cheapest box. */
  init: Float64Array | null;
  /** Most runs to store; beyond it the classes with the most runs get lower caps. */
  runLimit: number;
  /**
   * A lower cap (weighted, per class) for when the runs at `cap` are more than runLimit or than
   * the work budget allows every step for: the bound converges better with all its steps and a
   * lower cap than with a third of them and a higher one.
   */
  fallbackCap?: Float64Array | null;
  /** First step scale of the Polyak steps (default: 4 plain, 1 scaled). */
  theta?: number;
  /** Deflection of the steps' direction, d = g + β·d_prev (default TIGHT_DEFLECTION; 0: plain subgradient). */
  beta?: number;
  /**
   * For when the step budget cuts the steps asked for: λ's start and, per class (weighted cost),
   * how far λ_j moves per unit of step (λ_j += step · stepScale_j · d_j, the step measured in the
   * same metric; e.g. the incumbent's second-cheapest minus cheapest box), θ from 1. Where every
   * step asked for fits, the plain steps run from `init` (θ from 4): with 1,000 steps they reach
   * the LP value on small instances where the scaled ones stall above it. Any start and scale are
   * valid (they only choose which λ are tried).
   */
  scaled?: { init: Float64Array; stepScale: Float64Array } | null;
  /** Work budget of the steps in run visits (default STEP_RUN_VISITS; for the bench). */
  runVisits?: number;
  stop?: () => boolean;
}

/** Settings of runTightSteps beyond the relation (for the bench; optimize uses the defaults). */
export interface TightStepOptions {
  /** Steps without progress before θ halves (default: a fifteenth of the steps, 10 to 30). */
  patience?: number;
  /** Called after each step with its dual value, the best so far and θ. */
  trace?: (it: number, value: number, best: number, theta: number) => void;
}

/**
 * Best Lagrangian dual value of the p-median over every tight box of the grid `tv` (plus `locked`
 * boxes, forced open), λ_j ≤ cap[j] (weighted cost; Infinity: no cap). The same subgradient scheme
 * as computeLagrangianBound: Polyak steps towards `upper`, θ = 4 halved after a tenth of the
 * steps (5 to 30) without progress; here along a deflected direction (o.beta). When the work
 * budget cuts the steps, scaled steps instead (o.scaled): each class's λ moving in proportion to
 * its step scale, θ = 1 halved after a fifteenth of the steps (10 to 30) without progress.
 */
export function computeTightBound(
  t: ClassTable,
  tv: readonly Float64Array[],
  orientation: Orientation,
  costOf: (a: number, b: number, c: number) => number,
  locked: readonly (readonly [number, number, number])[],
  k: number,
  cap: Float64Array,
  o: TightBoundOptions,
): { bound: number; stats: TightBoundStats } {
  const rel = buildTightRelation(t, tv, orientation, costOf, locked, k, cap, o, 1);
  return runTightSteps(rel, o.upper, o.theta ?? rel.theta0, () => placeTightChunk(rel, 0), o.stop, o.beta ?? TIGHT_DEFLECTION);
}

/** Classes per block of collectTightBlock: the unit of work the build's threads claim. */
export const TIGHT_CLASS_BLOCK = 128;

/** The runs of one block of classes (collectTightBlock), class by class, by first box's cost within a class. */
export interface TightRunBlock {
  /**
   * Per run, (p · |tb| + q) · |tc| + r0 for its row (p, q) and first box r0; if that could pass
   * 2³¹, p · |tb| + q and r0 apart. Once the slots are numbered, its first slot.
   */
  row: Int32Array;
  /** Per run, the index in tc of its first box where `row` holds the row alone. */
  r0: Int32Array | null;
}

/** What the build asks for: every class's runs below u[j] (unweighted), unless there are more than `limit`. */
export interface TightCollect {
  u: Float64Array;
  limit: number;
}

/** The runs collected for a TightCollect; ok false (and the rest meaningless) when they passed its limit. */
export interface TightCollected {
  ok: boolean;
  /** One per TIGHT_CLASS_BLOCK classes, in class order. */
  blocks: TightRunBlock[];
  counts: Int32Array;
  /** Per row p · |tb| + q: the least first box and the greatest end of the runs in it. */
  rowLo: Int32Array;
  rowHi: Int32Array;
}

/**
 * Block b's classes' runs below u[j], each class's sorted by first box's cost then row (the order
 * of their first slots); their counts into `counts`, the rows' ranges widened in rowLo/rowHi.
 * Each class's runs depend on that class alone: any thread may collect any block.
 */
export function collectTightBlock(
  t: Pick<ClassTable, 'n' | 'entryStart' | 'entries'>,
  tv: readonly Float64Array[],
  orientation: Orientation,
  costOf: (a: number, b: number, c: number) => number,
  u: Float64Array,
  b: number,
  counts: Int32Array,
  rowLo: Int32Array,
  rowHi: Int32Array,
  alloc: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes),
): TightRunBlock {
  const [ta, tb, tc] = tv as [Float64Array, Float64Array, Float64Array];
  const nb = tb.length;
  const nc = tc.length;
  // A run is its row and first box, packed into one key when the grid allows (it always does
  // below 1,290 tight values per side).
  const packed = ta.length * nb * nc <= 0x7fffffff;
  const j0 = b * TIGHT_CLASS_BLOCK;
  const j1 = Math.min(t.n, j0 + TIGHT_CLASS_BLOCK);
  let cKey = new Int32Array(1024);
  let cR0 = new Int32Array(packed ? 0 : 1024);
  let cCost = new Float64Array(1024);
  let cOrd = new Int32Array(1024);
  let bKey = new Int32Array(1 << 14);
  let bR0 = new Int32Array(packed ? 0 : 1 << 14);
  let cnt = 0;
  const row = (p: number, q: number, r0: number, rEnd: number): void => {
    const id = p * nb + q;
    if (r0 < rowLo[id]!) rowLo[id] = r0;
    if (rEnd > rowHi[id]!) rowHi[id] = rEnd;
    if (cnt === cKey.length) {
      cKey = grow(cKey);
      cCost = grow(cCost);
      cOrd = new Int32Array(cKey.length);
      if (!packed) cR0 = grow(cR0);
    }
    cKey[cnt] = packed ? id * nc + r0 : id;
    if (!packed) cR0[cnt] = r0;
    cCost[cnt++] = costOf(ta[p]!, tb[q]!, tc[r0]!);
  };
  let len = 0;
  for (let j = j0; j < j1; j++) {
    cnt = 0;
    forEachTightRow(t as ClassTable, tv, orientation, costOf, j, u[j]!, row);
    counts[j] = cnt;
    const key = cKey;
    const cost = cCost;
    const ord = cOrd;
    for (let x = 0; x < cnt; x++) ord[x] = x;
    // One run per row: (cost, row) orders them as (cost, first slot) once the slots are numbered.
    ord.subarray(0, cnt).sort((x, y) => cost[x]! - cost[y]! || key[x]! - key[y]!);
    while (len + cnt > bKey.length) {
      bKey = grow(bKey);
      if (!packed) bR0 = grow(bR0);
    }
    for (let x = 0; x < cnt; x++) {
      if (!packed) bR0[len] = cR0[ord[x]!]!;
      bKey[len++] = key[ord[x]!]!;
    }
  }
  const keys = new Int32Array(alloc(4 * len));
  keys.set(bKey.subarray(0, len));
  if (packed) return { row: keys, r0: null };
  const r0 = new Int32Array(alloc(4 * len));
  r0.set(bR0.subarray(0, len));
  return { row: keys, r0 };
}

function grow<T extends Int32Array | Float64Array>(a: T): T {
  const out = new (a.constructor as new (n: number) => T)(2 * a.length);
  out.set(a);
  return out;
}

/** collectTightBlock over every block in this thread, stopping once the runs pass req.limit. */
export function collectTightRuns(
  t: Pick<ClassTable, 'n' | 'entryStart' | 'entries'>,
  tv: readonly Float64Array[],
  orientation: Orientation,
  costOf: (a: number, b: number, c: number) => number,
  req: TightCollect,
): TightCollected {
  const rows = tv[0]!.length * tv[1]!.length;
  const rowLo = new Int32Array(rows).fill(tv[2]!.length);
  const rowHi = new Int32Array(rows);
  const counts = new Int32Array(t.n);
  const blocks: TightRunBlock[] = [];
  let all = 0;
  for (let b = 0; b * TIGHT_CLASS_BLOCK < t.n; b++) {
    const blk = collectTightBlock(t, tv, orientation, costOf, req.u, b, counts, rowLo, rowHi);
    all += blk.row.length;
    if (all > req.limit) return { ok: false, blocks: [], counts, rowLo, rowHi };
    blocks.push(blk);
  }
  return { ok: true, blocks, counts, rowLo, rowHi };
}

/**
 * The runs, boxes and start values of computeTightBound, in flat arrays (`alloc` may hand out
 * shared memory), runs grouped into `chunks` chunks of whole rows: each chunk's end marks are moved
 * by placeTightChunk alone. Different runs of one class lie in different rows, so every slot's
 * marks take the same additions in the same order (class by class, step by step) whatever the
 * chunking, the thread count or the order the chunks run in: the bound is the same bit for bit.
 */
export function buildTightRelation(
  t: ClassTable,
  tv: readonly Float64Array[],
  orientation: Orientation,
  costOf: (a: number, b: number, c: number) => number,
  locked: readonly (readonly [number, number, number])[],
  k: number,
  cap: Float64Array,
  o: TightBoundOptions,
  chunks: number,
  alloc: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes),
): TightRelation {
  const steps = tightRelationSteps(t, tv, orientation, costOf, locked, k, cap, o, chunks, alloc);
  for (let s = steps.next(); ; ) {
    if (s.done) return s.value;
    s = steps.next(collectTightRuns(t, tv, orientation, costOf, s.value));
  }
}

/**
 * buildTightRelation as a generator: it yields each collection of runs it needs (collectTightRuns,
 * here or split by blocks among threads) and returns the relation. The collected runs depend
 * only on the request, so the relation is the same whoever collected them.
 */
export function* tightRelationSteps(
  t: ClassTable,
  tv: readonly Float64Array[],
  orientation: Orientation,
  costOf: (a: number, b: number, c: number) => number,
  locked: readonly (readonly [number, number, number])[],
  k: number,
  cap: Float64Array,
  o: TightBoundOptions,
  chunks: number,
  alloc: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes),
): Generator<TightCollect, TightRelation, TightCollected> {
  const [ta, tb, tc] = tv as [Float64Array, Float64Array, Float64Array];
  const n = t.n;
  const nb = tb.length;
  const nc = tc.length;
  const w = t.weight;
  const i32 = (len: number): Int32Array => new Int32Array(alloc(4 * len));
  const f64 = (len: number): Float64Array => new Float64Array(alloc(8 * len));
  let u = f64(n);
  for (let j = 0; j < n; j++) u[j] = cap[j]! / w[j]!;

  // Too many runs for every step asked for: the fallback cap, if there is one, before water-filling.
  // The runs at the first cap stop being collected as soon as they pass that (at 100k: 2.5 M of
  // 21.6 M runs).
  let got = yield { u, limit: o.fallbackCap ? Math.min(o.runLimit, MAX_RUN_VISITS / Math.max(1, o.iterations)) : o.runLimit };
  if (!got.ok && o.fallbackCap) {
    u = f64(n);
    for (let j = 0; j < n; j++) u[j] = o.fallbackCap[j]! / w[j]!;
    got = yield { u, limit: o.runLimit };
  }
  let { rowLo, rowHi } = got;
  // Water-filling on runs, as buildTightBoundInput does on pairs: a class with more than `share`
  // runs keeps the `share` whose first box is cheapest, and its cap drops to the first box of the
  // first run left out (every box of a dropped run costs at least that).
  let capped = 0;
  if (!got.ok) {
    rowLo = new Int32Array(ta.length * nb).fill(nc);
    rowHi = new Int32Array(ta.length * nb);
    const counts = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      let cnt = 0;
      forEachTightRow(t, tv, orientation, costOf, j, u[j]!, (p, q, r0, rEnd) => {
        const id = p * nb + q;
        if (r0 < rowLo[id]!) rowLo[id] = r0;
        if (rEnd > rowHi[id]!) rowHi[id] = rEnd;
        cnt++;
      });
      counts[j] = cnt;
    }
    const sorted = Int32Array.from(counts).sort();
    let used = 0;
    let share = 1;
    for (let q = 0; q < n; q++) {
      const level = Math.floor((o.runLimit - used) / (n - q));
      if (sorted[q]! > level) {
        share = Math.max(1, level);
        break;
      }
      used += sorted[q]!;
    }
    let scratch = new Float64Array(1024);
    for (let j = 0; j < n; j++) {
      if (counts[j]! <= share) continue;
      if (scratch.length < counts[j]!) scratch = new Float64Array(2 * counts[j]!);
      let cnt = 0;
      forEachTightRow(t, tv, orientation, costOf, j, u[j]!, (p, q, r0) => (scratch[cnt++] = costOf(ta[p]!, tb[q]!, tc[r0]!)));
      const tau = scratch.subarray(0, cnt).sort()[share]!;
      if (tau < u[j]!) {
        u[j] = tau;
        capped++;
      }
    }
    // The rows keep the ranges of the runs before the water-filling (wider: no harm).
    got = yield { u, limit: Infinity };
  }
  return assembleTightRelation(t, tv, costOf, locked, k, o, chunks, alloc, u, got.blocks, got.counts, rowLo, rowHi, capped);
}

/** The rest of buildTightRelation once the runs are collected: slots, chunks, locked boxes, start values. */
function assembleTightRelation(
  t: ClassTable,
  tv: readonly Float64Array[],
  costOf: (a: number, b: number, c: number) => number,
  locked: readonly (readonly [number, number, number])[],
  k: number,
  o: TightBoundOptions,
  chunks: number,
  alloc: (bytes: number) => ArrayBufferLike,
  u: Float64Array,
  blocks: TightRunBlock[],
  counts: Int32Array,
  rowLo: Int32Array,
  rowHi: Int32Array,
  capped: number,
): TightRelation {
  const [ta, tb, tc] = tv as [Float64Array, Float64Array, Float64Array];
  const n = t.n;
  const nb = tb.length;
  const nc = tc.length;
  const w = t.weight;
  const i32 = (len: number): Int32Array => new Int32Array(alloc(4 * len));
  const f64 = (len: number): Float64Array => new Float64Array(alloc(8 * len));
  const rowBase = new Int32Array(ta.length * nb).fill(-1);
  const rowList: number[] = [];
  let slots = 0;
  for (let id = 0; id < rowLo.length; id++) {
    if (rowHi[id]! <= rowLo[id]!) continue;
    rowBase[id] = slots;
    rowList.push(id);
    slots += rowHi[id]! - rowLo[id]! + 1;
  }
  const boxCost = new Float64Array(slots).fill(Infinity);
  const slotRow = new Int32Array(slots).fill(-1);
  for (const id of rowList) {
    const a = ta[Math.floor(id / nb)]!;
    const bb = tb[id % nb]!;
    for (let r = rowLo[id]!; r < rowHi[id]!; r++) boxCost[rowBase[id]! + r - rowLo[id]!] = costOf(a, bb, tc[r]!);
    slotRow.fill(id, rowBase[id]!, rowBase[id]! + rowHi[id]! - rowLo[id]!);
  }
  // Class j's runs: blocks[j / TIGHT_CLASS_BLOCK].row[off[j] .. off[j] + counts[j]), cost ascending;
  // from here on holding each run's first slot.
  const off = new Int32Array(n);
  let nRuns = 0;
  for (let j = 0; j < n; j++) {
    off[j] = j % TIGHT_CLASS_BLOCK === 0 ? 0 : off[j - 1]! + counts[j - 1]!;
    nRuns += counts[j]!;
  }
  for (const blk of blocks) {
    const { row, r0 } = blk;
    if (r0 === null) {
      for (let x = 0; x < row.length; x++) {
        const id = (row[x]! / nc) | 0;
        row[x] = rowBase[id]! + row[x]! - id * nc - rowLo[id]!;
      }
    } else for (let x = 0; x < row.length; x++) row[x] = rowBase[row[x]!]! + r0[x]! - rowLo[row[x]!]!;
    blk.r0 = null;
  }
  const runsOf = (j: number): Int32Array => blocks[(j / TIGHT_CLASS_BLOCK) | 0]!.row;
  // Chunks of whole rows with about as many runs each; then the runs grouped by chunk, class
  // (stable: by cost within a class, as above).
  const nChunks = Math.max(1, Math.min(chunks, rowList.length));
  const rowOfSlot = new Int32Array(slots);
  rowList.forEach((id, q) => rowOfSlot.fill(q, rowBase[id]!, rowBase[id]! + rowHi[id]! - rowLo[id]! + 1));
  const rowRuns = new Float64Array(rowList.length);
  for (const blk of blocks) for (let x = 0; x < blk.row.length; x++) rowRuns[rowOfSlot[blk.row[x]!]!]!++;
  const chunkOfRow = new Int32Array(rowList.length);
  let acc = 0;
  for (let q = 0; q < rowList.length; q++) {
    chunkOfRow[q] = Math.min(nChunks - 1, Math.floor((acc * nChunks) / Math.max(1, nRuns)));
    acc += rowRuns[q]!;
  }
  const runStart = i32(nChunks * n + 1);
  // Count per (chunk, class): runStart[c·n + j + 1] first holds the count of bucket (c, j).
  for (let j = 0; j < n; j++) {
    const rs = runsOf(j);
    for (let r = off[j]!; r < off[j]! + counts[j]!; r++) runStart[chunkOfRow[rowOfSlot[rs[r]!]!]! * n + j + 1]!++;
  }
  for (let b = 0; b < nChunks * n; b++) runStart[b + 1] = runStart[b + 1]! + runStart[b]!;
  const runS = i32(nRuns);
  const cursor = Int32Array.from(runStart.subarray(0, nChunks * n));
  for (let j = 0; j < n; j++) {
    const rs = runsOf(j);
    for (let r = off[j]!; r < off[j]! + counts[j]!; r++) {
      const s = rs[r]!;
      runS[cursor[chunkOfRow[rowOfSlot[s]!]! * n + j]!++] = s;
    }
  }
  // Each class's cheapest run (its first) before the blocks go.
  const cheapestRun = new Float64Array(n).fill(Infinity);
  for (let j = 0; j < n; j++) {
    const rs = runsOf(j);
    for (let r = off[j]!; r < off[j]! + counts[j]!; r++) cheapestRun[j] = Math.min(cheapestRun[j]!, boxCost[rs[r]!]!);
  }
  blocks.length = 0;

  // Locked boxes (forced open), per class the ones it fits below its cap.
  const lockedCost = Float64Array.from(locked.map((d) => costOf(d[0], d[1], d[2])));
  const lockStart = i32(n + 1);
  const lockList: number[] = [];
  for (let j = 0; j < n; j++) {
    locked.forEach((d, q) => {
      if (lockedCost[q]! < u[j]! && fitsTableBox(t, j, d[0], d[1], d[2])) lockList.push(q);
    });
    lockStart[j + 1] = lockList.length;
  }

  const lo = f64(n);
  const hi = f64(n);
  const lambda = f64(n);
  const scale = f64(n);
  const iterations = Math.min(o.iterations, Math.max(20, Math.floor((o.runVisits ?? STEP_RUN_VISITS) / Math.max(1, nRuns))));
  const scaled = o.scaled && iterations < o.iterations ? o.scaled : null;
  const init = scaled ? scaled.init : o.init;
  for (let j = 0; j < n; j++) {
    const wj = w[j]!;
    // λ_j ≤ upper too: unbounded λ grow until Σ λ_j and Σ ρ_i cancel in rounding.
    const capJ = Math.min(Number.isFinite(u[j]!) ? wj * u[j]! : Infinity, Number.isFinite(o.upper) ? Math.max(o.upper, 0) : Infinity);
    let cheapest = cheapestRun[j]!;
    for (let q = lockStart[j]!; q < lockStart[j + 1]!; q++) cheapest = Math.min(cheapest, lockedCost[lockList[q]!]!);
    const first = Number.isFinite(cheapest) ? wj * cheapest : capJ;
    // A class no box serves cannot be bounded usefully (it is outside the objective).
    lo[j] = Number.isFinite(first) ? Math.min(first, capJ) : 0;
    hi[j] = Number.isFinite(capJ) ? capJ : Number.isFinite(first) ? Infinity : 0;
    const start = init ? init[j]! : lo[j]!;
    lambda[j] = Math.min(Math.max(start, lo[j]!), hi[j]!);
    const sj = scaled ? scaled.stepScale[j]! : 1;
    scale[j] = sj > 0 && Number.isFinite(sj) ? sj : 1;
  }
  const share = <T extends Int32Array | Float64Array>(a: T): T => {
    const out = (a instanceof Int32Array ? i32(a.length) : f64(a.length)) as T;
    out.set(a);
    return out;
  };
  const boxCostS = share(boxCost);
  return {
    n,
    k,
    weight: share(w),
    entryStart: share(t.entryStart),
    entries: share(t.entries),
    ta: share(ta),
    tb: share(tb),
    tc: share(tc),
    rowList: share(Int32Array.from(rowList)),
    rowLo: share(rowLo),
    rowHi: share(rowHi),
    rowBase: share(rowBase),
    boxCost: boxCostS,
    slotRow: share(slotRow),
    chunks: nChunks,
    runStart,
    runS,
    lockedCost: share(lockedCost),
    lockStart,
    lockList: share(Int32Array.from(lockList)),
    lo,
    hi,
    lambda,
    scale,
    applied: f64(n),
    dA: f64(slots),
    dB: f64(slots),
    len: tc.length < 65536 ? new Uint16Array(alloc(2 * nRuns)) : i32(nRuns),
    force: i32(1),
    iterations,
    scaled: scaled !== null,
    theta0: scaled ? THETA_SCALED : THETA_PLAIN,
    capped,
  };
}

/** Whether class j's frontier fits the box a × b × c. */
function fitsTableBox(t: Pick<ClassTable, 'entryStart' | 'entries'>, j: number, a: number, bb: number, c: number): boolean {
  for (let e = t.entryStart[j]!; e < t.entryStart[j + 1]!; e++) {
    if (t.entries[3 * e]! <= a + TOL && t.entries[3 * e + 1]! <= bb + TOL && t.entries[3 * e + 2]! <= c + TOL) return true;
  }
  return false;
}

/** The arrays of one tight bound (buildTightRelation); lambda, applied, dA, dB, len and force change as it runs. */
export interface TightRelation {
  n: number;
  k: number;
  weight: Float64Array;
  entryStart: Int32Array;
  entries: Float64Array;
  ta: Float64Array;
  tb: Float64Array;
  tc: Float64Array;
  /** Rows reached, in slot order (id = p · |tb| + q). */
  rowList: Int32Array;
  rowLo: Int32Array;
  rowHi: Int32Array;
  /** First slot of each row (−1: not reached); a row has rowHi − rowLo slots and a spare one (cost Infinity). */
  rowBase: Int32Array;
  boxCost: Float64Array;
  slotRow: Int32Array;
  chunks: number;
  /** Runs of chunk c and class j: runS[runStart[c·n + j] .. runStart[c·n + j + 1]), first box's cost ascending. */
  runStart: Int32Array;
  runS: Int32Array;
  lockedCost: Float64Array;
  lockStart: Int32Array;
  lockList: Int32Array;
  lo: Float64Array;
  hi: Float64Array;
  lambda: Float64Array;
  /** Per class, how far λ_j moves per unit of step (TightBoundOptions.scaled; 1: plain steps). */
  scale: Float64Array;
  /** The λ the end marks hold. */
  applied: Float64Array;
  dA: Float64Array;
  dB: Float64Array;
  /** Each run's boxes below λ_j. */
  len: Uint16Array | Int32Array;
  /** force[0] = 1: place every class (the first step and the final clean sums). */
  force: Int32Array;
  iterations: number;
  /** Whether the steps are scaled (TightBoundOptions.scaled: the budget cut them). */
  scaled: boolean;
  /** First θ of the steps. */
  theta0: number;
  capped: number;
}

/**
 * Move chunk c's end marks from the applied λ to the current one, for every class whose λ moved
 * (or every class when force[0] is set). dA, dB: Σ w_j and Σ λ_j of the runs below λ covering a
 * slot, as end marks; len: each run's boxes below λ_j.
 */
export function placeTightChunk(rel: TightRelation, c: number): void {
  const { n, weight: w, lambda, applied, runStart, runS, boxCost, dA, dB, len } = rel;
  const force = rel.force[0] !== 0;
  const base = c * n;
  for (let j = 0; j < n; j++) {
    const lam = lambda[j]!;
    const old = applied[j]!;
    if (!force && lam === old) continue;
    const wj = w[j]!;
    const delta = lam - old;
    // Runs sorted by their first box's cost: past the first one empty under both λ, all are.
    const reach = Math.max(old, lam);
    for (let r = runStart[base + j]!; r < runStart[base + j + 1]!; r++) {
      const s = runS[r]!;
      if (!(wj * boxCost[s]! < reach)) break;
      const e0 = s + len[r]!;
      // Boxes past the run's cap cost at least cap_j / w_j ≥ λ_j / w_j, and the row's spare slot
      // costs Infinity: the scan stops inside the run.
      let e = e0;
      while (wj * boxCost[e]! < lam) e++;
      while (e > s && wj * boxCost[e - 1]! >= lam) e--;
      if (e === e0) {
        if (e > s) {
          dB[s] = dB[s]! + delta;
          dB[e] = dB[e]! - delta;
        }
        continue;
      }
      len[r] = e - s;
      if (e0 > s) {
        dA[s] = dA[s]! - wj;
        dA[e0] = dA[e0]! + wj;
        dB[s] = dB[s]! - old;
        dB[e0] = dB[e0]! + old;
      }
      if (e > s) {
        dA[s] = dA[s]! + wj;
        dA[e] = dA[e]! - wj;
        dB[s] = dB[s]! + lam;
        dB[e] = dB[e]! - lam;
      }
    }
  }
}

/**
 * The subgradient steps of computeTightBound over a built relation; `place` moves every chunk's
 * end marks to the current λ (placeTightChunk for each chunk, here or in other threads).
 */
export function runTightSteps(
  rel: TightRelation,
  upper: number,
  theta0: number,
  place: () => void,
  stop?: () => boolean,
  beta = TIGHT_DEFLECTION,
  so: TightStepOptions = {},
): { bound: number; stats: TightBoundStats } {
  const { n, k, weight: w, ta, tb, tc, rowList, rowLo, rowHi, rowBase, boxCost, slotRow, lockedCost, lockStart, lockList, lo, hi, lambda, scale, applied, dA, dB } = rel;
  const nb = tb.length;
  const slots = boxCost.length;
  const free = Math.max(0, k - lockedCost.length);
  let best = 0;
  for (let j = 0; j < n; j++) best += lo[j]!;
  const placeAll = (force: boolean): void => {
    rel.force[0] = force ? 1 : 0;
    place();
    applied.set(lambda);
  };
  const rho = new Float64Array(slots);
  const top = new Int32Array(Math.max(1, free));
  const g = new Float64Array(n);
  const d = new Float64Array(n);
  const openA = new Float64Array(free);
  const openB = new Float64Array(free);
  const openC = new Float64Array(free);
  const openCost = new Float64Array(free);
  let bestLambda: Float64Array | null = null;
  let theta = theta0;
  // Small relations take every step asked for; large ones as many as the work budget allows.
  const iterations = rel.iterations;
  // θ halves after `patience` steps without progress. Plain steps: a tenth of the steps, 5 to 30
  // (with 1,000 steps a patience of 100 left Olist at 0.84 %, 30 at 0.79 %). Scaled steps: a
  // fifteenth, 10 to 30 (at 100k 128 steps, 10; Olist's 1,000 scaled steps: 0.78 % with 30, 0.88 %
  // with 10).
  const patience = so.patience ?? (rel.scaled ? Math.min(30, Math.max(10, Math.floor(iterations / 15))) : Math.min(30, Math.max(5, Math.floor(iterations / 10))));
  let idle = 0;
  let it = 0;
  /** L(λ) for the λ placed in dA, dB; leaves the open boxes in top[0 .. returned count). */
  const dual = (): { value: number; kept: number } => {
    let value = 0;
    for (let j = 0; j < n; j++) {
      const lam = lambda[j]!;
      value += lam;
      for (let q = lockStart[j]!; q < lockStart[j + 1]!; q++) {
        const c = w[j]! * lockedCost[lockList[q]!]!;
        if (c < lam) value += c - lam;
      }
    }
    // ρ_i = Σ_j (w_j·c_i − λ_j) over the runs covering i; sums restart at every row.
    for (const id of rowList) {
      const base = rowBase[id]!;
      const end = base + rowHi[id]! - rowLo[id]!;
      let sa = 0;
      let sb = 0;
      for (let i = base; i < end; i++) {
        sa += dA[i]!;
        sb += dB[i]!;
        rho[i] = sa > 0 ? sa * boxCost[i]! - sb : 0;
      }
    }
    // The `free` most negative ρ (ties to the lower slot), in a sorted buffer of `free`.
    let kept = 0;
    for (let i = 0; free > 0 && i < slots; i++) if (rho[i]! < 0) kept = keepMostNegative(top, kept, free, rho, i);
    for (let q = 0; q < kept; q++) value += rho[top[q]!]!;
    return { value, kept };
  };
  for (; it < iterations; it++) {
    if (stop?.()) break;
    placeAll(it === 0);
    const { value, kept } = dual();
    for (let q = 0; q < kept; q++) {
      const i = top[q]!;
      const id = slotRow[i]!;
      openA[q] = ta[Math.floor(id / nb)]!;
      openB[q] = tb[id % nb]!;
      openC[q] = tc[rowLo[id]! + i - rowBase[id]!]!;
      openCost[q] = boxCost[i]!;
    }
    if (value > best) {
      best = value;
      bestLambda = Float64Array.from(lambda);
      idle = 0;
    } else if (++idle >= patience) {
      theta /= 2;
      idle = 0;
    }
    so.trace?.(it, value, best, theta);
    if (upper - best <= 1e-9 * Math.abs(upper)) break;

    let norm = 0;
    for (let j = 0; j < n; j++) {
      const lam = lambda[j]!;
      const wj = w[j]!;
      let served = 0;
      for (let q = 0; q < kept; q++) if (wj * openCost[q]! < lam && fitsTableBox(rel, j, openA[q]!, openB[q]!, openC[q]!)) served++;
      for (let q = lockStart[j]!; q < lockStart[j + 1]!; q++) if (wj * lockedCost[lockList[q]!]! < lam) served++;
      let gj = 1 - served;
      // A multiplier held at its limit cannot move that way: keep it out of the step's norm.
      if ((gj < 0 && lam <= lo[j]!) || (gj > 0 && lam >= hi[j]!)) gj = 0;
      // In the metric of `scale` (λ_j = scale_j · μ_j, steps on μ): λ_j moves by scale_j · g_j, and
      // the Polyak step divides by Σ scale_j g_j². Unscaled, every class moved by the same cost,
      // whatever its weight: at 100k the bound then stalled near 3.2 % after 1,500 steps.
      g[j] = gj * scale[j]!;
      norm += gj * gj * scale[j]!;
    }
    if (norm === 0) break;
    // Deflected direction d = g + β·d_prev (kept inside λ's limits): it damps the zig-zag of
    // plain subgradient steps (bench/README.md, "The runs collected in the worker threads, and
    // deflected steps").
    if (beta !== 0) {
      norm = 0;
      for (let j = 0; j < n; j++) {
        let dj = g[j]! + beta * d[j]!;
        const lam = lambda[j]!;
        if ((dj < 0 && lam <= lo[j]!) || (dj > 0 && lam >= hi[j]!)) dj = 0;
        d[j] = dj;
        g[j] = dj;
        norm += (dj * dj) / scale[j]!;
      }
      if (norm === 0) break;
    }
    const gapToUpper = Number.isFinite(upper) && upper > value ? upper - value : Math.abs(value) * 0.01 + 1e-9;
    const step = (theta * gapToUpper) / norm;
    for (let j = 0; j < n; j++) {
      const v = lambda[j]! + step * g[j]!;
      lambda[j] = v < lo[j]! ? lo[j]! : v > hi[j]! ? hi[j]! : v;
    }
    if (theta < 1e-6) break;
  }
  // The marks were moved up and down many times: L at the best λ again, from clean sums.
  let bound = 0;
  for (let j = 0; j < n; j++) bound += lo[j]!;
  if (bestLambda) {
    lambda.set(bestLambda);
    dA.fill(0);
    dB.fill(0);
    rel.len.fill(0);
    applied.fill(0);
    placeAll(true);
    bound = Math.max(bound, dual().value);
  }
  // ρ is summed per row from the runs' end marks: a little more rounding than pair by pair.
  return { bound: bound - 1e-9 * Math.abs(bound), stats: { runs: rel.runS.length, boxes: slots - rowList.length, capped: rel.capped, iterations: it } };
}
