// evaluate(): read the two files, fit every shipment class to the suite and report the metrics.
import { assignClasses, type Assignment, type Objective } from '../core/fit.js';
import { computeSuiteMetrics, SuiteMetricsSum, type PlacedClasses } from '../core/metrics.js';
import type { Params } from '../core/params.js';
import type { ShipmentClass } from '../core/shipments.js';
import type { Box } from '../core/suite.js';
import { readBoxes } from '../io/read-boxes.js';
import { readShipments, type ShipmentsInput } from '../io/read-shipments.js';
import { readShipmentsInWorkers } from '../parallel/parse-shipments.js';
import { FileHistogramStore, loadPartition, SpillArea, type SpilledClasses } from '../io/spill.js';
import { findLargestUnit } from '../core/unfit.js';
import { firstPackings, type PackingExample } from './packing-examples.js';
import { classOf, sameSignature, shapeSignature } from './outputs.js';
import { canonicalLines, computeShapeKey, type ItemLine } from '../core/shipments.js';
import { join } from 'node:path';
import type { EvaluateReport, InputSummary, SuiteReport } from './report.js';
import { holdoutReadOptions, planHoldout, summarizeHoldout, type HoldoutOption } from './holdout.js';
import { countUnfitReasons, listUnfit, type UnfitShipment } from './unfit.js';

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
  /**
   * Past how many distinct shapes the read spills its classes to temporary files and evaluates
   * them one partition at a time (same report; memory stays near this many shapes'). Default
   * DEFAULT_SPILL_CLASSES; 0: never. Not with `holdout` (that read keeps its classes in memory).
   */
  spillClasses?: number;
  /** Partition files of a spilled read (default 64). */
  spillPartitions?: number;
  /**
   * A spilled evaluate keeps only the report's 100 commonest unfit shapes; true keeps every one
   * (for unfit.csv, `--out`): memory then grows with the unfit shapes.
   */
  listAllUnfit?: boolean;
  /** Told when the read spills, and as each partition is evaluated. */
  onSpill?: (event: SpillEvent) => void;
}

/** Progress of a spilled evaluate. */
export type SpillEvent = { stage: 'spilling' } | { stage: 'partition'; index: number; of: number };

/**
 * Distinct shapes held before a read spills: above the 1M-row benchmark file's 938,726 shapes (so
 * it is read in memory), and the size its columns grow to anyway (2^20 classes).
 */
export const DEFAULT_SPILL_CLASSES = 1 << 20;
const DEFAULT_SPILL_PARTITIONS = 64;

/** An unfit shape of a spilled evaluate, with what unfit.csv shows of it (its class is gone). */
export interface SpilledUnfit extends UnfitShipment {
  /** The largest unit's dims and the shipment's weight. */
  unit: { l: number; w: number; h: number };
  weight: number;
}

/** What --out needs of a spilled evaluate, whose classes are no longer in memory. */
export interface SpilledRun {
  /** Every unfit shape (the report's 100 unless listAllUnfit), most shipments first, then first seen. */
  unfit: SpilledUnfit[];
  /** report.html's packing examples. */
  examples: PackingExample[];
  /**
   * With listAllUnfit (--out): by shape key, the first shipment's lines of the shapes whose
   * per-shipment files would differ if refitted from their canonical lines (ShapeFits).
   */
  exceptions: Map<string, ItemLine[]>;
  partitions: number;
}

/** Everything an evaluation produced: the report and what --out needs to write the per-shipment files. */
export interface EvaluateRun {
  report: EvaluateReport;
  input: ShipmentsInput;
  boxes: Box[];
  assignment: Assignment;
  /** Set when the classes were spilled: `input.classes` and `assignment` are then empty. */
  spilled?: SpilledRun;
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
  const threshold = options.spillClasses ?? DEFAULT_SPILL_CLASSES;
  // The spill folder: made now, removed when evaluate returns or throws (or the process exits).
  const area = plan || threshold <= 0 ? null : new SpillArea();
  try {
    const spill = area
      ? { spill: { dir: area.dir, threshold, partitions: options.spillPartitions ?? DEFAULT_SPILL_PARTITIONS, prefix: 's', orderBase: 0 } }
      : {};
    const onSpill = options.onSpill;
    const readOptions = {
      ...read,
      ...(options.onRows ? { onProgress: options.onRows } : {}),
      ...spill,
      ...(onSpill ? { onSpill: () => onSpill({ stage: 'spilling' }) } : {}),
    };
    const threads = options.threads ?? 1;
    // A held-out split routes shipments by date as they stream: that reader is the one-pass one.
    const input = plan
      ? await readShipments(options.shipmentsFile, { ...readOptions, ...holdoutReadOptions(plan) })
      : threads > 1
        ? await readShipmentsInWorkers(options.shipmentsFile, readOptions, threads)
        : await readShipments(options.shipmentsFile, readOptions);
    const summary = summarizeInput(input, options.boxesFile, skipped);
    if (input.spilled) return evaluateSpilled(options, input, input.spilled, boxes, summary);
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
  } finally {
    area?.remove();
  }
}

/** A line's numbers (a class's stored line decodes its sku only when asked). */
function withoutSku(ln: ItemLine): ItemLine {
  return { l: ln.l, w: ln.w, h: ln.h, qty: ln.qty, unitWeight: ln.unitWeight, upright: ln.upright, compress: ln.compress, sku: '' };
}

/**
 * The report of a read whose classes were spilled: each partition loaded alone, its classes fitted
 * and added to the totals, then dropped. Classes carry their first-seen order, so the unfit list and
 * the packing examples come out as from the classes in memory; the sums do not depend on the order.
 */
function evaluateSpilled(options: EvaluateOptions, input: ShipmentsInput, spilled: SpilledClasses, boxes: Box[], summary: InputSummary): EvaluateRun {
  const { params } = options;
  const hist = new FileHistogramStore(join(spilled.dir, 'histogram.bin'));
  try {
    const sum = new SuiteMetricsSum(boxes, params, hist);
    let unfit: (SpilledUnfit & { order: number })[] = [];
    const reasons = countUnfitReasons([]);
    const byRank = (a: { shipments: number; order: number }, b: { shipments: number; order: number }) => b.shipments - a.shipments || a.order - b.order;
    const examples = new Map<number, { order: number; example: PackingExample }>();
    const exceptions = new Map<string, ItemLine[]>();
    let classes = 0;
    for (let p = 0; p < spilled.partitions; p++) {
      options.onSpill?.({ stage: 'partition', index: p + 1, of: spilled.partitions });
      const { table, order } = loadPartition(spilled, p);
      const cs = table.classes;
      classes += table.size;
      const assignment = assignClasses(cs, boxes, params, options.objective);
      sum.add(cs, assignment);
      for (const e of listUnfit(cs, boxes, assignment.box, params)) {
        const c = cs[e.classIndex]!;
        const u = findLargestUnit(c);
        reasons[e.reason] += e.shipments;
        unfit.push({
          shipment_id: e.shipment_id,
          shipments: e.shipments,
          units: e.units,
          reason: e.reason,
          nearest_package: e.nearest_package,
          unit: { l: u.l, w: u.w, h: u.h },
          weight: c.weight,
          order: order[e.classIndex]!,
        });
      }
      // Only the report's list is kept unless every unfit shape is asked for: the ranking is a total order.
      if (!options.listAllUnfit && unfit.length > 10 * MAX_UNFIT_LISTED) unfit = unfit.sort(byRank).slice(0, MAX_UNFIT_LISTED);
      for (const [bi, { classIndex, example }] of firstPackings(cs, boxes, assignment, params)) {
        const o = order[classIndex]!;
        const known = examples.get(bi);
        if (!known || o < known.order) examples.set(bi, { order: o, example });
      }
      if (options.listAllUnfit) {
        // The shapes whose per-shipment files a refit from canonical lines would not reproduce
        // (one fit of the whole partition: classes are fitted one by one anyway).
        const suite = { boxes, assignment };
        const canon = cs.map((c) => classOf(canonicalLines(c.lines.map(withoutSku)), ''));
        const refit = { boxes, assignment: assignClasses(canon, boxes, params, options.objective) };
        canon.forEach((k, ci) => {
          const c = cs[ci]!;
          if (sameSignature(shapeSignature(k, refit, ci), shapeSignature(c, suite, ci))) return;
          exceptions.set(computeShapeKey(c.lines), c.lines.map((ln) => ({ ...withoutSku(ln), sku: ln.sku })));
        });
      }
      table.release();
    }
    unfit.sort(byRank);
    const all = unfit.map(({ order: _, ...u }) => u);
    const listed = all.slice(0, MAX_UNFIT_LISTED).map(({ unit: _u, weight: _w, ...u }) => u);
    summary.classes = classes;
    const report: EvaluateReport = {
      command: 'evaluate',
      units: params.units,
      objective: options.objective,
      input: summary,
      current: { metrics: sum.finish(), unfit_shipments: listed, unfit_reasons: reasons },
    };
    const none = { box: new Int32Array(0), placements: new Map(), loads: new Map() };
    const shown = [...examples.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e.example);
    return { report, input, boxes, assignment: none, spilled: { unfit: all, examples: shown, exceptions, partitions: spilled.partitions } };
  } finally {
    hist.close();
  }
}
