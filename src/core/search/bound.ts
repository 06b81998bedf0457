// Lower bound on the best K-suite: Lagrangian relaxation of the p-median's assignment
// constraints, maximised by subgradient steps. For any multipliers λ the dual value
//   L(λ) = Σ_j λ_j + min over suites of Σ_{i open} Σ_j min(0, w_j·c_i − λ_j)
// is a valid lower bound (locked boxes forced open, the other K−L slots the most negative
// ρ_i), so the bound is the best value seen, whatever the step sizes do.

/** Work budget of one bound, in fit-pair visits of the subgradient steps. */
const MAX_PAIR_VISITS = 1_000_000_000;

/** The fit relation the bound needs: per class, candidates in ascending cost. */
export interface BoundInput {
  nClasses: number;
  nCandidates: number;
  k: number;
  classWeight: Float64Array;
  candCost: Float64Array;
  candLocked: Uint8Array;
  fitStart: Int32Array;
  fitCand: Int32Array | Uint16Array;
  /** Cost of each fit pair beside fitCand, where it depends on the class (cost objective); else candCost. */
  fitCost?: Float64Array | null;
  /**
   * Optional per-class ceiling on λ_j (weighted cost). Fit pairs costing at least the ceiling may
   * then be left out of fitCand: with λ_j below them they contribute nothing.
   */
  lambdaCap: Float64Array | null;
}

/**
 * The subgradient's working arrays. Plain typed arrays, so a parallel layer can back them by
 * SharedArrayBuffers (see `alloc`) and split the steps' sums among threads.
 */
export interface BoundState {
  /** λ_j's limits and current value, per class. */
  lo: Float64Array;
  hi: Float64Array;
  lambda: Float64Array;
  /** Per candidate: Σ over the pairs cheaper than λ_j of (cost − λ_j), summed in class order. */
  rho: Float64Array;
  /** Per candidate: opened by the current step. */
  open: Uint8Array;
  /** Per class: the step's subgradient. */
  g: Float64Array;
  /** The trivial bound (λ = each class's cheapest box), the best value before any step. */
  trivial: number;
}

/** Allocates the bytes of one typed array (a SharedArrayBuffer for threads; default ArrayBuffer). */
export type BoundAlloc = (bytes: number) => ArrayBufferLike;
const plainAlloc: BoundAlloc = (bytes) => new ArrayBuffer(bytes);

/** λ's limits and start, and the arrays every step reads and writes. */
export function createBoundState(b: BoundInput, init: Float64Array | null, alloc: BoundAlloc = plainAlloc): BoundState {
  const n = b.nClasses;
  const m = b.nCandidates;
  const f64 = (len: number): Float64Array => new Float64Array(alloc(len * 8));
  const lo = f64(n);
  const hi = f64(n);
  const lambda = f64(n);
  for (let j = 0; j < n; j++) {
    const w = b.classWeight[j]!;
    const cap = b.lambdaCap ? b.lambdaCap[j]! : Infinity;
    const f = b.fitStart[j]!;
    const first = f < b.fitStart[j + 1]! ? w * pairCostOf(b, f) : cap;
    // A class no candidate serves cannot be bounded usefully (it is outside the objective).
    lo[j] = Number.isFinite(first) ? Math.min(first, cap) : 0;
    hi[j] = Number.isFinite(cap) ? cap : Number.isFinite(first) ? Infinity : 0;
    const start = init ? init[j]! : lo[j]!;
    lambda[j] = Math.min(Math.max(start, lo[j]!), hi[j]!);
  }
  // λ = each class's cheapest box gives ρ ≡ 0: the trivial bound, valid for any K.
  let trivial = 0;
  for (let j = 0; j < n; j++) trivial += lo[j]!;
  return { lo, hi, lambda, rho: f64(m), open: new Uint8Array(alloc(m)), g: f64(n), trivial };
}

/** Unweighted cost of fit pair p. */
function pairCostOf(b: BoundInput, p: number): number {
  return b.fitCost ? b.fitCost[p]! : b.candCost[b.fitCand[p]!]!;
}

/**
 * How one step computes ρ and the subgradient: class by class on one thread (inThreadSteps), or
 * split among threads by candidate ranges and class ranges (SegmentedFit). Either way every ρ_i
 * adds the same terms in class order and Σ g_j² is a sum of integers: the same bound, bit for bit.
 */
export interface BoundSteps {
  /** ρ for every candidate at the current λ (state.rho). */
  rho(): void;
  /** g_j for every class (state.g) at the current λ and open set; returns Σ g_j². */
  subgradient(): number;
}

/** The in-thread steps: ρ class by class, then the subgradient over every class. */
export function inThreadSteps(b: BoundInput, st: BoundState): BoundSteps {
  const n = b.nClasses;
  const { rho, lambda, lo, hi, open } = st;
  // Weighted cost of every fit pair, and per class the end of the pairs cheaper than λ_j (the
  // step's subgradient needs exactly the pairs the dual value summed).
  const pairCost = new Float64Array(b.fitStart[n]!);
  for (let j = 0; j < n; j++) {
    const w = b.classWeight[j]!;
    for (let p = b.fitStart[j]!; p < b.fitStart[j + 1]!; p++) pairCost[p] = w * pairCostOf(b, p);
  }
  const below = new Int32Array(n);
  return {
    rho: () => {
      rho.fill(0);
      for (let j = 0; j < n; j++) {
        const lam = lambda[j]!;
        const end = b.fitStart[j + 1]!;
        let p = b.fitStart[j]!;
        for (; p < end; p++) {
          const c = pairCost[p]!;
          if (c >= lam) break;
          const i = b.fitCand[p]!;
          rho[i] = rho[i]! + (c - lam);
        }
        below[j] = p;
      }
    },
    subgradient: () => {
      let norm = 0;
      for (let j = 0; j < n; j++) {
        const lam = lambda[j]!;
        let served = 0;
        const end = below[j]!;
        for (let p = b.fitStart[j]!; p < end; p++) served += open[b.fitCand[p]!]!;
        norm += clampedSubgradient(st, j, 1 - served, lam);
      }
      return norm;
    },
  };
}

/** g_j = gj, or 0 where λ_j is held at the limit gj would cross; returns g_j². */
function clampedSubgradient(st: BoundState, j: number, gj: number, lam: number): number {
  // A multiplier held at its limit cannot move that way: keep it out of the step's norm.
  if ((gj < 0 && lam <= st.lo[j]!) || (gj > 0 && lam >= st.hi[j]!)) gj = 0;
  st.g[j] = gj;
  return gj * gj;
}

/**
 * The fit pairs cut for threads: candidates in `chunks` contiguous index ranges (candBound), and
 * each class's pairs grouped by range, in their order within a group (segStart[j·(chunks+1) + r]
 * .. [+ r + 1] are class j's pairs with a candidate of range r). Laid out class by class like
 * fitCand, so fillSegments can fill classes in parallel.
 */
export interface SegmentedFit {
  chunks: number;
  candBound: Int32Array;
  segStart: Int32Array;
  segCand: Int32Array;
  /** Weighted cost of each pair. */
  segCost: Float64Array;
  /** segStart's layout: the end of each segment's pairs cheaper than λ_j (set by segmentRho). */
  segBelow: Int32Array;
  /** Set to 1 by fillSegments when some class's pair costs do not ascend (or are NaN). */
  unordered: Int32Array;
}

/**
 * Cut the candidates into `chunks` ranges of about equal pair counts and allocate the segments
 * (filled by fillSegments).
 */
export function planSegments(b: BoundInput, chunks: number, alloc: BoundAlloc = plainAlloc): SegmentedFit {
  const n = b.nClasses;
  const m = b.nCandidates;
  const total = b.fitStart[n]!;
  const perCand = new Int32Array(m);
  for (let p = 0; p < total; p++) perCand[b.fitCand[p]!]!++;
  const candBound = new Int32Array(alloc((chunks + 1) * 4));
  let acc = 0;
  let r = 1;
  for (let i = 0; i < m && r < chunks; i++) {
    acc += perCand[i]!;
    while (r < chunks && acc >= (total * r) / chunks) candBound[r++] = i + 1;
  }
  while (r <= chunks) candBound[r++] = m;
  return {
    chunks,
    candBound,
    segStart: new Int32Array(alloc(n * (chunks + 1) * 4)),
    segCand: new Int32Array(alloc(total * 4)),
    segCost: new Float64Array(alloc(total * 8)),
    segBelow: new Int32Array(alloc(n * (chunks + 1) * 4)),
    unordered: new Int32Array(alloc(4)),
  };
}

/** Fill the segments of classes [j0, j1): a stable grouping of each class's pairs by candidate range. */
export function fillSegments(b: BoundInput, s: SegmentedFit, j0: number, j1: number): void {
  const R = s.chunks;
  const count = new Int32Array(R + 1);
  for (let j = j0; j < j1; j++) {
    const w = b.classWeight[j]!;
    const f0 = b.fitStart[j]!;
    const f1 = b.fitStart[j + 1]!;
    count.fill(0);
    let prev = -Infinity;
    let ordered = true;
    for (let p = f0; p < f1; p++) {
      count[rangeOf(s.candBound, b.fitCand[p]!) + 1]!++;
      const c = w * pairCostOf(b, p);
      if (!(c >= prev)) ordered = false;
      prev = c;
    }
    if (!ordered) s.unordered[0] = 1;
    const base = j * (R + 1);
    let at = f0;
    for (let r = 0; r <= R; r++) {
      at += count[r]!;
      s.segStart[base + r] = at;
      count[r] = at;
    }
    for (let p = f0; p < f1; p++) {
      const i = b.fitCand[p]!;
      const q = count[rangeOf(s.candBound, i)]!++;
      s.segCand[q] = i;
      s.segCost[q] = w * pairCostOf(b, p);
    }
  }
}

/** The range of candidate i: the last r with candBound[r] ≤ i. */
function rangeOf(candBound: Int32Array, i: number): number {
  let lo = 0;
  let hi = candBound.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (candBound[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * ρ of the candidates of range r: class by class, each class's pairs of the range cheaper than
 * λ_j. With ascending pair costs these are the very terms, in the same order, that the in-thread
 * step adds to each ρ_i.
 */
export function segmentRho(s: SegmentedFit, st: BoundState, nClasses: number, r: number): void {
  const { rho, lambda } = st;
  const { segStart, segCand, segCost, segBelow } = s;
  const R1 = s.chunks + 1;
  for (let i = s.candBound[r]!; i < s.candBound[r + 1]!; i++) rho[i] = 0;
  for (let j = 0; j < nClasses; j++) {
    const lam = lambda[j]!;
    const end = segStart[j * R1 + r + 1]!;
    let q = segStart[j * R1 + r]!;
    for (; q < end; q++) {
      const c = segCost[q]!;
      if (c >= lam) break;
      const i = segCand[q]!;
      rho[i] = rho[i]! + (c - lam);
    }
    segBelow[j * R1 + r] = q;
  }
}

/**
 * g_j of classes [j0, j1) from the pairs segmentRho summed at the same λ (every range's rho must
 * have run since λ changed); returns their Σ g_j² (an integer).
 */
export function segmentSubgradient(s: SegmentedFit, st: BoundState, j0: number, j1: number): number {
  const { lambda, open } = st;
  const { segStart, segCand, segBelow } = s;
  const R1 = s.chunks + 1;
  let norm = 0;
  for (let j = j0; j < j1; j++) {
    const lam = lambda[j]!;
    let served = 0;
    for (let r = 0; r < R1 - 1; r++) {
      const end = segBelow[j * R1 + r]!;
      for (let p = segStart[j * R1 + r]!; p < end; p++) served += open[segCand[p]!]!;
    }
    norm += clampedSubgradient(st, j, 1 - served, lam);
  }
  return norm;
}

/**
 * Best Lagrangian dual value over `iterations` subgradient steps (Polyak step towards `upper`,
 * the incumbent's objective). `init` (weighted costs, e.g. each class's incumbent cost) seeds λ.
 */
export function computeLagrangianBound(
  b: BoundInput,
  upper: number,
  iterations: number,
  init: Float64Array | null,
  stop?: () => boolean,
): number {
  const st = createBoundState(b, init);
  return runSubgradient(b, st, upper, iterations, inThreadSteps(b, st), stop);
}

/**
 * The subgradient iterations of computeLagrangianBound on a prepared state, ρ and the
 * subgradient computed by `steps` (in this thread, or split among threads).
 */
export function runSubgradient(
  b: BoundInput,
  st: BoundState,
  upper: number,
  iterations: number,
  steps: BoundSteps,
  stop?: () => boolean,
): number {
  const n = b.nClasses;
  const m = b.nCandidates;
  const { lo, hi, lambda, rho, open, g } = st;
  let best = st.trivial;

  let free = b.k;
  for (let i = 0; i < m; i++) if (b.candLocked[i]) free--;
  free = Math.max(free, 0);

  const neg = new Int32Array(m);
  const top = new Int32Array(Math.max(1, free));
  // Polyak steps towards the incumbent, θ halved after a tenth of the budget without progress;
  // θ = 4 measured best on bench/quality.ts instances (2 converges too slowly, 6 overshoots).
  let theta = 4;
  // Each step visits every fit pair twice: keep the whole bound within a few seconds.
  const pairs = Math.max(1, b.fitStart[n]!);
  iterations = Math.min(iterations, Math.max(20, Math.floor(MAX_PAIR_VISITS / pairs)));
  const patience = Math.max(5, Math.floor(iterations / 10));
  let idle = 0;
  for (let it = 0; it < iterations; it++) {
    if (stop?.()) break;
    steps.rho();
    let value = 0;
    for (let j = 0; j < n; j++) value += lambda[j]!;
    open.fill(0);
    let cnt = 0;
    for (let i = 0; i < m; i++) {
      if (b.candLocked[i]) {
        open[i] = 1;
        value += rho[i]!;
      } else if (rho[i]! < 0) neg[cnt++] = i;
    }
    // Open the `free` most negative ρ (ties to the lower index).
    const take = Math.min(cnt, free);
    let kept = 0;
    for (let q = 0; take > 0 && q < cnt; q++) kept = keepMostNegative(top, kept, take, rho, neg[q]!);
    for (let q = 0; q < take; q++) {
      const i = top[q]!;
      open[i] = 1;
      value += rho[i]!;
    }
    if (value > best) {
      best = value;
      idle = 0;
    } else if (++idle >= patience) {
      theta /= 2;
      idle = 0;
    }
    if (upper - best <= 1e-9 * Math.abs(upper)) break;

    const norm = steps.subgradient();
    if (norm === 0) break; // every class served exactly once: L(λ) is the optimum of its suite
    const gapToUpper = Number.isFinite(upper) && upper > value ? upper - value : Math.abs(value) * 0.01 + 1e-9;
    const step = (theta * gapToUpper) / norm;
    for (let j = 0; j < n; j++) {
      const v = lambda[j]! + step * g[j]!;
      lambda[j] = v < lo[j]! ? lo[j]! : v > hi[j]! ? hi[j]! : v;
    }
    if (theta < 1e-6) break;
  }
  // Rounding in the sums is the only way L(λ) could exceed the optimum; stay clear of it.
  return best - 1e-12 * Math.abs(best);
}

/**
 * Offer index `i` to `top`, which holds the `kept` most negative ρ seen so far (at most `cap`),
 * sorted ascending, ties to the lower index. Returns the new count. K is small and the negative
 * candidates can number tens of thousands: a sorted buffer of K instead of sorting them all.
 */
export function keepMostNegative(top: Int32Array, kept: number, cap: number, rho: Float64Array, i: number): number {
  const r = rho[i]!;
  if (kept === cap) {
    const last = top[kept - 1]!;
    if (r > rho[last]! || (r === rho[last]! && i > last)) return kept;
    kept--;
  }
  let pos = kept++;
  while (pos > 0) {
    const prev = top[pos - 1]!;
    if (rho[prev]! < r || (rho[prev]! === r && prev < i)) break;
    top[pos] = prev;
    pos--;
  }
  top[pos] = i;
  return kept;
}
