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
  fitCand: Int32Array;
  /** Cost of each fit pair beside fitCand, where it depends on the class (cost objective); else candCost. */
  fitCost?: Float64Array | null;
  /**
   * Optional per-class ceiling on λ_j (weighted cost). Fit pairs costing at least the ceiling may
   * then be left out of fitCand: with λ_j below them they contribute nothing.
   */
  lambdaCap: Float64Array | null;
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
  const n = b.nClasses;
  const m = b.nCandidates;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  const lambda = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const w = b.classWeight[j]!;
    const cap = b.lambdaCap ? b.lambdaCap[j]! : Infinity;
    const f = b.fitStart[j]!;
    const first = f < b.fitStart[j + 1]! ? w * (b.fitCost ? b.fitCost[f]! : b.candCost[b.fitCand[f]!]!) : cap;
    // A class no candidate serves cannot be bounded usefully (it is outside the objective).
    lo[j] = Number.isFinite(first) ? Math.min(first, cap) : 0;
    hi[j] = Number.isFinite(cap) ? cap : Number.isFinite(first) ? Infinity : 0;
    const start = init ? init[j]! : lo[j]!;
    lambda[j] = Math.min(Math.max(start, lo[j]!), hi[j]!);
  }
  // λ = each class's cheapest box gives ρ ≡ 0: the trivial bound, valid for any K.
  let best = 0;
  for (let j = 0; j < n; j++) best += lo[j]!;

  let free = b.k;
  for (let i = 0; i < m; i++) if (b.candLocked[i]) free--;
  free = Math.max(free, 0);

  const rho = new Float64Array(m);
  // Weighted cost of every fit pair, and per class the end of the pairs cheaper than λ_j (the
  // step's subgradient needs exactly the pairs the dual value summed).
  const pairCost = new Float64Array(b.fitStart[n]!);
  for (let j = 0; j < n; j++) {
    const w = b.classWeight[j]!;
    for (let p = b.fitStart[j]!; p < b.fitStart[j + 1]!; p++) pairCost[p] = w * (b.fitCost ? b.fitCost[p]! : b.candCost[b.fitCand[p]!]!);
  }
  const below = new Int32Array(n);
  const open = new Uint8Array(m);
  const neg = new Int32Array(m);
  const top = new Int32Array(Math.max(1, free));
  const g = new Float64Array(n);
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
    rho.fill(0);
    let value = 0;
    for (let j = 0; j < n; j++) {
      const lam = lambda[j]!;
      value += lam;
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
    open.fill(0);
    let cnt = 0;
    for (let i = 0; i < m; i++) {
      if (b.candLocked[i]) {
        open[i] = 1;
        value += rho[i]!;
      } else if (rho[i]! < 0) neg[cnt++] = i;
    }
    // Open the `free` most negative ρ (ties to the lower index). K is small and the negative
    // candidates can number tens of thousands: keep a sorted buffer of K instead of sorting them all.
    const take = Math.min(cnt, free);
    let kept = 0;
    for (let q = 0; take > 0 && q < cnt; q++) {
      const i = neg[q]!;
      const r = rho[i]!;
      if (kept === take) {
        const last = top[kept - 1]!;
        if (r > rho[last]! || (r === rho[last]! && i > last)) continue;
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
    }
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

    let norm = 0;
    for (let j = 0; j < n; j++) {
      const lam = lambda[j]!;
      let served = 0;
      const end = below[j]!;
      for (let p = b.fitStart[j]!; p < end; p++) served += open[b.fitCand[p]!]!;
      let gj = 1 - served;
      // A multiplier held at its limit cannot move that way: keep it out of the step's norm.
      if ((gj < 0 && lam <= lo[j]!) || (gj > 0 && lam >= hi[j]!)) gj = 0;
      g[j] = gj;
      norm += gj * gj;
    }
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
