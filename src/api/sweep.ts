// sweep(): optimize for every K in a range on inputs read once, and recommend the K after which
// one more box size stops paying off (SPEC §2 `sweep`).
import type { Params } from '../core/params.js';
import type { Objective } from '../core/fit.js';
import { prepareOptimization, searchSuite, type OptimizeOptions, type OptimizeReport, type OptimizeRun } from './optimize.js';
import type { InputSummary, SuiteReport } from './report.js';
import { UsageError } from '../errors.js';
import type { OutOfSample } from './holdout.js';

export interface SweepPoint {
  k: number;
  /** The optimized suite's objective (total box volume, or blank area) on the search's terms. */
  objective: number;
  bound: number;
  gap_pct: number | null;
  /** Savings against the current suite, as `optimize` reports them. */
  savings: OptimizeReport['savings'];
  /** Further reduction of the objective from K−1 to K boxes, in % of the K−1 objective (null at k_min). */
  marginal_gain_pct: number | null;
  /**
   * With a cost model: the money the K-th box saves, total cost at K−1 minus at K (currency, the
   * suites evaluated exactly); null at k_min or without a cost model.
   */
  marginal_saving: number | null;
  /** How this K's search ended: each K has its own --time-limit. */
  stopped: OptimizeReport['search']['stopped'];
  warnings: string[];
  /** This K's suite against the current one on the held-out shipments (SPEC §11): savings and their 95 % intervals. */
  out_of_sample?: Pick<OutOfSample, 'savings' | 'savings_ci95'> & { fitted: number };
  boxes: OptimizeReport['optimized']['metrics']['boxes'];
  metrics: Omit<OptimizeReport['optimized']['metrics'], 'boxes'>;
}

export interface SweepReport {
  command: 'sweep';
  units: Params['units'];
  objective: Objective;
  input: InputSummary;
  current: SuiteReport;
  /** The current suite on the held-out shipments (each curve point carries its K's out-of-sample savings). */
  out_of_sample?: Pick<OutOfSample, 'shipments' | 'current' | 'bootstrap'>;
  k_min: number;
  k_max: number;
  curve: SweepPoint[];
  /**
   * The smallest K whose next box saves less than sweep_min_gain_pct (k_max when every step pays
   * and the sweep reached it); null when the sweep was cut short before the evidence existed.
   */
  recommended_k: number | null;
  /** Why that K (or why none), naming the rule. */
  recommendation: string;
  /** The rule: `box_sku_cost` (money, with a cost model and box_sku_cost > 0) or `sweep_min_gain_pct`. */
  recommendation_rule: RecommendationRule['kind'];
  min_gain_pct: number;
  box_sku_cost: number;
  search: {
    seed: number;
    threads: number;
    seconds: number;
    /** 'interrupted' when Ctrl-C cut the sweep short; else 'time_limit' when some K hit its limit. */
    stopped: OptimizeReport['search']['stopped'];
    /** The K whose search hit --time-limit (each K has its own). */
    time_limit_k: number[];
  };
}

export interface SweepOptions extends OptimizeOptions {
  kMin: number;
  kMax: number;
  /** Called as the search of each K starts. */
  onK?: (k: number) => void;
  /** Receives each K's run (its suite and assignment: what the --out files describe). */
  onSuite?: (run: OptimizeRun) => void;
}

/**
 * When one more box size pays (SPEC §10): its saving in % of the objective reaches
 * sweep_min_gain_pct, or, with a cost model and box_sku_cost > 0, the money it saves reaches
 * box_sku_cost (the cost of stocking one more size over the period of the history).
 */
export type RecommendationRule = { kind: 'sweep_min_gain_pct'; minGainPct: number } | { kind: 'box_sku_cost'; skuCost: number; currency: string };

/**
 * The smallest K whose next box saves less than the rule asks, judged only on K whose successor
 * was searched to the end (an interrupted search is no evidence). When every searched step pays,
 * k_max if the sweep reached it (`complete`), else null: a K whose successor was never searched is
 * never recommended. A bare number is the sweep_min_gain_pct rule.
 */
export function recommendK(
  curve: readonly (Pick<SweepPoint, 'k' | 'marginal_gain_pct' | 'stopped'> & { marginal_saving?: number | null })[],
  rule: RecommendationRule | number,
  complete = true,
): { k: number | null; reason: string } {
  const r: RecommendationRule = typeof rule === 'number' ? { kind: 'sweep_min_gain_pct', minGainPct: rule } : rule;
  const money = r.kind === 'box_sku_cost';
  const gainOf = (p: (typeof curve)[number]) => (money ? (p.marginal_saving ?? null) : p.marginal_gain_pct);
  const amount = (x: number) => (money ? `${x.toFixed(2)}${r.currency ? ' ' + r.currency : ''}` : `${x.toFixed(2)}%`);
  const threshold = r.kind === 'box_sku_cost' ? `box_sku_cost ${amount(r.skuCost)}` : `sweep_min_gain_pct ${r.minGainPct}%`;
  const min = r.kind === 'box_sku_cost' ? r.skuCost : r.minGainPct;
  const evidence = curve.filter((p) => p.stopped !== 'interrupted');
  for (let i = 0; i + 1 < evidence.length; i++) {
    const next = evidence[i + 1]!;
    if (next.k !== evidence[i]!.k + 1) break;
    const gain = gainOf(next);
    if (gain !== null && gain < min) {
      return { k: evidence[i]!.k, reason: `K = ${next.k} saves ${amount(gain)} more, less than ${threshold}` };
    }
  }
  const last = evidence[evidence.length - 1];
  if (complete && last) return { k: last.k, reason: `every box size up to K = ${last.k} (k_max) saves at least ${threshold}; a larger --k-max may pay` };
  const searched = evidence.length > 0 ? `K = ${evidence[0]!.k}..${last!.k} were searched` : 'no K was searched to the end';
  return { k: null, reason: `the sweep was cut short: ${searched}, and every box size among them still saves at least ${threshold}; no K is recommended without its successor searched` };
}

/** Optimize for every K in kMin..kMax on inputs read once (SPEC §2 `sweep`). */
export async function sweep(options: SweepOptions): Promise<SweepReport> {
  const { kMin, kMax } = options;
  if (!(kMin >= 1 && kMax >= kMin)) throw new UsageError(`--k-min ${kMin} and --k-max ${kMax}: need 1 ≤ k-min ≤ k-max`);
  const prep = await prepareOptimization(options);
  const curve: SweepPoint[] = [];
  let interrupted = false;
  let previous: number | null = null;
  let previousCost: number | null = null;
  let heldOut: SweepReport['out_of_sample'] | undefined;
  for (let k = kMin; k <= kMax && !interrupted; k++) {
    options.onK?.(k);
    let run: OptimizeRun;
    try {
      run = await searchSuite(prep, k);
    } catch (err) {
      // Interrupted before this K had a suite worth reporting: the curve ends at the previous K.
      if (options.signal?.aborted) break;
      throw err;
    }
    options.onSuite?.(run);
    const { report } = run;
    const objective = report.bound.objective;
    const { boxes, ...metrics } = report.optimized.metrics;
    const oos = report.out_of_sample;
    if (oos) heldOut ??= { shipments: oos.shipments, current: oos.current, bootstrap: oos.bootstrap };
    curve.push({
      k,
      objective,
      bound: report.bound.value,
      gap_pct: report.bound.gap_pct,
      savings: report.savings,
      marginal_gain_pct: previous === null || previous <= 0 ? null : (100 * (previous - objective)) / previous,
      marginal_saving: previousCost === null || metrics.total_cost === undefined ? null : previousCost - metrics.total_cost,
      stopped: report.search.stopped,
      warnings: report.warnings,
      ...(oos ? { out_of_sample: { savings: oos.savings, savings_ci95: oos.savings_ci95, fitted: oos.optimized.metrics.fitted } } : {}),
      boxes,
      metrics,
    });
    previous = objective;
    previousCost = metrics.total_cost ?? null;
    interrupted = report.search.stopped === 'interrupted';
  }
  interrupted ||= options.signal?.aborted ?? false;
  const { params } = options;
  const complete = !interrupted && curve[curve.length - 1]?.k === kMax;
  const withCost = prep.current.report.current.metrics.total_cost !== undefined;
  const rule: RecommendationRule =
    withCost && params.box_sku_cost > 0
      ? { kind: 'box_sku_cost', skuCost: params.box_sku_cost, currency: params.currency }
      : { kind: 'sweep_min_gain_pct', minGainPct: params.sweep_min_gain_pct };
  const recommendation = recommendK(curve, rule, complete);
  const timeLimited = curve.filter((p) => p.stopped === 'time_limit').map((p) => p.k);
  return {
    command: 'sweep',
    units: params.units,
    objective: options.objective,
    input: prep.current.report.input,
    current: prep.current.report.current,
    ...(heldOut ? { out_of_sample: heldOut } : {}),
    k_min: kMin,
    k_max: kMax,
    curve,
    recommended_k: recommendation.k,
    recommendation: recommendation.reason,
    recommendation_rule: rule.kind,
    min_gain_pct: params.sweep_min_gain_pct,
    box_sku_cost: params.box_sku_cost,
    search: {
      seed: options.seed,
      threads: options.threads,
      seconds: (performance.now() - prep.started) / 1000,
      stopped: interrupted ? 'interrupted' : timeLimited.length > 0 ? 'time_limit' : 'converged',
      time_limit_k: timeLimited,
    },
  };
}
