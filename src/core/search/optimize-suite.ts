// The coarse-to-fine suite search: for each grid level (coarse first) reduce the problem, run the
// islands epoch by epoch with a deterministic exchange of the best suite, and hand the level's
// best suites to the next, finer level as anchors and seed. Ends with the Lagrangian bound on the
// final level. Catalog mode is a single level whose candidates are the catalog boxes.
import { computePackageCost, computeProposedPackageCost, computeShipmentCostTotal, withinLengthPlusGirth, type CostModel, type PackageCost } from '../cost.js';
import { computeBlankArea, sortDims } from '../geometry.js';
import { computeFilledMailerVolume, mailerCoordsOfBox } from '../mailer.js';
import { demandCount } from './demand-table.js';
import { computeLagrangianBound, type BoundInput } from './bound.js';
import { collectTightRuns, placeTightChunk, runTightSteps, tightRelationSteps, type TightCollect, type TightCollected, type TightRelation } from './tight-bound.js';
import { buildInstance, evaluateSuite, fitPairCost, type CandidateList, type ClassTable, type SearchInstance } from './instance.js';
import { completeSuite, createIsland, offerSuite, runEpoch, type IslandSettings, type IslandState } from './island.js';
import {
  CandidateSet,
  addAllTight,
  boxKey,
  addNeighbourhood,
  canonicalBox,
  countTight,
  reduceClasses,
  roundDownToGrid,
  roundUpToGrid,
  tightValues,
  type LevelClasses,
} from './reduce.js';
import type { LevelStats, Orientation, SearchControl, SearchPhaseSeconds, SearchProblem, SearchResult } from './types.js';

type Box = [number, number, number];

/** Coarser levels added in front of params.steps when even the first level is too large. */
const MAX_EXTRA_COARSE_LEVELS = 3;
/** Classes whose own minimal box joins a restricted level's candidates (heaviest first). */
const OWN_BOX_CLASSES = 200;
/**
 * Work (rows of tight footprints × class entries) a level too large to search every tight box may
 * spend finding that its tight boxes serve few enough distinct class sets to search them all after
 * all (cheapestPerServedSet): the 1-inch multi-item bench instances take 0.1–0.8 M. The sample's
 * 2-inch level (1.5 M) searched in full found the same suite for 20 % more search time; Olist's
 * final level takes 3.0 M, the 100k history's finer levels 37 M and 390 M (bench/README.md).
 */
const FULL_LEVEL_ROW_WORK = 1_000_000;
/** Runs of fitting boxes (one per class and row of tight boxes) the bound may store: 6 bytes each. */
const BOUND_RUN_LIMIT = 12_000_000;

/** Cost of a box under the objective (in³ or in² of the length unit). */
export function makeCostOf(problem: Pick<SearchProblem, 'objective' | 'params'>): (a: number, b: number, c: number) => number {
  // Under cost a box's price depends on the shipment (pairCostOf): volume only orders candidates.
  if (problem.objective === 'volume' || problem.objective === 'cost') return (a, b, c) => a * b * c;
  const glue = problem.params.glue_flap;
  return (a, b, c) => computeBlankArea(a, b, c, glue);
}

/** Seed of one level: the level is mixed in so levels do not replay each other's draws. */
function levelSeed(seed: number, level: number): number {
  return (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(level + 1, 0x85ebca6b)) | 0;
}

function clean(v: number): number {
  return Number(v.toPrecision(12));
}

/** Drop classes no candidate serves; returns the kept table and old → new class indices. */
function keepServed(t: ClassTable, inst: SearchInstance): { table: ClassTable; map: Int32Array } | null {
  const map = new Int32Array(t.n).fill(-1);
  let n = 0;
  for (let j = 0; j < t.n; j++) if (inst.fitStart[j + 1]! > inst.fitStart[j]!) map[j] = n++;
  if (n === t.n) return null;
  const weight = new Float64Array(n);
  const shipWeight = new Float64Array(n);
  const itemVolume = new Float64Array(n);
  const entryStart = new Int32Array(n + 1);
  const entries: number[] = [];
  for (let j = 0; j < t.n; j++) {
    const q = map[j]!;
    if (q < 0) continue;
    weight[q] = t.weight[j]!;
    shipWeight[q] = t.shipWeight[j]!;
    itemVolume[q] = t.itemVolume?.[j] ?? 0;
    for (let e = t.entryStart[j]!; e < t.entryStart[j + 1]!; e++) {
      entries.push(t.entries[3 * e]!, t.entries[3 * e + 1]!, t.entries[3 * e + 2]!);
    }
    entryStart[q + 1] = entries.length / 3;
  }
  return { table: { n, weight, shipWeight, itemVolume, entryStart, entries: Float64Array.from(entries) }, map };
}

/** A level's reduced classes and instance. */
export interface Level {
  step: number | null;
  table: ClassTable;
  classOf: Int32Array;
  instance: SearchInstance;
  /** Every tight box of the grid was a candidate (no neighbourhood restriction). */
  full: boolean;
  tv: Float64Array[] | null;
  seed: Int32Array;
}

/**
 * State of one search between its steps. optimizeSuite() drives it synchronously; a parallel layer
 * drives the same steps with runEpoch() in worker threads:
 *
 *   const search = planSearch(problem);
 *   for (let level = startLevel(search); level; level = startLevel(search)) {
 *     for (let epoch = 0; epoch < params.epochs; epoch++) {
 *       // runEpoch(level.instance, island, params.moves_per_epoch) for every island, anywhere
 *       if (exchangeBest(search, level, epoch)) break;
 *     }
 *     finishLevel(search, level);
 *   }
 *   const result = finishSearch(search);
 *
 * Islands exchange only in exchangeBest(), in island order, so the result does not depend on
 * where or in which order the islands ran.
 */
export interface SearchState {
  problem: SearchProblem;
  control: SearchControl;
  stop: () => boolean;
  steps: (number | null)[];
  settings: IslandSettings;
  locked: Box[];
  maxBox: Box;
  costOf: (a: number, b: number, c: number) => number;
  levelStats: LevelStats[];
  anchors: Box[];
  seedBoxes: Box[];
  next: number;
  last: LevelRun | null;
  totalMoves: number;
  /** Wall seconds so far per phase; the driver adds the islands' time (see runIslands). */
  phases: SearchPhaseSeconds;
  /** Levels' classes reduced ahead of their builds (by planSearch), each dropped once its level is built. */
  reduced: { step: number; classes: LevelClasses }[];
}

/** One grid level in progress: its instance, its islands and the best suite exchanged so far. */
export interface LevelRun {
  index: number;
  level: Level;
  instance: SearchInstance;
  islands: IslandState[];
  best: Int32Array;
  bestObjective: number;
}

/** Resolve the levels (adding coarser ones when even the first is too large to search in full). */
export function planSearch(problem: SearchProblem, control: SearchControl = {}): SearchState {
  const t0 = performance.now();
  const { params, orientation } = problem;
  const maxBox = canonicalBox(params.max_box, orientation);
  const steps: (number | null)[] = [];
  const reduced: SearchState['reduced'] = [];
  if (problem.catalog) steps.push(null);
  else {
    steps.push(...params.steps);
    let s = params.steps[0]!;
    for (let extra = 0; extra < MAX_EXTRA_COARSE_LEVELS; extra++) {
      const lc = reduceClasses(problem.demandTable ?? problem.classes, orientation, s, gridMax(maxBox, s), params.min_box_side, weightLimits(problem), problem.objective === 'cost');
      // Reduced here to count its tight boxes: its level's build takes them instead of reducing again.
      reduced.push({ step: s, classes: lc });
      if (countTight(tightValues(lc.table), orientation) <= params.max_candidates) break;
      s *= 2;
      steps.unshift(s);
    }
  }
  control.onPhase?.({ phase: 'levels', done: 0, total: steps.length });
  return {
    problem,
    control,
    stop: () =>
      (control.signal?.aborted ?? false) || (control.deadline !== undefined && performance.now() > control.deadline),
    steps,
    settings: {
      restarts: params.restarts,
      perturbationMax: params.perturbation_max,
      stallLimit: params.stall_limit,
      exchangeStallLimit: params.exchange_stall_limit,
      neighbourhoodSize: params.neighbourhood_size,
    },
    locked: problem.locked.map((d) => canonicalBox(d, orientation)),
    maxBox,
    costOf: makeCostOf(problem),
    levelStats: [],
    anchors: [],
    seedBoxes: (problem.start ?? []).map((d) => canonicalBox(d, orientation)),
    next: 0,
    last: null,
    reduced,
    totalMoves: 0,
    phases: { levels_s: (performance.now() - t0) / 1000, islands_s: 0, bound_s: 0, bound_input_s: 0 },
  };
}

/**
 * Reduce the classes of the level startLevel() builds next, if it is on a grid and not reduced yet:
 * they do not depend on the levels before it, so a driver may do it while the islands of the
 * current level search elsewhere (startLevel then takes them instead of reducing again).
 */
export function reduceAhead(search: SearchState): void {
  const step = search.steps[search.next];
  if (step === undefined || step === null || search.reduced.some((r) => r.step === step)) return;
  const { problem } = search;
  const { params, orientation } = problem;
  const classes = reduceClasses(problem.demandTable ?? problem.classes, orientation, step, gridMax(search.maxBox, step), params.min_box_side, weightLimits(problem), problem.objective === 'cost');
  search.reduced.push({ step, classes });
}

/**
 * Build the next level and its islands; null when every level is done (or the search must stop).
 * `alloc` backs the instance's arrays sized by fit pairs or classes (shared memory for workers).
 */
export function startLevel(search: SearchState, alloc?: (bytes: number) => ArrayBufferLike): LevelRun | null {
  const li = search.next;
  if (li >= search.steps.length || (li > 0 && search.stop())) return null;
  search.next++;
  const t0 = performance.now();
  const { problem } = search;
  search.control.onPhase?.({ phase: 'levels', done: li, total: search.steps.length });
  const step = search.steps[li]!;
  const ahead = search.reduced.findIndex((r) => r.step === step);
  const reduced = ahead >= 0 ? search.reduced[ahead]!.classes : null;
  search.reduced = search.reduced.filter((r) => r.step !== step);
  const level = buildLevel(
    problem,
    step,
    search.locked,
    search.maxBox,
    problem.params.max_candidates,
    search.anchors,
    search.seedBoxes,
    li === 0,
    search.costOf,
    reduced,
    alloc,
  );
  const instance = level.instance;
  const islands: IslandState[] = [];
  for (let q = 0; q < problem.params.islands; q++) {
    islands.push(createIsland(instance, q, levelSeed(problem.seed, li), search.settings, level.seed));
  }
  search.phases.levels_s += (performance.now() - t0) / 1000;
  return { index: li, level, instance, islands, best: new Int32Array(0), bestObjective: Infinity };
}

/**
 * After an epoch: take the best island suite (ties to the lower island index), offer it to every
 * island, report progress. Returns true when the level should end (all islands done, or stop).
 */
export function exchangeBest(search: SearchState, run: LevelRun, epoch: number): boolean {
  let leader = -1;
  run.islands.forEach((isl, q) => {
    if (leader < 0 || isl.bestObjective < run.islands[leader]!.bestObjective) leader = q;
  });
  const top = run.islands[leader];
  if (top && top.bestObjective < run.bestObjective) {
    run.best = top.best.slice();
    run.bestObjective = top.bestObjective;
  }
  if (run.best.length > 0) for (const isl of run.islands) offerSuite(run.instance, isl, run.best, run.bestObjective);
  search.control.onProgress?.({
    level: run.index,
    epoch,
    best: run.best.length > 0 ? evaluateSuite(run.instance, run.best).cost : Infinity,
    bound: null,
  });
  return search.stop() || run.islands.every((isl) => isl.done);
}

/** Record the level and hand its best suites to the next, finer level. */
export function finishLevel(search: SearchState, run: LevelRun): void {
  const inst = run.instance;
  if (run.best.length === 0) {
    // Stopped before any island finished a descent: the seed boxes, completed greedily to K.
    run.best = completeSuite(inst, run.level.seed);
    run.bestObjective = evaluateSuite(inst, run.best).cost;
  }
  const moves = run.islands.reduce((sum, isl) => sum + isl.moves, 0);
  search.totalMoves += moves;
  search.levelStats.push({
    step: run.level.step,
    candidates: inst.nCandidates,
    classes: inst.nClasses,
    iterations: moves,
    objective: evaluateSuite(inst, run.best).cost,
  });
  // The finer level searches around every island's best suite and starts from the overall best.
  const seen = new Set<string>();
  search.anchors = [];
  for (const suite of [run.best, ...run.islands.map((isl) => isl.best)]) {
    for (let s = 0; s < suite.length; s++) {
      const i = suite[s]!;
      if (inst.candLocked[i]) continue;
      const box = candidateBox(inst, i);
      const key = box.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        search.anchors.push(box);
      }
    }
  }
  search.seedBoxes = Array.from(run.best, (i) => candidateBox(inst, i));
  search.last = run;
}

/**
 * What the bound of a finished search needs: its fit relation, the incumbent's objective (the
 * Polyak target) and its costs per class (λ's start). Built on the calling thread; the
 * subgradient may run anywhere (computeLagrangianBound, or a parallel layer).
 */
export interface BoundJob {
  /** The pair-list bound's fit relation (catalog or cost levels); null on a grid, where the tight-box bound runs (planTightBound; in finishSearch() or a parallel layer). */
  input: BoundInput | null;
  upper: number;
  iterations: number;
  init: Float64Array;
  /** Per class, the incumbent's second-cheapest fitting box (the tight bound's fallback λ cap). */
  second: Float64Array;
  evaluation: ReturnType<typeof evaluateSuite>;
  /** performance.now() when the bound phase started. */
  started: number;
}

/** Reports the bound phase and builds its job from the final level's best suite. */
export function planBound(search: SearchState): BoundJob {
  const { problem } = search;
  const run = search.last;
  if (!run) throw new Error('planBound before any level finished');
  const started = performance.now();
  search.control.onPhase?.({ phase: 'bound', done: 0, total: 1 });
  const lv = run.level;
  const inst = run.instance;
  const evaluation = evaluateSuite(inst, run.best);
  const objective = evaluation.cost;
  const assigned = incumbentCosts(inst, run.best);
  let input: BoundInput | null = null;
  // Under cost the pair costs live in the instance: the bound runs over the level's candidates,
  // which on a full level are every tight box (no box is cheaper than its hull for any shipment).
  // On a grid the tight-box bound runs instead (planTightBound: no pair list to build or share).
  if (lv.step === null || inst.fitCost !== null) {
    // λ_j ≤ the objective (any cap is valid): uncapped, 1,000 steps let λ grow until Σ λ_j and
    // Σ ρ_i cancel in rounding, and a 13-box catalog instance got a "bound" 22 % above its optimum.
    input = { ...inst, lambdaCap: new Float64Array(inst.nClasses).fill(objective) };
  }
  search.phases.bound_input_s += (performance.now() - started) / 1000;
  return { input, upper: objective, iterations: problem.params.bound_iterations, init: assigned.first, second: assigned.second, evaluation, started };
}

/**
 * The tight-box bound's runs for a grid job (job.input === null), grouped into `chunks` chunks of
 * rows (the bound does not depend on it); `alloc` may hand out shared memory. Then
 * runTightSteps(rel, job.upper, rel.theta0, …) gives the bound that finishSearch() computes itself.
 */
export function planTightBound(search: SearchState, job: BoundJob, chunks: number, alloc?: (bytes: number) => ArrayBufferLike): TightRelation {
  const { steps, source } = planTightBoundSteps(search, job, chunks, alloc);
  for (let s = steps.next(); ; ) {
    if (s.done) return s.value;
    s = steps.next(collectTightRuns(source.table, source.tv, source.orientation, search.costOf, s.value));
  }
}

/**
 * planTightBound as a generator (tightRelationSteps): a parallel layer collects the runs it yields
 * for (collectTightBlock over `source`'s classes, by blocks, in any thread) and passes them back.
 */
export function planTightBoundSteps(
  search: SearchState,
  job: BoundJob,
  chunks: number,
  alloc?: (bytes: number) => ArrayBufferLike,
): { steps: Generator<TightCollect, TightRelation, TightCollected>; source: { table: ClassTable; tv: readonly Float64Array[]; orientation: Orientation; cost: Pick<SearchProblem, 'objective' | 'params'> } } {
  const { problem, locked, costOf } = search;
  const run = search.last!;
  const lv = run.level;
  const n = run.instance.nClasses;
  const steps = tightRelationSteps(
    lv.table,
    lv.tv!,
    problem.orientation,
    costOf,
    locked,
    run.instance.k,
    new Float64Array(n).fill(Infinity),
    { fallbackCap: job.second, upper: job.upper, iterations: problem.params.bound_iterations, init: job.init, scaled: tightStart(job.init, job.second), runLimit: BOUND_RUN_LIMIT },
    chunks,
    alloc,
  );
  return { steps, source: { table: lv.table, tv: lv.tv!, orientation: problem.orientation, cost: { objective: problem.objective, params: problem.params } } };
}

/**
 * Where the tight bound's scaled steps (those the work budget cuts) start λ and how far each
 * moves per step, from the incumbent's cheapest
 * (`first`) and second-cheapest (`second`) weighted costs per class: λ_j starts halfway between
 * them and moves in proportion to their difference (at least a thousandth of `first`). At 100k
 * 128 such steps close the gap to 1.8 % (1.4 % on the second generator) where 321 unscaled
 * steps from `first` left 2.0 % (4.4 %) (bench/README.md, "The bound's steps scaled per class").
 */
export function tightStart(first: Float64Array, second: Float64Array): { init: Float64Array; stepScale: Float64Array } {
  const n = first.length;
  const init = new Float64Array(n);
  const stepScale = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    init[j] = (first[j]! + second[j]!) / 2;
    stepScale[j] = Math.max(second[j]! - first[j]!, 1e-3 * first[j]!);
  }
  return { init, stepScale };
}

/**
 * The final level's best suite, its objective and the Lagrangian bound on the final grid: `bound`
 * when a parallel layer computed it for `job`, else computed here.
 */
export function finishSearch(search: SearchState, job: BoundJob = planBound(search), bound?: number): SearchResult {
  const { problem, locked, costOf } = search;
  const run = search.last!;
  const lv = run.level;
  const inst = run.instance;
  const best = run.best;
  const { evaluation } = job;
  const objective = evaluation.cost;
  if (bound === undefined) {
    if (job.input !== null) bound = computeLagrangianBound(job.input, job.upper, job.iterations, job.init, search.stop);
    else {
      // On a grid the bound runs over every tight box (a restricted level's candidates are not the
      // whole grid). λ_j is uncapped when the runs allow every step, else capped by the incumbent's
      // second-cheapest box for the class (any cap is valid; the runs stored end at it). The cap has
      // to reach past the incumbent's own box: capped there, the 100k multi-item history's gap was
      // 16.9 % instead of 3.0 %; uncapped but cut to the run budget, 4.1 % (bench/README.md,
      // "Multi-item at scale").
      const rel = planTightBound(search, job, 1);
      bound = runTightSteps(rel, job.upper, rel.theta0, () => placeTightChunk(rel, 0), search.stop).bound;
    }
  }
  // The bound covers every class some grid box serves; the objective only those the suite serves.
  // With classes left unserved the two do not compare, and a bound above the objective of a
  // suite that serves everything would be a bug: say so rather than print a negative gap.
  let gapPct: number | null = objective > 0 ? (100 * (objective - bound)) / objective : 0;
  let gapNote: string | null = null;
  if (evaluation.unserved.length > 0) {
    gapPct = null;
    gapNote = `the suite leaves ${evaluation.unserved.length} shipment shape(s) unserved, which the bound counts and the objective does not`;
  } else if (bound > objective * (1 + 1e-9) + 1e-9) {
    gapPct = null;
    gapNote = `the lower bound ${bound} exceeds the suite's objective ${objective}; no gap is claimed`;
  } else if (gapPct !== null && gapPct < 0) gapPct = 0; // rounding within 1e-9
  if (gapNote === null && inst.fitCost !== null && lv.step !== null && !lv.full) {
    gapNote = 'with costs per shipment and package, the bound covers the final level\'s candidates, not the whole grid';
  }

  const unservedSet = new Set(evaluation.unserved);
  const uncovered: number[] = [];
  for (let j = 0; j < demandCount(problem.demandTable ?? problem.classes); j++) {
    const q = lv.classOf[j]!;
    if (q < 0 || unservedSet.has(q)) uncovered.push(j);
  }

  const lockedSlots = inst.lockedList.length;
  const rest = Array.from(best.subarray(lockedSlots)).sort((x, y) => x - y);
  const suite: number[][] = [
    ...locked.map((d) => [...d]),
    ...rest.map((i) => candidateBox(inst, i).map((v) => (lv.step === null ? v : clean(v)))),
  ];
  const mc = inst.candMailer;
  const mailers = mc ? [...locked.map(() => null), ...rest.map((i) => (Number.isNaN(mc[3 * i]!) ? null : [mc[3 * i]!, mc[3 * i + 1]!, mc[3 * i + 2]!].map(clean)))] : null;
  fillToK(search, suite);
  while (mailers && mailers.length < suite.length) mailers.push(null);
  return {
    suite,
    ...(mailers ? { mailers } : {}),
    objective,
    bound,
    gapPct,
    gapNote,
    uncovered,
    stats: { levels: search.levelStats, iterations: search.totalMoves },
    phases: { ...search.phases, bound_s: search.phases.bound_s + (performance.now() - job.started) / 1000 },
  };
}

/**
 * Search a suite of exactly K boxes (locked boxes included) that minimises the count-weighted cost
 * of the classes, each in the cheapest suite box it fits; see SearchProblem and SearchResult.
 * Deterministic for a given problem and seed unless `control` stops it early.
 */
export function optimizeSuite(problem: SearchProblem, control: SearchControl = {}): SearchResult {
  const search = planSearch(problem, control);
  const { epochs, moves_per_epoch: budget } = problem.params;
  for (let run = startLevel(search); run; run = startLevel(search)) {
    const t0 = performance.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const isl of run.islands) runEpoch(run.instance, isl, budget, search.stop);
      if (exchangeBest(search, run, epoch)) break;
    }
    search.phases.islands_s += (performance.now() - t0) / 1000;
    finishLevel(search, run);
  }
  return finishSearch(search);
}

/**
 * Fewer distinct candidates than K (few shapes): fill the suite up to K with the start boxes,
 * snapped up to the final grid (capped at max_box), or catalog boxes, then longer grid boxes. Extra boxes never
 * raise the objective, and any grid box is allowed by the bound (it shrinks to a tight one).
 */
function fillToK(search: SearchState, suite: number[][]): void {
  const { problem, maxBox } = search;
  const step = search.steps[search.steps.length - 1]!;
  const keys = new Set(suite.map((d) => boxKey(d[0]!, d[1]!, d[2]!)));
  const add = (d: number[]): void => {
    const key = boxKey(d[0]!, d[1]!, d[2]!);
    if (suite.length >= problem.k || keys.has(key)) return;
    keys.add(key);
    suite.push(d);
  };
  if (step === null) {
    for (const cb of problem.catalog ?? []) add(canonicalBox(cb.dims, problem.orientation));
    return;
  }
  const grid = gridMax(maxBox, step);
  for (const d of problem.start ?? []) {
    const c = canonicalBox(d, problem.orientation);
    const s = c.map((v, x) => clean(Math.min(roundUpToGrid(v, step), grid[x]!)));
    add(problem.orientation === 'free' ? s.sort((p, q) => p - q) : s);
  }
  // Still short (fewer shapes than K and no start boxes): the largest box, one step longer each time.
  for (let grow = 1; suite.length < problem.k && suite.length > 0; grow++) {
    const base = suite.reduce((a, b) => (a[0]! * a[1]! * a[2]! >= b[0]! * b[1]! * b[2]! ? a : b));
    const longer = [base[0]!, base[1]!, clean(base[2]! + step)];
    if (longer[2]! > grid[2]! + 1e-9) break;
    add(longer);
  }
}

/** Weight limits that boxes of the search carry (new boxes', locked boxes'), ascending. */
function weightLimits(problem: SearchProblem): number[] {
  const limits = [problem.params.new_box_max_weight, ...(problem.lockedMaxWeight ?? [])];
  return [...new Set(limits.filter((w): w is number => w !== null && w !== undefined))].sort((x, y) => x - y);
}

function gridMax(maxBox: Box, step: number): Box {
  return [roundDownToGrid(maxBox[0], step), roundDownToGrid(maxBox[1], step), roundDownToGrid(maxBox[2], step)];
}

function candidateBox(inst: SearchInstance, i: number): Box {
  return [inst.candDims[3 * i]!, inst.candDims[3 * i + 1]!, inst.candDims[3 * i + 2]!];
}

/**
 * Each class's cheapest and second-cheapest open cost in the suite (weighted; a missing second
 * falls back to twice the cheapest).
 */
export function incumbentCosts(inst: SearchInstance, suite: Int32Array): { first: Float64Array; second: Float64Array } {
  const open = new Uint8Array(inst.nCandidates);
  for (let s = 0; s < suite.length; s++) open[suite[s]!] = 1;
  const first = new Float64Array(inst.nClasses);
  const second = new Float64Array(inst.nClasses);
  for (let j = 0; j < inst.nClasses; j++) {
    const w = inst.classWeight[j]!;
    let c1 = -1;
    let c2 = -1;
    for (let p = inst.fitStart[j]!; p < inst.fitStart[j + 1]!; p++) {
      if (!open[inst.fitCand[p]!]) continue;
      const c = w * fitPairCost(inst, p);
      if (c1 < 0) c1 = c;
      else if (c2 < 0) {
        c2 = c;
        break;
      }
    }
    if (c1 < 0) c1 = w * fitPairCost(inst, inst.fitStart[j + 1]! - 1);
    first[j] = c1;
    second[j] = c2 >= 0 ? c2 : 2 * c1;
  }
  return { first, second };
}

/**
 * Under the cost objective, what one shipment of class j costs in candidate i (SPEC §10): locked
 * and catalog boxes at their own prices, grid boxes at the proposed price line, a grid box beyond
 * max_length_plus_girth never (Infinity). Undefined for the other objectives: candCost decides.
 */
function pairCostOf(problem: SearchProblem, table: ClassTable, cands: CandidateList, catalogMode: boolean): ((j: number, i: number) => number) | undefined {
  if (problem.objective !== 'cost') return cands.mailer ? mailerPairCostOf(problem, table, cands) : undefined;
  const { params, orientation } = problem;
  const model: CostModel = { params, rates: params.rates };
  const priceOf = new Map<string, number>();
  for (const cb of problem.catalog ?? []) {
    const key = canonicalBox(cb.dims, orientation).join(',');
    if (!priceOf.has(key)) priceOf.set(key, cb.price ?? 0);
  }
  const lockedPrice = new Map<string, number>();
  problem.locked.forEach((d, q) => lockedPrice.set(canonicalBox(d, orientation).join(','), problem.lockedPrice?.[q] ?? 0));
  const prices = problem.newPrices ?? { boxFixed: 0, boxPerArea: 0, mailerPerArea: 0 };
  const m = cands.locked.length;
  const pkgs: (PackageCost | null)[] = [];
  for (let i = 0; i < m; i++) {
    const [a, b, c] = [cands.dims[3 * i]!, cands.dims[3 * i + 1]!, cands.dims[3 * i + 2]!];
    const key = [a, b, c].join(',');
    const box = { id: '', length: c, width: b, height: a, maxWeight: null, locked: false };
    if (cands.locked[i] || catalogMode) {
      const price = (cands.locked[i] ? lockedPrice.get(key) : undefined) ?? priceOf.get(key) ?? 0;
      pkgs.push(computePackageCost({ ...box, price }, params));
    } else {
      pkgs.push(withinLengthPlusGirth(box, params) ? computeProposedPackageCost('box', c, b, a, prices, params) : null);
    }
  }
  const itemVolume = table.itemVolume;
  const mailerCost = cands.mailer ? mailerPairCostOf(problem, table, cands) : null;
  return (j, i) => {
    if (mailerCost && !Number.isNaN(cands.mailer![3 * i]!)) return mailerCost(j, i);
    const pkg = pkgs[i];
    return pkg ? computeShipmentCostTotal(pkg, table.shipWeight[j]!, itemVolume?.[j] ?? 0, 0, model) : Infinity;
  };
}

/**
 * Pair costs where mailers are candidates (SPEC §9): a box costs what the objective says of it;
 * a mailer [T, W, L] serves class j through an entry whose load-coordinates it dominates
 * (mailerCoordsOfBox), at the best such entry's filled volume (L − a)(W − a)a, no corrugate (0),
 * or shipment cost (Infinity: no entry fits).
 */
function mailerPairCostOf(problem: SearchProblem, table: ClassTable, cands: CandidateList): (j: number, i: number) => number {
  const { params, orientation, objective } = problem;
  const costOf = makeCostOf(problem);
  const model: CostModel = { params, rates: params.rates };
  const prices = problem.newPrices ?? { boxFixed: 0, boxPerArea: 0, mailerPerArea: 0 };
  const mc = cands.mailer!;
  const pkgs = new Map<number, PackageCost>();
  return (j, i) => {
    const T = mc[3 * i]!;
    if (Number.isNaN(T)) return costOf(cands.dims[3 * i]!, cands.dims[3 * i + 1]!, cands.dims[3 * i + 2]!);
    const W = mc[3 * i + 1]!;
    const L = mc[3 * i + 2]!;
    let pkg = pkgs.get(i);
    if (!pkg) {
      pkg = computeProposedPackageCost('mailer', L, W, T, prices, params);
      pkgs.set(i, pkg);
    }
    let best = Infinity;
    for (let e = table.entryStart[j]!; e < table.entryStart[j + 1]!; e++) {
      const p = [table.entries[3 * e]!, table.entries[3 * e + 1]!, table.entries[3 * e + 2]!] as [number, number, number];
      const [a, w, l] = mailerCoordsOfBox(p, orientation);
      if (a > T + 1e-9 || w > W + 1e-9 || l > L + 1e-9) continue;
      const v =
        objective === 'cost'
          ? computeShipmentCostTotal(pkg, table.shipWeight[j]!, table.itemVolume?.[j] ?? 0, a, model)
          : objective === 'volume'
            ? computeFilledMailerVolume(L, W, a)
            : 0;
      if (v < best) best = v;
    }
    return best;
  };
}

/**
 * Mailer candidates of a grid level (mailer_candidates grid): T the thickest load allowed
 * (mailer_max_thickness on the grid; a mailer's price and filled volume do not grow with T), and
 * flat sizes W ≤ L from the classes' load coordinates: every pair of them while that stays within
 * half of max_candidates, else each class's own.
 */
function addMailerCandidates(set: CandidateSet, table: ClassTable, problem: SearchProblem, step: number, maxSide: number): void {
  const { params, orientation } = problem;
  const T = roundDownToGrid(params.mailer_max_thickness, step);
  if (!(T > 0)) return;
  const own: [number, number][] = [];
  const ws = new Set<number>();
  const ls = new Set<number>();
  for (let j = 0; j < table.n; j++) {
    for (let e = table.entryStart[j]!; e < table.entryStart[j + 1]!; e++) {
      const p = [table.entries[3 * e]!, table.entries[3 * e + 1]!, table.entries[3 * e + 2]!] as [number, number, number];
      const [a, w, l] = mailerCoordsOfBox(p, orientation).map(clean) as [number, number, number];
      if (a > T + 1e-9 || l > maxSide + 1e-9) continue;
      own.push([w, l]);
      ws.add(w);
      ls.add(l);
    }
  }
  const weight = params.new_box_max_weight ?? Number.NaN;
  const add = (w: number, l: number): void => {
    const coords: [number, number, number] = [T, w, l];
    const box: [number, number, number] = orientation === 'free' ? sortDims(T, w, l) : [w, l, T];
    const mailer = { id: '', length: l, width: w, height: T, maxWeight: null, locked: false, type: 'mailer' as const };
    if (withinLengthPlusGirth(mailer, params)) set.addMailer(coords, box, weight);
  };
  const pairs = [...ws].length * [...ls].length;
  if (pairs <= params.max_candidates / 2) {
    for (const w of [...ws].sort((x, y) => x - y)) for (const l of [...ls].sort((x, y) => x - y)) if (w <= l + 1e-9) add(w, l);
  } else for (const [w, l] of own) add(w, l);
}

/**
 * Of the tight boxes that serve the same classes, the cheapest (ties to the smaller volume, then
 * the first in grid order); null when they are more than `limit`, or when finding them would take
 * more than FULL_LEVEL_ROW_WORK. The cheapest box of a class set is its own hull (a box's hull
 * serves the same classes at no more cost). Row by row of footprints (a, b): class j fits every c
 * from c_j, its least entry height within the footprint, so the row's class sets are the prefixes
 * of its classes in order of c_j, each first served at the least tight c that reaches its last
 * class. Sets are told apart by their size and two sums of per-class random words (a collision
 * could only drop a candidate, never misstate a cost).
 */
function cheapestPerServedSet(
  table: ClassTable,
  tv: Float64Array[],
  orientation: SearchProblem['orientation'],
  maxWeight: number,
  costOf: (a: number, b: number, c: number) => number,
  limit: number,
): Box[] | null {
  const TOL = 1e-9;
  const [ta, tb, tc] = tv as [Float64Array, Float64Array, Float64Array];
  const n = table.n;
  let rows = 0;
  for (let p = 0; p < ta.length; p++) for (let q = 0; q < tb.length; q++) if (tb[q]! >= ta[p]! - TOL) rows++;
  if (rows * table.entryStart[n]! > FULL_LEVEL_ROW_WORK) return null;
  const h1 = new Int32Array(n);
  const h2 = new Int32Array(n);
  const heavy = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    // Two words of a splitmix-style mix of j.
    let x = Math.imul((j + 1) ^ 0x5bd1e995, 0x9e3779b1);
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    h1[j] = x ^ (x >>> 16);
    x = Math.imul(x ^ 0x27d4eb2f, 0x165667b1);
    x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d);
    h2[j] = x ^ (x >>> 13);
    heavy[j] = !Number.isNaN(maxWeight) && table.shipWeight[j]! > maxWeight * (1 + TOL) ? 1 : 0;
  }
  const minC = new Float64Array(n);
  const order = new Int32Array(n);
  const bySet = new Map<string, { box: Box; cost: number; volume: number }>();
  for (let p = 0; p < ta.length; p++) {
    const a = ta[p]!;
    for (let q = 0; q < tb.length; q++) {
      const b = tb[q]!;
      if (b < a - TOL) continue;
      let m = 0;
      for (let j = 0; j < n; j++) {
        if (heavy[j]) continue;
        let z = Infinity;
        for (let e = table.entryStart[j]!; e < table.entryStart[j + 1]!; e++) {
          const o = 3 * e;
          if (table.entries[o]! <= a + TOL && table.entries[o + 1]! <= b + TOL && table.entries[o + 2]! < z) z = table.entries[o + 2]!;
        }
        if (z === Infinity) continue;
        minC[j] = z;
        order[m++] = j;
      }
      const row = order.subarray(0, m).sort((x, y) => minC[x]! - minC[y]! || x - y);
      let s1 = 0;
      let s2 = 0;
      let r = 0;
      for (let t = 0; t < m; ) {
        // The least tight c (≥ b when free) that takes class row[t]; every class with c_j ≤ c joins.
        while (r < tc.length && (tc[r]! < minC[row[t]!]! - TOL || (orientation === 'free' && tc[r]! < b - TOL))) r++;
        if (r === tc.length) break;
        const c = tc[r]!;
        while (t < m && minC[row[t]!]! <= c + TOL) {
          s1 = (s1 + h1[row[t]!]!) | 0;
          s2 = (s2 + h2[row[t]!]!) | 0;
          t++;
        }
        const key = `${s1},${s2},${t}`;
        const box: Box = [a, b, c];
        const cost = costOf(a, b, c);
        const volume = a * b * c;
        const known = bySet.get(key);
        if (!known) {
          if (bySet.size === limit) return null;
          bySet.set(key, { box, cost, volume });
        } else if (cost < known.cost || (cost === known.cost && volume < known.volume)) bySet.set(key, { box, cost, volume });
      }
    }
  }
  return Array.from(bySet.values(), (v) => v.box);
}

/** Reduce the classes, collect the candidates and build the instance of one level. */
function buildLevel(
  problem: SearchProblem,
  step: number | null,
  locked: Box[],
  maxBox: Box,
  maxFull: number,
  anchors: Box[],
  seedBoxes: Box[],
  firstLevel: boolean,
  costOf: (a: number, b: number, c: number) => number,
  reduced: LevelClasses | null = null,
  alloc?: (bytes: number) => ArrayBufferLike,
): Level {
  const { params, orientation } = problem;
  const lc = reduced ?? reduceClasses(problem.demandTable ?? problem.classes, orientation, step, step === null ? null : gridMax(maxBox, step), params.min_box_side, weightLimits(problem), problem.objective === 'cost');
  let table = lc.table;
  let classOf = lc.classOf;
  const set = new CandidateSet(table, params.new_box_max_weight ?? Number.NaN);
  const lockedWeight = (q: number): number => problem.lockedMaxWeight?.[q] ?? Number.NaN;
  let full = true;
  let tv: Float64Array[] | null = null;
  const seedRaw: number[] = [];
  if (step === null) {
    const catalog = problem.catalog!;
    const byDims = new Map<string, { idx: number; maxWeight: number }>();
    for (const cb of catalog) {
      const d = canonicalBox(cb.dims, orientation);
      const maxWeight = cb.maxWeight ?? Number.NaN;
      const idx = set.addExact(d, maxWeight, false);
      const key = d.join(',');
      if (!byDims.has(key)) byDims.set(key, { idx, maxWeight });
    }
    // A locked box takes the weight limit of the catalog box with its dims, if there is one.
    // A locked box keeps its own weight limit, else takes the catalog box's with its dims.
    locked.forEach((d, q) => {
      const own = lockedWeight(q);
      set.addExact(d, Number.isNaN(own) ? (byDims.get(d.join(','))?.maxWeight ?? Number.NaN) : own, true);
    });
    for (const d of seedBoxes) {
      const hit = byDims.get(d.join(','));
      if (hit !== undefined) seedRaw.push(hit.idx);
    }
  } else {
    locked.forEach((d, q) => set.addExact(d, lockedWeight(q), true));
    tv = tightValues(table);
    const grid = gridMax(maxBox, step);
    // A start box off the grid snaps up (so it still serves its classes), capped at max_box.
    const snap = (d: Box): Box => {
      const s = d.map((v, x) => Math.min(roundUpToGrid(v, step), grid[x]!)) as Box;
      return orientation === 'free' ? (s.sort((p, q) => p - q) as Box) : s;
    };
    const seeds = firstLevel ? seedBoxes.map(snap) : seedBoxes;
    full = countTight(tv, orientation) <= maxFull;
    if (full) addAllTight(set, tv, orientation);
    else if (problem.objective !== 'cost') {
      // Many tight boxes, few classes: of the boxes that serve the same classes only the cheapest
      // is ever needed (a box's cost does not depend on the class here), and those may be few
      // enough to search the whole grid after all.
      const cheapest = cheapestPerServedSet(table, tv, orientation, params.new_box_max_weight ?? Number.NaN, costOf, maxFull);
      full = cheapest !== null;
      for (const d of cheapest ?? []) set.addExact(d, params.new_box_max_weight ?? Number.NaN, false);
    }
    if (!full) {
      const radius = params.refine_radius * step;
      for (const a of [...anchors, ...seeds]) addNeighbourhood(set, tv, orientation, a, radius);
      // The heaviest classes' own minimal boxes, so a class big enough to deserve its own box
      // can get it even far from the anchors; and the box covering everything, for coverage.
      const order = Array.from({ length: table.n }, (_, j) => j).sort((x, y) => table.weight[y]! - table.weight[x]! || x - y);
      for (const j of order.slice(0, OWN_BOX_CLASSES)) {
        const e = 3 * table.entryStart[j]!;
        set.addHull(table.entries[e]!, table.entries[e + 1]!, table.entries[e + 2]!);
      }
      set.addHull(tv[0]![tv[0]!.length - 1] ?? 0, tv[1]![tv[1]!.length - 1] ?? 0, tv[2]![tv[2]!.length - 1] ?? 0);
    }
    for (const d of seeds) {
      const idx = set.addHull(d[0], d[1], d[2]);
      if (idx >= 0) seedRaw.push(idx);
    }
    if (params.mailer_candidates === 'grid') addMailerCandidates(set, table, problem, step, Math.max(...grid));
  }
  const cands: CandidateList = set.toList();
  let built = buildInstance(table, cands, problem.k, costOf, pairCostOf(problem, table, cands, step === null), alloc);
  const kept = keepServed(table, built.instance);
  if (kept) {
    table = kept.table;
    classOf = classOf.map((q) => (q < 0 ? -1 : kept.map[q]!));
    built = buildInstance(table, cands, problem.k, costOf, pairCostOf(problem, table, cands, step === null), alloc);
  }
  const rank = new Int32Array(built.order.length);
  built.order.forEach((raw, r) => (rank[raw] = r));
  return {
    step,
    table,
    classOf,
    instance: built.instance,
    full,
    tv,
    seed: Int32Array.from(seedRaw, (raw) => rank[raw]!),
  };
}
