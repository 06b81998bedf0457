// evaluate(): read the two files, fit every shipment class to the suite and report the metrics.
import { assignClasses, type Assignment, type Objective } from '../core/fit.js';
import { computeSuiteMetrics, type PlacedClasses } from '../core/metrics.js';
import type { Params } from '../core/params.js';
import type { ShipmentClass } from '../core/shipments.js';
import type { Box } from '../core/suite.js';
import { readBoxes } from '../io/read-boxes.js';
import { readShipments, type ShipmentsInput } from '../io/read-shipments.js';
import { readShipmentsInWorkers } from '../parallel/parse-shipments.js';
import type { EvaluateReport, InputSummary, SuiteReport } from './report.js';
import { holdoutReadOptions, planHoldout, summarizeHoldout, type HoldoutOption } from './holdout.js';
import { countUnfitReasons, listUnfit } from './unfit.js';

export interface EvaluateOptions {
  shipmentsFile: string;
  boxesFile: string;
  objective: Objective;
  params: Params;
  skipInvalid: boolean;
  /** Rows and bytes read so far and the file's size (0: unknown), now and then (for progress on long inputs). */
  onRows?: (rows: number, bytes: number, totalBytes: number) => void;
  /** Hold these shipments out (SPEC §11): the run's classes are then the training part, `input.heldOut` the rest. */
  holdout?: HoldoutOption;
  /** Threads that parse the shipments file (large files only); default 1. Any count gives the same report. */
  threads?: number;
}

/** Everything an evaluation produced: the report and what --out needs to write the per-shipment files. */
export interface EvaluateRun {
  report: EvaluateReport;
  input: ShipmentsInput;
  boxes: Box[];
  assignment: Assignment;
}

const MAX_UNFIT_LISTED = 100;

export function summarizeInput(input: ShipmentsInput, boxesFile: string | null, boxesSkipped: number): InputSummary {
  return {
    shipments_file: input.file,
    boxes_file: boxesFile,
    rows: input.rows,
    shipments: input.shipments,
    classes: input.classes.length,
    skipped: input.skipped,
    skipped_boxes: boxesSkipped,
    dates: input.dates,
  };
}

/** The suite's metrics and its unfit shapes, most frequent first, with their reasons. */
export function reportSuite(
  classes: readonly ShipmentClass[],
  boxes: readonly Box[],
  placed: Int32Array | PlacedClasses,
  params: Params,
  include?: (ci: number) => boolean,
): SuiteReport {
  const metrics = computeSuiteMetrics(classes, boxes, placed, params, include);
  const assigned = placed instanceof Int32Array ? placed : placed.box;
  const unfit = listUnfit(classes, boxes, assigned, params, include);
  const listed = unfit.slice(0, MAX_UNFIT_LISTED).map(({ classIndex: _, ...u }) => u);
  return { metrics, unfit_shipments: listed, unfit_reasons: countUnfitReasons(unfit) };
}

/** Evaluate the current suite on the shipments (SPEC §2 `evaluate`). Throws InputError on bad input. */
export async function evaluate(options: EvaluateOptions): Promise<EvaluateRun> {
  const { params } = options;
  const { boxes, skipped } = await readBoxes(options.boxesFile, { units: params.units, skipInvalid: options.skipInvalid });
  const read = { units: params.units, skipInvalid: options.skipInvalid };
  const plan = options.holdout ? await planHoldout(options.holdout, options.shipmentsFile, read) : null;
  const readOptions = { ...read, ...(options.onRows ? { onProgress: options.onRows } : {}) };
  const threads = options.threads ?? 1;
  // A held-out split routes shipments by date as they stream: that reader is the one-pass one.
  const input = plan
    ? await readShipments(options.shipmentsFile, { ...readOptions, ...holdoutReadOptions(plan) })
    : threads > 1
      ? await readShipmentsInWorkers(options.shipmentsFile, readOptions, threads)
      : await readShipments(options.shipmentsFile, readOptions);
  const summary = summarizeInput(input, options.boxesFile, skipped);
  if (options.holdout && plan && input.heldOut) {
    // `input` counts every shipment and shape read; the suites' metrics count the training part.
    const holdout = summarizeHoldout(options.holdout, plan, input);
    summary.shipments += holdout.held_out_shipments;
    summary.classes += input.heldOut.classes.filter((c) => c.count > 0 && input.table.find(c.lines) < 0).length;
    summary.holdout = holdout;
  }
  const assignment = assignClasses(input.classes, boxes, params, options.objective);
  const report: EvaluateReport = {
    command: 'evaluate',
    units: params.units,
    objective: options.objective,
    input: summary,
    current: reportSuite(input.classes, boxes, assignment, params),
  };
  return { report, input, boxes, assignment };
}
