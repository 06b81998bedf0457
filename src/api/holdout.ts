// Out-of-sample evaluation (SPEC §11): split the shipments into a training part, which the search
// sees, and a held-out part; evaluate both suites exactly on the held-out part, with bootstrap
// intervals for the savings.
import { bootstrapSavings, type PairedFigures, type SavingsInterval } from '../core/bootstrap.js';
import { computePackageCost, packageVolume } from '../core/cost.js';
import { assignClasses, loadThicknessOf, type Assignment, type Objective } from '../core/fit.js';
import { computeBlankArea } from '../core/geometry.js';
import { createHoldoutRouter, planHoldoutFrom, planHoldoutShare, type HoldoutPlan, type HoldoutRule } from '../core/holdout.js';
import type { Params } from '../core/params.js';
import type { ShipmentClass } from '../core/shipments.js';
import { isMailer, type Box } from '../core/suite.js';
import { InputError, UsageError } from '../errors.js';
import { parseDateCell } from '../io/cells.js';
import { requireRegularFile } from '../io/input-file.js';
import type { ReadShipmentsOptions, ShipmentsInput } from '../io/read-shipments.js';
import { tallyShipmentDates } from '../io/tally-dates.js';
import { reportSuite } from './evaluate.js';
import { compareSuites, type Savings } from './optimize.js';
import type { SuiteReport } from './report.js';

/** --holdout-from DATE, or --holdout F. */
export type HoldoutOption = { from: string } | { share: number };

/** `input.holdout`: how the shipments were split. */
export interface HoldoutSummary {
  /** `from_date` (--holdout-from), `latest_share` (--holdout, by date) or `file_order_share` (--holdout, a file without dates). */
  rule: HoldoutRule;
  /** --holdout-from's date; for latest_share, the cutoff day (its earlier shipments in file order train, the rest are held out). */
  from: string | null;
  /** --holdout's share (of all shipments, weighted by count); null for --holdout-from. */
  share: number | null;
  training_shipments: number;
  held_out_shipments: number;
  /** Distinct shapes among the held-out shipments. */
  held_out_classes: number;
}

/** `out_of_sample`: both suites on the held-out shipments. */
export interface OutOfSample {
  shipments: number;
  current: SuiteReport;
  optimized: SuiteReport;
  /** As `savings`: both suites compared on the held-out shipments both serve. */
  savings: Savings;
  /** 95 % bootstrap interval [low, high] of each savings figure. */
  savings_ci95: SavingsInterval;
  bootstrap: { resamples: number; seed: number };
}

/** The plan of a split; --holdout F reads the file's dates once first (so it must be a regular file). */
export async function planHoldout(option: HoldoutOption, file: string, read: ReadShipmentsOptions): Promise<HoldoutPlan> {
  if ('from' in option) {
    const d = parseDateCell(option.from);
    if (!d.ok) throw new UsageError(`option --holdout-from: ${d.reason}`);
    return planHoldoutFrom(d.value);
  }
  if (!(option.share > 0 && option.share < 1)) throw new UsageError(`option --holdout: the held-out share must lie strictly between 0 and 1, got ${option.share}`);
  await requireRegularFile(file, '--holdout (which first counts the shipments per date)');
  const tally = await tallyShipmentDates(file, read);
  if (tally.undated > 0 && tally.byDate.size > 0) {
    throw new InputError([{
      file,
      line: tally.firstUndatedLine,
      column: 'date',
      reason: `is empty: --holdout holds out the latest shipments by date, and ${tally.undated} shipments have no date (give every shipment a date, or none for file order)`,
    }]);
  }
  const plan = planHoldoutShare(tally, option.share);
  const held = plan.heldOut ?? 0;
  if (held < 1 || held >= tally.total) {
    throw new UsageError(`--holdout ${option.share} of ${tally.total} shipments holds out ${held}: that leaves ${held < 1 ? 'nothing to hold out' : 'nothing to search on'}`);
  }
  return plan;
}

/** What readShipments needs to route each shipment of one pass. */
export function holdoutReadOptions(plan: HoldoutPlan): Pick<ReadShipmentsOptions, 'holdout' | 'requireDate'> {
  const router = () => createHoldoutRouter(plan);
  if (plan.rule === 'from_date') return { holdout: router, requireDate: '--holdout-from holds out shipments by their date' };
  return { holdout: router };
}

/** Refuse a split that leaves either part empty; else describe it for `input.holdout`. */
export function summarizeHoldout(option: HoldoutOption, plan: HoldoutPlan, input: ShipmentsInput): HoldoutSummary {
  const held = input.heldOut?.shipments ?? 0;
  const what = 'from' in option ? `--holdout-from ${plan.date}` : `--holdout ${option.share}`;
  const span = input.dates ? ` (the shipments are dated ${input.dates.first} to ${input.dates.last})` : '';
  if (held === 0) throw new UsageError(`${what} holds out no shipment${span}`);
  if (input.shipments === 0) throw new UsageError(`${what} holds out every shipment, leaving none to search on${span}`);
  return {
    rule: plan.rule,
    from: plan.date,
    share: 'share' in option ? option.share : null,
    training_shipments: input.shipments,
    held_out_shipments: held,
    held_out_classes: input.heldOut!.classes.filter((c) => c.count > 0).length,
  };
}

/** Box volume and corrugate weight of one shipment of each class in its box (NaN where it fits none). */
function perShipment(boxes: readonly Box[], placed: Assignment, params: Params) {
  // A filled mailer counts as the box of its load and adds no corrugate (SPEC §9).
  const pkgs = boxes.map((b) => computePackageCost(b, params));
  const thickness = loadThicknessOf(placed);
  const corrugate = boxes.map((b) => (isMailer(b) ? 0 : computeBlankArea(b.length, b.width, b.height, params.glue_flap) * params.board_weight_per_area));
  const assigned = placed.box;
  return { volume: (ci: number) => packageVolume(pkgs[assigned[ci]!]!, thickness[ci]!), corrugate: (ci: number) => corrugate[assigned[ci]!]! };
}

/**
 * Both suites evaluated exactly on the held-out shipments (the fit engine of `evaluate`), savings
 * on the shipments both serve, and their bootstrap intervals.
 */
export function evaluateOutOfSample(
  classes: readonly ShipmentClass[],
  current: readonly Box[],
  suite: readonly Box[],
  params: Params,
  objective: Objective,
  seed: number,
): OutOfSample {
  const curFit = assignClasses(classes, current, params, objective);
  const optFit = assignClasses(classes, suite, params, objective);
  const cur = curFit.box;
  const opt = optFit.box;
  const both = (ci: number) => cur[ci]! >= 0 && opt[ci]! >= 0;
  const curReport = reportSuite(classes, current, curFit, params);
  const optReport = reportSuite(classes, suite, optFit, params);
  const savings = compareSuites(
    reportSuite(classes, current, curFit, params, both).metrics,
    reportSuite(classes, suite, optFit, params, both).metrics,
    curReport.metrics.fitted,
    optReport.metrics.fitted,
  );
  const served = classes.flatMap((c, ci) => (both(ci) && c.count > 0 ? [ci] : []));
  const a = perShipment(current, curFit, params);
  const b = perShipment(suite, optFit, params);
  const column = (f: (ci: number) => number) => Float64Array.from(served, f);
  const figures: PairedFigures = {
    count: column((ci) => classes[ci]!.count),
    itemVolume: column((ci) => classes[ci]!.itemVolume),
    curVolume: column(a.volume),
    newVolume: column(b.volume),
    curCorrugate: column(a.corrugate),
    newCorrugate: column(b.corrugate),
  };
  const resamples = params.bootstrap_resamples;
  return {
    shipments: curReport.metrics.shipments,
    current: curReport,
    optimized: optReport,
    savings,
    savings_ci95: bootstrapSavings(figures, resamples, seed),
    bootstrap: { resamples, seed },
  };
}
