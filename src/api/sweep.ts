// sweep(): optimize for every K in a range on inputs read once, and recommend the K after which
// one more box size stops paying off (SPEC §2 `sweep`).
import type { Params } from '../core/params.js';
import type { Objective } from '../core/fit.js';
import { prepareOptimization, searchSuite, type OptimizeOptions, type OptimizeReport, type OptimizeRun } from './optimize.js';
import type { InputSummary, SuiteReport } from './report.js';
import { UsageError } from '../errors.js';

export interface SweepPoint {
  k: number;
  /** The optimized suite's objective (total box volume, or blank area) on the search's terms. */
  objective: number;
  bound: number;
  gap_pct: number;
  /** Savings against the current suite, as `optimize` reports them. */
  savings: OptimizeReport['savings'];
  /** Further reduction of the objective from K−1 to K boxes, in % of the K−1 objective (null at k_min). */
  marginal_gain_pct: number | null;
  boxes: OptimizeReport['optimized']['metrics']['boxes'];
  metrics: Omit<OptimizeReport['optimized']['metrics'], 'boxes'>;
}

export interface SweepReport {
  command: 'sweep';
  units: Params['units'];
  objective: Objective;
  input: InputSummary;
  current: SuiteReport;
  k_min: number;
  k_max: number;
  curve: SweepPoint[];
  /** The smallest K whose next box saves less than sweep_min_gain_pct (k_max when every step pays). */
  recommended_k: number;
  min_gain_pct: number;
  search: { seed: number; threads: number; seconds: number; stopped: OptimizeReport['search']['stopped'] };
}

/** The smallest K whose next box saves less than `minGainPct` % of the objective. */
export function recommendK(curve: readonly Pick<SweepPoint, 'k' | 'marginal_gain_pct'>[], minGainPct: number): number {
  for (let i = 0; i + 1 < curve.length; i++) {
    const next = curve[i + 1]!.marginal_gain_pct;
    if (next !== null && next < minGainPct) return curve[i]!.k;
  }
  return curve[curve.length - 1]!.k;
}

/** `onRun`, when given, sees each K's full run (its suite and assignment), which the report leaves out. */
export async function sweep(
  options: OptimizeOptions,
  kMin: number,
  kMax: number,
  onK?: (k: number) => void,
  onRun?: (k: number, run: OptimizeRun) => void,
): Promise<SweepReport> {
  if (!(kMin >= 1 && kMax >= kMin)) throw new UsageError(`--k-min ${kMin} and --k-max ${kMax}: need 1 ≤ k-min ≤ k-max`);
  const prep = await prepareOptimization(options);
  const curve: SweepPoint[] = [];
  let stopped: OptimizeReport['search']['stopped'] = 'converged';
  let previous: number | null = null;
  for (let k = kMin; k <= kMax; k++) {
    onK?.(k);
    const run = await searchSuite(prep, k);
    onRun?.(k, run);
    const { report } = run;
    const objective = report.bound.objective;
    const { boxes, ...metrics } = report.optimized.metrics;
    curve.push({
      k,
      objective,
      bound: report.bound.value,
      gap_pct: report.bound.gap_pct,
      savings: report.savings,
      marginal_gain_pct: previous === null || previous <= 0 ? null : (100 * (previous - objective)) / previous,
      boxes,
      metrics,
    });
    previous = objective;
    if (report.search.stopped !== 'converged') {
      stopped = report.search.stopped;
      break;
    }
  }
  const { params } = options;
  return {
    command: 'sweep',
    units: params.units,
    objective: options.objective,
    input: prep.current.report.input,
    current: prep.current.report.current,
    k_min: kMin,
    k_max: kMax,
    curve,
    recommended_k: recommendK(curve, params.sweep_min_gain_pct),
    min_gain_pct: params.sweep_min_gain_pct,
    search: { seed: options.seed, threads: options.threads, seconds: (performance.now() - prep.started) / 1000, stopped },
  };
}
