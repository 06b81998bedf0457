// optimize(): evaluate the current suite, search a suite of K boxes for the shipments it serves,
// evaluate the new suite exactly (the same fit engine as evaluate) and compare the two.
import { performance } from 'node:perf_hooks';
import { buildDemand, chooseOrientation, computePerfectFitObjective, frontierGridIndex, frontierRequest } from '../core/demand.js';
import type { FitFrontier, FrontierGrid, PackOptions, PackUnitSpec } from '../core/packer/index.js';
import { assignClasses, packOptionsOf, packSpecsOf, type Objective } from '../core/fit.js';
import type { SuiteMetrics } from '../core/metrics.js';
import type { Params } from '../core/params.js';
import type { PhaseProgress, SearchControl, SearchProblem, SearchResult, Orientation } from '../core/search/index.js';
import { makeCostOf, optimizeSuite } from '../core/search/index.js';
import type { Box } from '../core/suite.js';
import { InputError, UsageError } from '../errors.js';
import { readBoxes } from '../io/read-boxes.js';
import { evaluate, reportSuite, type EvaluateOptions, type EvaluateRun } from './evaluate.js';
import type { InputSummary, SuiteReport } from './report.js';

export interface OptimizeOptions extends EvaluateOptions {
  /** Suite size; default: the current suite's size. */
  k?: number;
  /** Choose boxes from this file instead of a grid. */
  catalogFile?: string;
  /** Also serve shipments that fit no current box, up to max_box. */
  coverAll: boolean;
  seed: number;
  threads: number;
  /** Seconds after which the search stops with its best suite. */
  timeLimit?: number;
  signal?: AbortSignal;
  onSearchProgress?: (p: { level: number; epoch: number; best: number }) => void;
  /** How the search runs (in worker threads from the CLI); default: in this thread. */
  runSearch?: (problem: SearchProblem, control: SearchControl, threads: number) => Promise<SearchResult>;
  /** How multi-item fit frontiers are computed (in worker threads from the CLI); default: in this thread. */
  computeFrontiers?: (
    specsList: PackUnitSpec[][],
    grid: FrontierGrid | FrontierGrid[],
    packOptions: PackOptions,
    threads: number,
    options?: { gridIndex?: Uint8Array; onProgress?: (done: number, total: number) => void },
  ) => Promise<FitFrontier[]>;
  /** The phase now running and how far it is (frontiers: shipments walked; levels: levels built). */
  onPhase?: (p: PhaseProgress) => void;
}

export interface Savings {
  /** Relative reductions on the shipments both suites serve, in % (positive = better). */
  total_box_volume_pct: number;
  total_corrugate_weight_pct: number;
  air_per_shipment_pct: number;
  /** Shipments both suites serve (the basis of the percentages). */
  compared_shipments: number;
  /** Shipments the new suite serves that the current one does not (negative: fewer). */
  additional_served: number;
}

export interface OptimizeReport {
  command: 'optimize';
  units: Params['units'];
  objective: Objective;
  k: number;
  input: InputSummary;
  current: SuiteReport;
  optimized: SuiteReport;
  savings: Savings;
  bound: {
    /** Lower bound on the objective (total box volume, or blank area) of any K-box suite on the final grid. */
    value: number;
    /** The optimized suite's objective on the same terms. */
    objective: number;
    gap_pct: number;
    grid_step: number | null;
    /** The objective if every shipment had its own box on the grid (K unlimited); null for a catalog. */
    perfect_fit: number | null;
    /** Share of the saving a perfect fit would give that the optimized suite captures, in %. */
    perfect_fit_captured_pct: number | null;
  };
  search: {
    seed: number;
    threads: number;
    steps: number[] | null;
    catalog: string | null;
    orientation: Orientation;
    islands: number;
    iterations: number;
    seconds: number;
    stopped: 'converged' | 'time_limit' | 'interrupted';
    levels: { step: number | null; candidates: number; classes: number; iterations: number; objective: number }[];
    /** Wall seconds per phase: reading and evaluating the current suite, multi-item fit frontiers,
     * building the levels, the islands, the bound, the exact evaluation of the new suite. */
    phases: { ingest_s: number; frontiers_s: number; levels_s: number; islands_s: number; bound_s: number; evaluation_s: number };
  };
}

export interface OptimizeRun {
  report: OptimizeReport;
  current: EvaluateRun;
  suite: Box[];
  assignment: ReturnType<typeof assignClasses>;
}

function pct(before: number, after: number): number {
  return before > 0 ? (100 * (before - after)) / before : 0;
}

/** A canonical search box as L × W × H: longest first when free, footprint then height when upright. */
function toBox(d: readonly number[], orientation: Orientation, id: string): Box {
  const [a, b, c] = d as [number, number, number];
  const [length, width, height] = orientation === 'free' ? [c, b, a] : [b, a, c];
  return { id, length, width, height, maxWeight: null, locked: false };
}

const canonical = (b: Box, orientation: Orientation): number[] => {
  if (orientation === 'free') return [b.length, b.width, b.height].sort((x, y) => x - y);
  return [Math.min(b.length, b.width), Math.max(b.length, b.width), b.height];
};

const dimsLabel = (b: Box) => [b.length, b.width, b.height].map((x) => String(Number(x.toPrecision(6)))).join('x');

export function compareSuites(current: SuiteMetrics, optimized: SuiteMetrics, fittedCur: number, fittedNew: number): Savings {
  return {
    total_box_volume_pct: pct(current.total_box_volume, optimized.total_box_volume),
    total_corrugate_weight_pct: pct(current.total_corrugate_weight, optimized.total_corrugate_weight),
    air_per_shipment_pct: pct(current.air_per_shipment_mean, optimized.air_per_shipment_mean),
    compared_shipments: current.fitted,
    additional_served: fittedNew - fittedCur,
  };
}

/** Everything a search needs that does not depend on K: read, evaluated and reduced once. */
export interface PreparedOptimization {
  options: OptimizeOptions;
  started: number;
  current: EvaluateRun;
  catalog: Box[] | null;
  lockedBoxes: Box[];
  orientation: Orientation;
  demand: SearchProblem['classes'];
  /** Demand class index → shipment class index. */
  source: number[];
  frontierOf: Map<number, number[][]>;
  /** The current suite's objective over the shipments in scope (search terms). */
  currentObjective: number;
  /** The objective if every shipment had its own grid box; null for a catalog. */
  perfect: number | null;
  /** Wall seconds of reading and evaluating the inputs, and of the demand (multi-item frontiers). */
  phases: { ingest_s: number; frontiers_s: number };
}

/** Read and evaluate the inputs, and build the demand the search works on (SPEC §6). */
export async function prepareOptimization(options: OptimizeOptions): Promise<PreparedOptimization> {
  const started = performance.now();
  const { params } = options;
  const current = await evaluate(options);
  const evaluated = performance.now();
  const classes = current.input.classes;
  const lockedBoxes = current.boxes.filter((b) => b.locked);
  let catalog: Box[] | null = null;
  if (options.catalogFile !== undefined) {
    catalog = (await readBoxes(options.catalogFile, { units: params.units, skipInvalid: options.skipInvalid })).boxes;
  }
  const orientation = chooseOrientation(classes);
  const served = current.assignment.box;
  const inScope = (ci: number) => options.coverAll || served[ci]! >= 0;
  const demandOptions = { params, orientation, packOptions: packOptionsOf(params) };
  let frontiers: Map<number, FitFrontier> | undefined;
  if (options.computeFrontiers) {
    const multi = classes.flatMap((c, ci) => (inScope(ci) && c.units > 1 && c.count > 0 ? [ci] : []));
    const request = frontierRequest(demandOptions);
    const onPhase = options.onPhase;
    onPhase?.({ phase: 'frontiers', done: 0, total: multi.length });
    const computed = await options.computeFrontiers(
      multi.map((ci) => packSpecsOf(classes[ci]!)),
      [request.grid, request.coarseGrid],
      request.packOptions,
      options.threads,
      {
        gridIndex: Uint8Array.from(multi, (ci) => frontierGridIndex(classes[ci]!, params)),
        ...(onPhase ? { onProgress: (done: number, total: number) => onPhase({ phase: 'frontiers', done, total }) } : {}),
      },
    );
    frontiers = new Map(multi.map((ci, i) => [ci, computed[i]!]));
  }
  const { demand, source } = buildDemand(classes, inScope, demandOptions, frontiers);
  const frontierOf = new Map<number, number[][]>();
  source.forEach((ci, di) => frontierOf.set(ci, demand[di]!.frontier));

  const costOf = makeCostOf({ objective: options.objective, params });
  let currentObjective = 0;
  for (const ci of source) {
    const bi = served[ci]!;
    if (bi < 0) continue;
    const b = canonical(current.boxes[bi]!, orientation);
    currentObjective += classes[ci]!.count * costOf(b[0]!, b[1]!, b[2]!);
  }
  const perfect = catalog ? null : computePerfectFitObjective(demand, params.steps[params.steps.length - 1]!, costOf);
  const phases = { ingest_s: (evaluated - started) / 1000, frontiers_s: (performance.now() - evaluated) / 1000 };
  return { options, started, current, catalog, lockedBoxes, orientation, demand, source, frontierOf, currentObjective, perfect, phases };
}

/** Search a suite of K boxes for prepared inputs and compare it with the current suite. */
export async function searchSuite(prep: PreparedOptimization, k: number, started = performance.now()): Promise<OptimizeRun> {
  const { options, current, catalog, lockedBoxes, orientation, demand } = prep;
  const { params } = options;
  const classes = current.input.classes;
  if (k < 1) throw new UsageError('-k must be at least 1');
  if (lockedBoxes.length > k) throw new UsageError(`${lockedBoxes.length} boxes are locked, more than -k ${k}`);
  if (catalog && options.catalogFile !== undefined && catalog.length + lockedBoxes.length < k) {
    throw new InputError([{ file: options.catalogFile, line: null, column: null, reason: `has ${catalog.length} boxes; -k ${k} needs at least ${k - lockedBoxes.length}` }]);
  }
  const served = current.assignment.box;

  const problem: SearchProblem = {
    classes: demand,
    k,
    objective: options.objective,
    orientation,
    locked: lockedBoxes.map((b) => canonical(b, orientation)),
    start: current.boxes.map((b) => canonical(b, orientation)),
    params,
    seed: options.seed,
    ...(catalog ? { catalog: catalog.map((b) => ({ dims: canonical(b, orientation), maxWeight: b.maxWeight })) } : {}),
  };
  const control: SearchControl = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeLimit !== undefined ? { deadline: performance.now() + options.timeLimit * 1000 } : {}),
    ...(options.onSearchProgress ? { onProgress: options.onSearchProgress } : {}),
    ...(options.onPhase ? { onPhase: options.onPhase } : {}),
  };
  const runSearch = options.runSearch ?? (async (p: SearchProblem, c: SearchControl) => optimizeSuite(p, c));
  const result = await runSearch(problem, control, options.threads);
  const timedOut = control.deadline !== undefined && performance.now() > control.deadline;

  // Boxes of the new suite: locked ones as they were, catalog ones with their ids, grid ones named by size.
  const suite: Box[] = [...lockedBoxes];
  const used = new Set(lockedBoxes.map((b) => canonical(b, orientation).join(',')));
  for (const d of result.suite) {
    const key = d.join(',');
    if (used.has(key)) continue;
    used.add(key);
    const fromCatalog = catalog?.find((b) => canonical(b, orientation).join(',') === key);
    if (fromCatalog) suite.push({ ...fromCatalog, locked: false });
    else {
      const box = toBox(d, orientation, '');
      box.id = dimsLabel(box);
      suite.push(box);
    }
  }

  const searched = performance.now();
  options.onPhase?.({ phase: 'evaluation', done: 0, total: 1 });
  const perfect = prep.perfect;
  const captured =
    perfect !== null && !options.coverAll && prep.currentObjective > perfect
      ? (100 * (prep.currentObjective - result.objective)) / (prep.currentObjective - perfect)
      : null;
  const assignment = assignClasses(classes, suite, params, options.objective, {
    orientation,
    frontier: (ci) => prep.frontierOf.get(ci) ?? null,
  });
  const both = (ci: number) => served[ci]! >= 0 && assignment.box[ci]! >= 0;
  const curCommon = reportSuite(classes, current.boxes, served, params, both).metrics;
  const newCommon = reportSuite(classes, suite, assignment.box, params, both).metrics;
  const optimized = reportSuite(classes, suite, assignment.box, params);
  const report: OptimizeReport = {
    command: 'optimize',
    units: params.units,
    objective: options.objective,
    k,
    input: current.report.input,
    current: current.report.current,
    optimized,
    savings: compareSuites(curCommon, newCommon, current.report.current.metrics.fitted, optimized.metrics.fitted),
    bound: {
      value: result.bound,
      objective: result.objective,
      gap_pct: result.gapPct,
      grid_step: catalog ? null : params.steps[params.steps.length - 1]!,
      perfect_fit: perfect,
      perfect_fit_captured_pct: captured,
    },
    search: {
      seed: options.seed,
      threads: options.threads,
      steps: catalog ? null : params.steps,
      catalog: options.catalogFile ?? null,
      orientation,
      islands: params.islands,
      iterations: result.stats.iterations,
      seconds: (performance.now() - started) / 1000,
      stopped: options.signal?.aborted ? 'interrupted' : timedOut ? 'time_limit' : 'converged',
      levels: result.stats.levels,
      phases: { ...prep.phases, ...result.phases, evaluation_s: (performance.now() - searched) / 1000 },
    },
  };
  return { report, current, suite, assignment };
}

/** Search a better suite of K boxes (SPEC §2 `optimize`, §6). */
export async function optimize(options: OptimizeOptions): Promise<OptimizeRun> {
  const prep = await prepareOptimization(options);
  return searchSuite(prep, options.k ?? prep.current.boxes.length, prep.started);
}
