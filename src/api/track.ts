// track(): re-evaluate a deployed suite (from an optimize report) and the suite it replaced on newer
// shipments, and say whether the savings held (SPEC §2 `track`).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { assignClasses, type Objective } from '../core/fit.js';
import type { Params } from '../core/params.js';
import type { Box } from '../core/suite.js';
import { InputError } from '../errors.js';
import { readShipments } from '../io/read-shipments.js';
import { reportSuite, summarizeInput } from './evaluate.js';
import { compareSuites, type Savings } from './optimize.js';
import type { InputSummary, SuiteReport } from './report.js';

const boxSchema = z.object({
  box_id: z.string(),
  length: z.number().positive(),
  width: z.number().positive(),
  height: z.number().positive(),
  max_weight: z.number().positive().nullable().optional(),
});

/** The parts of an optimize report that track reads. */
const baselineSchema = z.object({
  command: z.literal('optimize'),
  units: z.enum(['imperial', 'metric']),
  objective: z.enum(['volume', 'corrugate']),
  current: z.object({ metrics: z.object({ boxes: z.array(boxSchema).min(1) }) }),
  optimized: z.object({ metrics: z.object({ boxes: z.array(boxSchema).min(1) }) }),
  savings: z.object({
    total_box_volume_pct: z.number(),
    total_corrugate_weight_pct: z.number(),
    air_per_shipment_pct: z.number(),
  }),
});

export type Baseline = z.infer<typeof baselineSchema>;

/** Read and validate a baseline report (an `optimize` report.json). */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([{ file, line: null, column: null, reason: code === 'ENOENT' ? 'no such file' : `cannot read (${code})` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ file, line: null, column: null, reason: `not valid JSON: ${(err as Error).message}` }]);
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.slice(0, 20).map((i) => ({
        file,
        line: null,
        column: i.path.join('.') || null,
        reason: `${i.message} (the baseline must be the report.json of \`packopt optimize\`)`,
      })),
    );
  }
  return parsed.data;
}

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
