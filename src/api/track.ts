// track(): re-evaluate a deployed suite (from an optimize report) and the suite it replaced on newer
// shipments, and say whether the savings held (SPEC §2 `track`).
import { assignClasses, type Objective } from '../core/fit.js';
import { resolveParams, validateParams, type Params, type ParamsInput } from '../core/params.js';
import { UsageError } from '../errors.js';
import type { Box } from '../core/suite.js';
import { readShipments, type ShipmentsInput } from '../io/read-shipments.js';
import type { PlacedSuite } from './outputs.js';
import { readBaseline, type Baseline } from '../io/read-baseline.js';
import { reportSuite, summarizeInput } from './evaluate.js';
import { readRates } from '../io/read-rates.js';
import { compareSuites, type Savings } from './optimize.js';
import type { InputSummary, SuiteReport } from './report.js';

const toBoxes = (boxes: Baseline['optimized']['metrics']['boxes']): Box[] =>
  boxes.map((b) => ({
    id: b.box_id, length: b.length, width: b.width, height: b.height, maxWeight: b.max_weight ?? null, locked: false,
    // A report writes price 0 for a box without one: only a real price makes a cost model.
    ...(b.type === 'mailer' ? { type: 'mailer' as const } : {}),
    ...(b.price !== undefined && b.price > 0 ? { price: b.price } : {}),
  }));

export interface TrackReport {
  command: 'track';
  units: Params['units'];
  objective: Objective;
  input: InputSummary;
  baseline: { file: string; savings: Baseline['savings'] };
  /** The deployed (optimized) suite on the new shipments. */
  deployed: SuiteReport;
  /** The suite it replaced, on the same shipments. */
  previous: SuiteReport;
  /** Savings realised on the new shipments (both suites compared on the shipments both serve). */
  savings: Savings;
  /** Realised savings as a share of the baseline's, in %: box volume, or total cost under the cost objective. */
  retained_pct: number;
  /** Share of the new shipments that fit no deployed box, in % (for information: most may fit no previous box either). */
  unfit_pct: number;
  /** New shipments the previous suite serves and the deployed suite does not. */
  lost_shipments: number;
  /** lost_shipments as a share of the shipments the previous suite serves, in %: judged against track_max_unfit_pct. */
  lost_pct: number;
  thresholds: { min_retained_pct: number; max_unfit_pct: number };
  /** "held", or "re-optimize" with the reasons. */
  status: 'held' | 're-optimize';
  reasons: string[];
}

export interface TrackOptions {
  baselineFile: string;
  shipmentsFile: string;
  /** Advanced parameters as a --config file holds them; resolved in the baseline's units. Default: all defaults. */
  config?: ParamsInput;
  /** --rates FILE: the carrier's rate card (SPEC §10), read in the baseline's units. */
  ratesFile?: string;
  skipInvalid?: boolean;
  onRows?: (rows: number, bytes: number, totalBytes: number) => void;
  /** Receives both suites and where they put the shipments (what the --out files describe). */
  onAssigned?: (run: { input: ShipmentsInput; params: Params; previous: PlacedSuite; deployed: PlacedSuite }) => void;
}

/** Re-evaluate a deployed suite on newer shipments: did the savings hold? (SPEC §2 `track`). Units and objective come from the baseline. */
export async function track(options: TrackOptions): Promise<TrackReport> {
  const baseline = await readBaseline(options.baselineFile);
  const validated = validateParams(options.config ?? {});
  if (!validated.params) throw new UsageError(`config: ${validated.errors.join('; ')}`);
  let params: Params = resolveParams(validated.params, baseline.units);
  if (options.ratesFile !== undefined) params = { ...params, rates: (await readRates(options.ratesFile, { units: baseline.units })).rates };
  const input = await readShipments(options.shipmentsFile, {
    units: params.units,
    skipInvalid: options.skipInvalid ?? false,
    ...(options.onRows ? { onProgress: options.onRows } : {}),
  });
  const deployedBoxes = toBoxes(baseline.optimized.metrics.boxes);
  const previousBoxes = toBoxes(baseline.current.metrics.boxes);
  const dep = assignClasses(input.classes, deployedBoxes, params, baseline.objective);
  const prev = assignClasses(input.classes, previousBoxes, params, baseline.objective);
  options.onAssigned?.({ input, params, previous: { boxes: previousBoxes, assignment: prev }, deployed: { boxes: deployedBoxes, assignment: dep } });
  const both = (ci: number) => dep.box[ci]! >= 0 && prev.box[ci]! >= 0;
  const deployed = reportSuite(input.classes, deployedBoxes, dep, params);
  const previous = reportSuite(input.classes, previousBoxes, prev, params);
  const savings = compareSuites(
    reportSuite(input.classes, previousBoxes, prev, params, both).metrics,
    reportSuite(input.classes, deployedBoxes, dep, params, both).metrics,
    previous.metrics.fitted,
    deployed.metrics.fitted,
  );
  // Under the cost objective the savings that must hold are the money ones (when both reports have them).
  const byCost = baseline.objective === 'cost' && baseline.savings.total_cost_pct !== undefined && savings.total_cost_pct !== undefined;
  const base = byCost ? baseline.savings.total_cost_pct! : baseline.savings.total_box_volume_pct;
  const realised = byCost ? savings.total_cost_pct! : savings.total_box_volume_pct;
  const retained = base > 0 ? (100 * realised) / base : 100;
  const unfitPct = deployed.metrics.shipments > 0 ? (100 * deployed.metrics.unfit) / deployed.metrics.shipments : 0;
  // Like with like: shipments that fit no box at all were out of scope when the baseline was
  // optimized; what counts is what the deployed suite no longer serves of what the previous one did.
  let lost = 0;
  input.classes.forEach((c, ci) => {
    if (prev.box[ci]! >= 0 && dep.box[ci]! < 0) lost += c.count;
  });
  const lostPct = previous.metrics.fitted > 0 ? (100 * lost) / previous.metrics.fitted : 0;
  const reasons: string[] = [];
  if (retained < params.track_min_retained_pct) {
    reasons.push(`realised ${byCost ? 'cost' : 'box-volume'} savings ${realised.toFixed(1)}% are ${retained.toFixed(0)}% of the baseline's ${base.toFixed(1)}% (threshold ${params.track_min_retained_pct}%)`);
  }
  if (lostPct > params.track_max_unfit_pct) {
    reasons.push(`${lostPct.toFixed(1)}% of the new shipments the previous suite serves fit no deployed box (threshold ${params.track_max_unfit_pct}%)`);
  }
  return {
    command: 'track',
    units: params.units,
    objective: baseline.objective,
    input: summarizeInput(input, null, 0),
    baseline: { file: options.baselineFile, savings: baseline.savings },
    deployed,
    previous,
    savings,
    retained_pct: retained,
    unfit_pct: unfitPct,
    lost_shipments: lost,
    lost_pct: lostPct,
    thresholds: { min_retained_pct: params.track_min_retained_pct, max_unfit_pct: params.track_max_unfit_pct },
    status: reasons.length === 0 ? 'held' : 're-optimize',
    reasons,
  };
}
