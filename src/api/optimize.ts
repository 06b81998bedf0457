// optimize(): evaluate the current suite, search a suite of K boxes for the shipments it serves,
// evaluate the new suite exactly (the same fit engine as evaluate) and compare the two.
import { performance } from 'node:perf_hooks';
import { buildDemand, chooseOrientation, computePerfectFitObjective, frontierGridIndex, frontierRequest } from '../core/demand.js';
import type { FitFrontier, FrontierGrid, PackOptions, PackUnitSpec } from '../core/packer/index.js';
import { assignClasses, packOptionsOf, packSpecsOf, type Objective } from '../core/fit.js';
import type { Params } from '../core/params.js';
import type { PhaseProgress, SearchControl, SearchProblem, SearchResult, Orientation } from '../core/search/index.js';
import { demandClassAt, frontierAt, makeCostOf, optimizeSuite, type DemandTable } from '../core/search/index.js';
import { findCoverageGap, type CoverageReason } from '../core/coverage.js';
import type { ShipmentClass } from '../core/shipments.js';
import { isMailer, type Box } from '../core/suite.js';
import { computeNewPackagePrice, resolveNewPackagePrices } from '../core/cost.js';
import { computeSuiteMetrics, hasCostModel, type SuiteMetrics } from '../core/metrics.js';
import { CoverageError, InputError, UsageError, type UnservedShape } from '../errors.js';
import { readBoxes } from '../io/read-boxes.js';
import { runSearchInWorkers } from '../parallel/run-search.js';
import { computeFrontiersInPool } from '../parallel/frontiers.js';
import { evaluate, reportSuite, type EvaluateOptions, type EvaluateRun } from './evaluate.js';
import type { InputSummary, SuiteReport } from './report.js';
import { evaluateOutOfSample, type OutOfSample } from './holdout.js';

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
  /** How the search runs; default: in `threads` worker threads when threads > 1, else in this thread. */
  runSearch?: (problem: SearchProblem, control: SearchControl, threads: number) => Promise<SearchResult>;
  /** How multi-item fit frontiers are computed; default: in worker threads when threads > 1, else in this thread. */
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
  /** Relative reduction of total cost (%), when both suites carry a cost model (SPEC §10). */
  total_cost_pct?: number;
  /** Shipments both suites serve (the basis of the percentages). */
  compared_shipments: number;
  /** Shipments the new suite serves that the current one does not (negative: fewer). */
  additional_served: number;
  /** Shipments only one of the suites serves (left out of the comparison). */
  served_by_current_only: number;
  served_by_optimized_only: number;
  /** Both suites' figures on the compared shipments: what the percentages compare. */
  compared: { current: ComparedFigures; optimized: ComparedFigures };
}

/** A suite's totals and means over the compared shipments, in the report's units. */
export type ComparedFigures = Pick<SuiteMetrics, 'total_box_volume' | 'total_item_volume' | 'total_corrugate_weight' | 'air_per_shipment_mean' | 'utilization_mean' | 'empty_space_over_50_share' | 'total_cost' | 'cost_per_shipment_mean'>;

const comparedFigures = (m: SuiteMetrics): ComparedFigures => ({
  total_box_volume: m.total_box_volume,
  total_item_volume: m.total_item_volume,
  total_corrugate_weight: m.total_corrugate_weight,
  air_per_shipment_mean: m.air_per_shipment_mean,
  utilization_mean: m.utilization_mean,
  empty_space_over_50_share: m.empty_space_over_50_share,
  ...(m.total_cost !== undefined ? { total_cost: m.total_cost, cost_per_shipment_mean: m.cost_per_shipment_mean ?? 0 } : {}),
});

export interface OptimizeReport {
  command: 'optimize';
  units: Params['units'];
  objective: Objective;
  k: number;
  input: InputSummary;
  current: SuiteReport;
  optimized: SuiteReport;
  savings: Savings;
  /** Both suites on the held-out shipments (SPEC §11); only under --holdout or --holdout-from. */
  out_of_sample?: OutOfSample;
  bound: {
    /** Lower bound on the objective (total box volume, or blank area) of any K-box suite on the final grid. */
    value: number;
    /** The optimized suite's objective on the same terms. */
    objective: number;
    /** 100·(objective − value)/objective; null when the two do not compare (`gap_note` says why). */
    gap_pct: number | null;
    gap_note: string | null;
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
    /** The search found no suite better than the current one, which is reported as the optimized suite. */
    kept_current_suite: boolean;
    /** Weight limit the new boxes carry (null: none), and the largest box the grid may propose. */
    new_box_max_weight: number | null;
    max_box: number[];
    levels: { step: number | null; candidates: number; classes: number; iterations: number; objective: number }[];
    /** Wall seconds per phase: reading and evaluating the current suite, multi-item fit frontiers,
     * building the levels, the islands, the bound (of which bound_input_s built its fit relation on
     * the main thread), the exact evaluation of the new suite. */
    phases: { ingest_s: number; frontiers_s: number; levels_s: number; islands_s: number; bound_s: number; bound_input_s: number; evaluation_s: number };
  };
  /** What a reader must know before trusting the figures (a search cut short, a suite worse than the current one). */
  warnings: string[];
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
function toBox(d: readonly number[], orientation: Orientation, id: string, maxWeight: number | null): Box {
  const [a, b, c] = d as [number, number, number];
  const [length, width, height] = orientation === 'free' ? [c, b, a] : [b, a, c];
  return { id, length, width, height, maxWeight, locked: false };
}

/**
 * What the search needs to price boxes under the cost objective (SPEC §10): the proposed boxes'
 * price line from the current suite, the locked boxes' and the catalog's own prices.
 */
function searchPrices(prep: PreparedOptimization, locked: readonly Box[]): Pick<SearchProblem, 'newPrices' | 'lockedPrice'> {
  if (prep.options.objective !== 'cost') return {};
  return { newPrices: resolveNewPackagePrices(prep.current.boxes, prep.options.params), lockedPrice: locked.map((b) => b.price ?? 0) };
}

/**
 * In 'upright' mode the search lists a box as footprint then height, the height vertical, so a
 * flat carton that only free shipments use can come out stood on its edge (11×1×17). Each such new
 * box (no shipment with an upright item assigned to it, not locked, not from the catalog) is listed
 * lying flat instead, longest side first as in 'free' mode, and the suite evaluated again. Free
 * shipments fit a box whichever side stands; an upright one that newly fits the flat box can only
 * move to it when that is cheaper. The turned suite is kept only if it serves every shipment the
 * search's suite serves at no greater objective; otherwise (a multi-item packing that only the
 * standing box gave) the suite stays as the search listed it. Returns null when nothing turns.
 */
function layFlat(
  classes: readonly ShipmentClass[],
  suite: readonly Box[],
  proposed: ReadonlySet<Box>,
  assignment: ReturnType<typeof assignClasses>,
  params: Params,
  objective: Objective,
  frontier: (ci: number) => readonly (readonly number[])[] | null,
  newPrices: ReturnType<typeof resolveNewPackagePrices> | null,
): { suite: Box[]; assignment: ReturnType<typeof assignClasses> } | null {
  const upright = new Uint8Array(suite.length);
  classes.forEach((c, ci) => {
    const bi = assignment.box[ci]!;
    if (bi >= 0 && c.count > 0 && c.lines.some((ln) => ln.upright)) upright[bi] = 1;
  });
  let turned = false;
  const flat = suite.map((b, bi) => {
    if (!proposed.has(b) || upright[bi]) return b;
    const [a, m, c] = [b.length, b.width, b.height].sort((x, y) => x - y) as [number, number, number];
    // Lying flat it must still be a box the search could propose (within max_box, footprint first).
    if ((b.length === c && b.width === m && b.height === a) || m > params.max_box[0]! + 1e-9 || c > params.max_box[1]! + 1e-9 || a > params.max_box[2]! + 1e-9) return b;
    turned = true;
    const box: Box = { ...b, length: c, width: m, height: a };
    box.id = dimsLabel(box);
    if (newPrices) box.price = computeNewPackagePrice('box', c, m, a, newPrices, params);
    return box;
  });
  if (!turned) return null;
  const again = assignClasses(classes, flat, params, objective, { orientation: 'upright', frontier });
  const costOf = (s: readonly Box[], asg: ReturnType<typeof assignClasses>) => objectiveOf(objective, computeSuiteMetrics(classes, s, asg, params));
  for (let ci = 0; ci < classes.length; ci++) if (assignment.box[ci]! >= 0 && again.box[ci]! < 0) return null;
  if (costOf(flat, again) > costOf(suite, assignment) * (1 + 1e-12)) return null;
  return { suite: flat, assignment: again };
}

/** The figure of a suite's metrics that the objective minimises. */
function objectiveOf(objective: Objective, m: SuiteMetrics): number {
  return objective === 'volume' ? m.total_box_volume : objective === 'cost' ? (m.total_cost ?? 0) : m.total_corrugate_area;
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
    ...(current.total_cost !== undefined && optimized.total_cost !== undefined ? { total_cost_pct: pct(current.total_cost, optimized.total_cost) } : {}),
    compared_shipments: current.fitted,
    additional_served: fittedNew - fittedCur,
    served_by_current_only: fittedCur - current.fitted,
    served_by_optimized_only: fittedNew - current.fitted,
    compared: { current: comparedFigures(current), optimized: comparedFigures(optimized) },
  };
}

/** Everything a search needs that does not depend on K: read, evaluated and reduced once. */
export interface PreparedOptimization {
  /** The options, with the parameters the search runs on (max_box and new_box_max_weight resolved, §6). */
  options: OptimizeOptions;
  started: number;
  current: EvaluateRun;
  catalog: Box[] | null;
  lockedBoxes: Box[];
  orientation: Orientation;
  demand: DemandTable;
  /** Demand class index → shipment class index. */
  source: Int32Array;
  /** A shipment class's frontier points (canonical), null when it is not in the demand. */
  frontierOf: (ci: number) => number[][] | null;
  /** The current suite's objective over the shipments in scope (search terms). */
  currentObjective: number;
  /** The objective if every shipment had its own grid box; null for a catalog. */
  perfect: number | null;
  /** Wall seconds of reading and evaluating the inputs, and of the demand (multi-item frontiers). */
  phases: { ingest_s: number; frontiers_s: number };
}

/** Most values a box side may take on the finest grid (max_box / finest step); beyond it the grid is a mistake. */
const MAX_GRID_VALUES = 5000;

/**
 * The parameters the search runs on (SPEC §6): max_box, unless the config sets it, widens to the
 * current suite's largest sides (rounded up to the finest step); new_box_max_weight defaults to
 * the current suite's largest limit, none when some current box has none.
 */
export function resolveSearchParams(params: Params, boxes: readonly Box[], orientation: Orientation): Params {
  const finest = params.steps[params.steps.length - 1]!;
  let maxBox = canonical({ id: '', length: params.max_box[0], width: params.max_box[1], height: params.max_box[2], maxWeight: null, locked: false }, orientation);
  if (!params.max_box_given) {
    const up = (v: number) => Number((Math.ceil(v / finest - 1e-9) * finest).toPrecision(12));
    for (const b of boxes) maxBox = canonical(b, orientation).map((v, x) => Math.max(maxBox[x]!, up(v)));
  }
  const side = Math.max(...maxBox);
  if (side / finest > MAX_GRID_VALUES) {
    throw new UsageError(
      `max_box side ${side} over the grid step ${finest} gives ${Math.floor(side / finest)} box sizes per side (at most ${MAX_GRID_VALUES}): ` +
        'use a smaller max_box or a coarser step',
    );
  }
  const limits = boxes.map((b) => b.maxWeight);
  const newBoxMaxWeight =
    params.new_box_max_weight ?? (limits.length > 0 && limits.every((w) => w !== null) ? Math.max(...(limits as number[])) : null);
  return { ...params, max_box: maxBox as [number, number, number], new_box_max_weight: newBoxMaxWeight };
}

/** Read and evaluate the inputs, and build the demand the search works on (SPEC §6). */
export async function prepareOptimization(options: OptimizeOptions): Promise<PreparedOptimization> {
  const started = performance.now();
  const current = await evaluate(options);
  const evaluated = performance.now();
  const classes = current.input.classes;
  const orientation = chooseOrientation(classes);
  const params = resolveSearchParams(options.params, current.boxes, orientation);
  options = { ...options, params };
  const lockedBoxes = current.boxes.filter((b) => b.locked);
  let catalog: Box[] | null = null;
  if (options.catalogFile !== undefined) {
    const read = await readBoxes(options.catalogFile, { units: params.units, skipInvalid: options.skipInvalid });
    catalog = read.boxes;
    current.report.input.skipped_catalog = read.skipped;
  }
  const served = current.assignment.box;
  const inScope = (ci: number) => options.coverAll || served[ci]! >= 0;
  const demandOptions = { params, orientation, packOptions: packOptionsOf(params) };
  let frontiers: Map<number, FitFrontier> | undefined;
  const computeFrontiers = options.computeFrontiers ?? (options.threads > 1 ? computeFrontiersInPool : undefined);
  if (computeFrontiers) {
    const multi = classes.flatMap((c, ci) => (inScope(ci) && c.units > 1 && c.count > 0 ? [ci] : []));
    const request = frontierRequest(demandOptions);
    const onPhase = options.onPhase;
    onPhase?.({ phase: 'frontiers', done: 0, total: multi.length });
    const computed = multi.length === 0 ? [] : await computeFrontiers(
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
  // A multi-item shipment's current box is proven to fit it (evaluate packed it): a frontier
  // point, so the frontier walk's cheaper packer never loses a shipment the current suite serves.
  const proven = (ci: number) => (served[ci]! >= 0 ? canonical(current.boxes[served[ci]!]!, orientation) : null);
  const { demand, source } = buildDemand(classes, inScope, demandOptions, frontiers, proven);
  const demandOf = new Int32Array(classes.length).fill(-1);
  source.forEach((ci, di) => {
    demandOf[ci] = di;
  });
  const frontierOf = (ci: number) => (demandOf[ci]! >= 0 ? frontierAt(demand, demandOf[ci]!) : null);

  const costOf = makeCostOf({ objective: options.objective, params });
  let currentObjective = 0;
  for (const ci of source) {
    const bi = served[ci]!;
    if (bi < 0) continue;
    const b = canonical(current.boxes[bi]!, orientation);
    currentObjective += classes[ci]!.count * costOf(b[0]!, b[1]!, b[2]!);
  }
  // Under cost, the current suite's total cost; no perfect fit is computed (a box's cost depends on the shipment).
  if (options.objective === 'cost') currentObjective = current.report.current.metrics.total_cost ?? 0;
  const perfect = catalog || options.objective === 'cost' ? null : computePerfectFitObjective(demand, params.steps[params.steps.length - 1]!, costOf);
  const phases = { ingest_s: (evaluated - started) / 1000, frontiers_s: (performance.now() - evaluated) / 1000 };
  return { options, started, current, catalog, lockedBoxes, orientation, demand, source, frontierOf, currentObjective, perfect, phases };
}

/** `12x9x4`, or `3 units, largest 10x8x3`: how a refusal names a shipment shape. */
function describeShape(c: ShipmentClass): string {
  const dims = (l: { l: number; w: number; h: number }) => [l.l, l.w, l.h].map((x) => String(Number(x.toPrecision(6)))).join('x');
  if (c.units === 1) return dims(c.lines[0]!);
  const largest = c.lines.reduce((a, b) => (b.l * b.w * b.h > a.l * a.w * a.h ? b : a));
  return `${c.units} units, largest ${dims(largest)}`;
}

function unservedShapes(classes: readonly ShipmentClass[], indices: readonly number[]): UnservedShape[] {
  return indices
    .map((ci) => classes[ci]!)
    .map((c) => ({ shipment_id: c.exampleId, shipments: c.count, shape: describeShape(c), weight: c.weight }))
    .sort((a, b) => b.shipments - a.shipments);
}

/** Refuse before searching when some shipment the current suite serves cannot be served by any allowed box. */
function checkCoverage(prep: PreparedOptimization, k: number): void {
  const { options, current, catalog, lockedBoxes, orientation, demand, source } = prep;
  const { params } = options;
  const allowed = (b: Box) => ({ dims: canonical(b, orientation), maxWeight: b.maxWeight });
  const rules = {
    orientation,
    step: catalog ? null : params.steps[params.steps.length - 1]!,
    maxBox: params.max_box,
    minSide: params.min_box_side,
    newBoxMaxWeight: params.new_box_max_weight,
    locked: lockedBoxes.map(allowed),
    catalog: catalog ? catalog.map(allowed) : null,
    lockedOnly: lockedBoxes.length >= k,
  };
  const byReason = new Map<CoverageReason, number[]>();
  source.forEach((ci, di) => {
    if (current.assignment.box[ci]! < 0) return;
    const reason = findCoverageGap(demandClassAt(demand, di), rules);
    if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), ci]);
  });
  const fmt = (d: readonly number[]) => d.map((x) => String(Number(x.toPrecision(6)))).join('x');
  const explain: Record<CoverageReason, [string, string]> = {
    max_box: [`they need a box larger than max_box ${fmt(params.max_box)}`, 'Raise max_box in --config (or leave it out: it then covers the current suite\'s largest box).'],
    new_box_max_weight: [
      `they are heavier than new_box_max_weight ${params.new_box_max_weight}, the weight limit of new boxes`,
      'Raise new_box_max_weight in --config, or lock the current boxes that carry them.',
    ],
    catalog: [`no box of the catalog ${options.catalogFile} (nor a locked box) fits them`, 'Add boxes that fit them to the catalog, or lock the current boxes that serve them.'],
    locked: [`-k ${k} leaves no slot beside the ${lockedBoxes.length} locked boxes, and no locked box fits them`, 'Raise -k or unlock a box.'],
  };
  for (const [reason, indices] of byReason) {
    const [why, hint] = explain[reason];
    throw new CoverageError(why, unservedShapes(current.input.classes, indices), hint);
  }
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
  checkCoverage(prep, k);
  const served = current.assignment.box;

  // Locked mailers stay in the suite as they are; the search fills the other slots with boxes.
  const lockedMailers = lockedBoxes.filter(isMailer);
  const lockedCartons = lockedBoxes.filter((b) => !isMailer(b));
  const problem: SearchProblem = {
    classes: [],
    demandTable: demand,
    k: k - lockedMailers.length,
    objective: options.objective,
    orientation,
    locked: lockedCartons.map((b) => canonical(b, orientation)),
    lockedMaxWeight: lockedCartons.map((b) => b.maxWeight),
    start: current.boxes.filter((b) => !isMailer(b)).map((b) => canonical(b, orientation)),
    params,
    seed: options.seed,
    ...searchPrices(prep, lockedCartons),
    ...(catalog ? { catalog: catalog.map((b) => ({ dims: canonical(b, orientation), maxWeight: b.maxWeight, ...(b.price !== undefined ? { price: b.price } : {}) })) } : {}),
  };
  const control: SearchControl = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeLimit !== undefined ? { deadline: performance.now() + options.timeLimit * 1000 } : {}),
    ...(options.onSearchProgress ? { onProgress: options.onSearchProgress } : {}),
    ...(options.onPhase ? { onPhase: options.onPhase } : {}),
  };
  const runSearch =
    options.runSearch ?? (options.threads > 1 ? runSearchInWorkers : async (p: SearchProblem, c: SearchControl) => optimizeSuite(p, c));
  const result = await runSearch(problem, control, options.threads);
  const timedOut = control.deadline !== undefined && performance.now() > control.deadline;
  const stopped: OptimizeReport['search']['stopped'] = options.signal?.aborted ? 'interrupted' : timedOut ? 'time_limit' : 'converged';

  // Boxes of the new suite: locked ones as they were, catalog ones with their ids, grid ones named
  // by size and carrying new_box_max_weight.
  let suite: Box[] = [...lockedBoxes];
  // New boxes carry the proposed price where the report prices packages.
  const newPrices = hasCostModel(current.boxes, params) ? resolveNewPackagePrices(current.boxes, params) : null;
  const used = new Set(lockedBoxes.map((b) => canonical(b, orientation).join(',')));
  /** The grid boxes the search proposes (neither locked nor from the catalog). */
  const proposed = new Set<Box>();
  for (const [q, d] of result.suite.entries()) {
    const mailer = result.mailers?.[q];
    if (mailer) {
      // A proposed mailer [T, W, L]: flat size L × W, loads up to T thick (SPEC §9).
      const [T, W, L] = mailer as [number, number, number];
      const key = `mailer:${mailer.join(',')}`;
      if (used.has(key)) continue;
      used.add(key);
      const box: Box = { id: '', length: L, width: W, height: T, maxWeight: params.new_box_max_weight, locked: false, type: 'mailer' };
      box.id = `mailer-${dimsLabel(box)}`;
      if (newPrices) box.price = computeNewPackagePrice('mailer', L, W, T, newPrices, params);
      suite.push(box);
      continue;
    }
    const key = d.join(',');
    if (used.has(key)) continue;
    used.add(key);
    const fromCatalog = catalog?.find((b) => canonical(b, orientation).join(',') === key);
    if (fromCatalog) suite.push({ ...fromCatalog, locked: false });
    else {
      const box = toBox(d, orientation, '', params.new_box_max_weight);
      box.id = dimsLabel(box);
      if (newPrices) box.price = computeNewPackagePrice('box', box.length, box.width, box.height, newPrices, params);
      suite.push(box);
      proposed.add(box);
    }
  }

  const searched = performance.now();
  options.onPhase?.({ phase: 'evaluation', done: 0, total: 1 });
  const perfect = prep.perfect;
  let assignment = assignClasses(classes, suite, params, options.objective, {
    orientation,
    frontier: prep.frontierOf,
  });
  if (orientation === 'upright') {
    const flat = layFlat(classes, suite, proposed, assignment, params, options.objective, prep.frontierOf, newPrices);
    if (flat) ({ suite, assignment } = flat);
  }
  // Final guard: every shipment the current suite serves must be served by the new one.
  const lost = classes.flatMap((c, ci) => (served[ci]! >= 0 && assignment.box[ci]! < 0 && c.count > 0 ? [ci] : []));
  if (lost.length > 0) {
    const why =
      stopped === 'converged'
        ? `the best suite of ${k} boxes the search found leaves them unserved`
        : `the search was cut short (${stopped === 'time_limit' ? '--time-limit' : 'interrupted'}) with a suite of ${k} boxes that leaves them unserved`;
    throw new CoverageError(why, unservedShapes(classes, lost), stopped === 'converged' ? 'Raise -k, or lock the current boxes that serve them.' : 'Give the search more time (--time-limit), or raise -k.');
  }

  const warnings: string[] = [];
  if (params.mailer_candidates === 'grid' && catalog) warnings.push('mailer_candidates "grid" proposes mailers on a grid only: with --catalog the search chooses catalog boxes');
  const both = (ci: number) => served[ci]! >= 0 && assignment.box[ci]! >= 0;
  let curCommon = reportSuite(classes, current.boxes, current.assignment, params, both).metrics;
  let newCommon = reportSuite(classes, suite, assignment, params, both).metrics;
  let objective = result.objective;
  let bound = { gap_pct: result.gapPct, gap_note: result.gapNote };
  let keptCurrent = false;
  const worsePct = pct(objectiveOf(options.objective, curCommon), objectiveOf(options.objective, newCommon));
  if (worsePct < -1e-9) {
    // Never call a suite worse than the current one "optimized": keep the current suite where it
    // is a valid answer (same K, every box allowed), else say so loudly.
    const allowedBox = (b: Box) =>
      b.locked ||
      (catalog ? catalog.some((c) => canonical(c, orientation).join(',') === canonical(b, orientation).join(',')) : canonical(b, orientation).every((v, x) => v <= params.max_box[x]! + 1e-9));
    const cut = stopped === 'converged' ? '' : ` (the search was cut short: ${stopped === 'time_limit' ? '--time-limit' : 'interrupted'})`;
    if (k === current.boxes.length && current.boxes.every(allowedBox)) {
      keptCurrent = true;
      suite = current.boxes.map((b) => ({ ...b }));
      assignment = current.assignment;
      curCommon = reportSuite(classes, current.boxes, current.assignment, params).metrics;
      newCommon = curCommon;
      objective = prep.currentObjective;
      const gap = objective > 0 ? (100 * (objective - result.bound)) / objective : 0;
      bound =
        gap >= 0
          ? { gap_pct: gap, gap_note: null }
          : { gap_pct: null, gap_note: 'the current suite, off the search grid, does better than any suite on the grid; no gap is claimed' };
      warnings.push(`the search found no suite better than the current one${cut}: the current suite is kept`);
    } else {
      warnings.push(`the suite found is ${(-worsePct).toFixed(2)}% worse than the current suite on the ${options.objective} objective${cut}`);
    }
  } else if (stopped !== 'converged') {
    warnings.push(`the search was cut short (${stopped === 'time_limit' ? '--time-limit' : 'interrupted'}): the suite is the best found so far`);
  }
  const optimized = reportSuite(classes, suite, assignment, params);
  const captured =
    perfect !== null && !options.coverAll && prep.currentObjective > perfect
      ? (100 * (prep.currentObjective - objective)) / (prep.currentObjective - perfect)
      : null;
  const report: OptimizeReport = {
    command: 'optimize',
    units: params.units,
    objective: options.objective,
    k,
    input: current.report.input,
    current: current.report.current,
    optimized,
    savings: compareSuites(curCommon, newCommon, current.report.current.metrics.fitted, optimized.metrics.fitted),
    ...(current.input.heldOut
      ? { out_of_sample: evaluateOutOfSample(current.input.heldOut.classes, current.boxes, suite, params, options.objective, options.seed) }
      : {}),
    bound: {
      value: result.bound,
      objective,
      ...bound,
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
      stopped,
      kept_current_suite: keptCurrent,
      new_box_max_weight: params.new_box_max_weight,
      max_box: params.max_box,
      levels: result.stats.levels,
      phases: { ...prep.phases, ...result.phases, evaluation_s: (performance.now() - searched) / 1000 },
    },
    warnings,
  };
  return { report, current, suite, assignment };
}

/** Search a better suite of K boxes (SPEC §2 `optimize`, §6). */
export async function optimize(options: OptimizeOptions): Promise<OptimizeRun> {
  const prep = await prepareOptimization(options);
  return searchSuite(prep, options.k ?? prep.current.boxes.length, prep.started);
}
