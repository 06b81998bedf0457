// track(): re-evaluate a deployed suite (from an optimize report) and the suite it replaced on newer
// shipments, and say whether the savings held (SPEC §2 `track`).
import { assignClasses, type Objective } from '../core/fit.js';
import type { Params } from '../core/params.js';
import type { Box } from '../core/suite.js';
import { readShipments, type ShipmentsInput } from '../io/read-shipments.js';
import type { PlacedSuite } from './outputs.js';
import { readBaseline, type Baseline } from '../io/read-baseline.js';
import { reportSuite, summarizeInput } from './evaluate.js';
import { compareSuites, type Savings } from './optimize.js';
import type { InputSummary, SuiteReport } from './report.js';

const toBoxes = (boxes: Baseline['optimized']['metrics']['boxes']): Box[] =>
  boxes.map((b) => ({ id: b.box_id, length: b.length, width: b.width, height: b.height, maxWeight: b.max_weight ?? null, locked: false }));

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
  /** Realised box-volume savings as a share of the baseline's, in %. */
  retained_pct: number;
  /** Share of the new shipments that fit no deployed box, in %. */
  unfit_pct: number;
  thresholds: { min_retained_pct: number; max_unfit_pct: number };
  /** "held", or "re-optimize" with the reasons. */
  status: 'held' | 're-optimize';
  reasons: string[];
}

export interface TrackOptions {
  baselineFile: string;
  shipmentsFile: string;
  /** Parameters; their units are overridden by the baseline's. */
  params: Params;
  skipInvalid: boolean;
  onRows?: (rows: number) => void;
  /** Receives both suites and where they put the shipments (what the --out files describe). */
  onAssigned?: (run: { input: ShipmentsInput; params: Params; previous: PlacedSuite; deployed: PlacedSuite }) => void;
}

export async function track(options: TrackOptions, resolve: (units: Params['units']) => Params): Promise<TrackReport> {
  const baseline = await readBaseline(options.baselineFile);
  const params = options.params.units === baseline.units ? options.params : resolve(baseline.units);
  const input = await readShipments(options.shipmentsFile, {
    units: params.units,
    skipInvalid: options.skipInvalid,
    ...(options.onRows ? { onProgress: options.onRows } : {}),
  });
  const deployedBoxes = toBoxes(baseline.optimized.metrics.boxes);
  const previousBoxes = toBoxes(baseline.current.metrics.boxes);
  const dep = assignClasses(input.classes, deployedBoxes, params, baseline.objective);
  const prev = assignClasses(input.classes, previousBoxes, params, baseline.objective);
  options.onAssigned?.({ input, params, previous: { boxes: previousBoxes, assignment: prev }, deployed: { boxes: deployedBoxes, assignment: dep } });
  const both = (ci: number) => dep.box[ci]! >= 0 && prev.box[ci]! >= 0;
  const deployed = reportSuite(input.classes, deployedBoxes, dep.box, params);
  const previous = reportSuite(input.classes, previousBoxes, prev.box, params);
  const savings = compareSuites(
    reportSuite(input.classes, previousBoxes, prev.box, params, both).metrics,
    reportSuite(input.classes, deployedBoxes, dep.box, params, both).metrics,
    previous.metrics.fitted,
    deployed.metrics.fitted,
  );
  const base = baseline.savings.total_box_volume_pct;
  const retained = base > 0 ? (100 * savings.total_box_volume_pct) / base : 100;
  const unfitPct = deployed.metrics.shipments > 0 ? (100 * deployed.metrics.unfit) / deployed.metrics.shipments : 0;
  const reasons: string[] = [];
  if (retained < params.track_min_retained_pct) {
    reasons.push(`realised box-volume savings ${savings.total_box_volume_pct.toFixed(1)}% are ${retained.toFixed(0)}% of the baseline's ${base.toFixed(1)}% (threshold ${params.track_min_retained_pct}%)`);
  }
  if (unfitPct > params.track_max_unfit_pct) {
    reasons.push(`${unfitPct.toFixed(1)}% of the new shipments fit no deployed box (threshold ${params.track_max_unfit_pct}%)`);
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
    thresholds: { min_retained_pct: params.track_min_retained_pct, max_unfit_pct: params.track_max_unfit_pct },
    status: reasons.length === 0 ? 'held' : 're-optimize',
    reasons,
  };
}
