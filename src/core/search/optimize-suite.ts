// The coarse-to-fine suite search: for each grid level (coarse first) reduce the problem, run the
// islands epoch by epoch with a deterministic exchange of the best suite, and hand the level's
// best suites to the next, finer level as anchors and seed. Ends with the Lagrangian bound on the
// final level. Catalog mode is a single level whose candidates are the catalog boxes.
import { computeBlankArea } from '../geometry.js';
import { buildTightBoundInput, computeLagrangianBound, type BoundInput } from './bound.js';
import { buildInstance, evaluateSuite, type CandidateList, type ClassTable, type SearchInstance } from './instance.js';
import { createIsland, offerSuite, runEpoch, type IslandSettings, type IslandState } from './island.js';
import {
  CandidateSet,
  addAllTight,
  addNeighbourhood,
  canonicalBox,
  countTight,
  reduceClasses,
  roundDownToGrid,
  roundUpToGrid,
  tightValues,
} from './reduce.js';
import type { LevelStats, SearchControl, SearchProblem, SearchResult } from './types.js';

type Box = [number, number, number];

/** Coarser levels added in front of params.steps when even the first level is too large. */
const MAX_EXTRA_COARSE_LEVELS = 3;
/** Classes whose own minimal box joins a restricted level's candidates (heaviest first). */
const OWN_BOX_CLASSES = 200;
/** Fit pairs the bound may enumerate over the full tight set of a restricted final level. */
const BOUND_PAIR_LIMIT = 4_000_000;

/** Cost of a box under the objective (in³ or in² of the length unit). */
export function makeCostOf(problem: SearchProblem): (a: number, b: number, c: number) => number {
  if (problem.objective === 'volume') return (a, b, c) => a * b * c;
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
  const entryStart = new Int32Array(n + 1);
  const entries: number[] = [];
  for (let j = 0; j < t.n; j++) {
    const q = map[j]!;
    if (q < 0) continue;
    weight[q] = t.weight[j]!;
    shipWeight[q] = t.shipWeight[j]!;
    for (let e = t.entryStart[j]!; e < t.entryStart[j + 1]!; e++) {
      entries.push(t.entries[3 * e]!, t.entries[3 * e + 1]!, t.entries[3 * e + 2]!);
    }
    entryStart[q + 1] = entries.length / 3;
  }
  return { table: { n, weight, shipWeight, entryStart, entries: Float64Array.from(entries) }, map };
}

interface Level {
  step: number | null;
  table: ClassTable;
  classOf: Int32Array;
  instance: SearchInstance;
  /** Every tight box was a candidate (so the instance's own bound covers the whole grid). */
  full: boolean;
  tv: Float64Array[] | null;
  seed: Int32Array;
}

/**
 * Search a suite of exactly K boxes (locked boxes included) that minimises the count-weighted cost
 * of the classes, each in the cheapest suite box it fits; see SearchProblem and SearchResult.
 * Deterministic for a given problem and seed unless `control` stops it early.
 */
export function optimizeSuite(problem: SearchProblem, control: SearchControl = {}): SearchResult {
  const { params, orientation } = problem;
  const costOf = makeCostOf(problem);
  const stop = (): boolean =>
    (control.signal?.aborted ?? false) || (control.deadline !== undefined && performance.now() > control.deadline);
  const maxFull = params.max_candidates;
  const catalog = problem.catalog;
  const locked: Box[] = problem.locked.map((d) => canonicalBox(d, orientation));
  const maxBox = canonicalBox(params.max_box, orientation);

  const steps: (number | null)[] = [];
  if (catalog) steps.push(null);
  else {
    steps.push(...params.steps);
    // Even the coarsest level must be searchable in full: double its step until it is.
    let s = params.steps[0]!;
    for (let extra = 0; extra < MAX_EXTRA_COARSE_LEVELS; extra++) {
      const lc = reduceClasses(problem.classes, orientation, s, gridMax(maxBox, s), params.min_box_side);
      if (countTight(tightValues(lc.table), orientation) <= maxFull) break;
      s *= 2;
      steps.unshift(s);
    }
  }

  const settings: IslandSettings = {
    restarts: params.restarts,
    perturbationMax: params.perturbation_max,
    stallLimit: params.stall_limit,
    neighbourhoodSize: params.neighbourhood_size,
  };
  const levelStats: LevelStats[] = [];
  let anchors: Box[] = [];
  let seedBoxes: Box[] = (problem.start ?? []).map((d) => canonicalBox(d, orientation));
  let level: Level | null = null;
  let best = new Int32Array(0);
  let bestObjective = Infinity;
  let totalMoves = 0;

  for (let li = 0; li < steps.length; li++) {
    const step = steps[li]!;
    if (li > 0 && stop()) break;
    level = buildLevel(problem, step, locked, maxBox, maxFull, anchors, seedBoxes, li === 0, costOf);
    const inst = level.instance;
    const islands: IslandState[] = [];
    for (let q = 0; q < params.islands; q++) {
      islands.push(createIsland(inst, q, levelSeed(problem.seed, li), settings, level.seed));
    }
    best = new Int32Array(0);
    bestObjective = Infinity;
    for (let epoch = 0; epoch < params.epochs; epoch++) {
      let leader = -1;
      for (let q = 0; q < islands.length; q++) {
        const res = runEpoch(inst, islands[q]!, params.moves_per_epoch, stop);
        if (leader < 0 || res.bestObjective < islands[leader]!.bestObjective) leader = q;
      }
      const top = islands[leader]!;
      if (top.bestObjective < bestObjective) {
        best = top.best.slice();
        bestObjective = top.bestObjective;
      }
      for (const isl of islands) offerSuite(inst, isl, best, bestObjective);
      control.onProgress?.({ level: li, epoch, best: evaluateSuite(inst, best).cost, bound: null });
      if (stop() || islands.every((isl) => isl.done)) break;
    }
    if (best.length === 0) {
      // Stopped before any island finished a descent: fall back to the seed (or locked) boxes.
      best = Int32Array.from(new Set([...inst.lockedList, ...level.seed])).slice(0, inst.k);
    }
    const moves = islands.reduce((sum, isl) => sum + isl.moves, 0);
    totalMoves += moves;
    levelStats.push({
      step,
      candidates: inst.nCandidates,
      classes: inst.nClasses,
      iterations: moves,
      objective: evaluateSuite(inst, best).cost,
    });
    // The finer level searches around every island's best suite and starts from the overall best.
    const seen = new Set<string>();
    anchors = [];
    for (const suite of [best, ...islands.map((isl) => isl.best)]) {
      for (let s = 0; s < suite.length; s++) {
        const i = suite[s]!;
        if (inst.candLocked[i]) continue;
        const box = candidateBox(inst, i);
        const key = box.join(',');
        if (!seen.has(key)) {
          seen.add(key);
          anchors.push(box);
        }
      }
    }
    seedBoxes = Array.from(best, (i) => candidateBox(inst, i));
  }

  const lv = level!;
  const inst = lv.instance;
  const evaluation = evaluateSuite(inst, best);
  const objective = evaluation.cost;

  // Lower bound on the final level.
  const assigned = incumbentCosts(inst, best);
  let boundInput: BoundInput | null = null;
  if (lv.full || lv.step === null) boundInput = { ...inst, lambdaCap: null };
  else {
    for (const capOf of [assigned.second, assigned.first]) {
      boundInput = buildTightBoundInput(lv.table, lv.tv!, orientation, costOf, locked, inst.k, capOf, BOUND_PAIR_LIMIT);
      if (boundInput) break;
    }
  }
  let bound: number;
  if (boundInput) {
    bound = computeLagrangianBound(boundInput, objective, params.bound_iterations, assigned.first, stop);
  } else {
    // Trivial bound: every class in its own cheapest box.
    bound = 0;
    for (let j = 0; j < lv.table.n; j++) {
      let c = Infinity;
      for (let e = lv.table.entryStart[j]!; e < lv.table.entryStart[j + 1]!; e++) {
        const o = 3 * e;
        c = Math.min(c, costOf(lv.table.entries[o]!, lv.table.entries[o + 1]!, lv.table.entries[o + 2]!));
      }
      bound += lv.table.weight[j]! * c;
    }
  }
  // With every class served, bound ≤ optimum ≤ objective; only rounding could say otherwise.
  if (evaluation.unserved.length === 0) bound = Math.min(bound, objective);

  const unservedSet = new Set(evaluation.unserved);
  const uncovered: number[] = [];
  for (let j = 0; j < problem.classes.length; j++) {
    const q = lv.classOf[j]!;
    if (q < 0 || unservedSet.has(q)) uncovered.push(j);
  }

  const lockedSlots = inst.lockedList.length;
  const rest = Array.from(best.subarray(lockedSlots)).sort((x, y) => x - y);
  const suite: number[][] = [
    ...locked.map((d) => [...d]),
    ...rest.map((i) => candidateBox(inst, i).map((v) => (lv.step === null ? v : clean(v)))),
  ];
  return {
    suite,
    objective,
    bound,
    gapPct: objective > 0 ? (100 * (objective - bound)) / objective : 0,
    uncovered,
    stats: { levels: levelStats, iterations: totalMoves },
  };
}

function gridMax(maxBox: Box, step: number): Box {
  return [roundDownToGrid(maxBox[0], step), roundDownToGrid(maxBox[1], step), roundDownToGrid(maxBox[2], step)];
}

function candidateBox(inst: SearchInstance, i: number): Box {
  return [inst.candDims[3 * i]!, inst.candDims[3 * i + 1]!, inst.candDims[3 * i + 2]!];
}

/** Each class's cheapest and second-cheapest open cost in the suite (weighted; the second falls back to twice the first). */
function incumbentCosts(inst: SearchInstance, suite: Int32Array): { first: Float64Array; second: Float64Array } {
  const open = new Uint8Array(inst.nCandidates);
  for (let s = 0; s < suite.length; s++) open[suite[s]!] = 1;
  const first = new Float64Array(inst.nClasses);
  const second = new Float64Array(inst.nClasses);
  for (let j = 0; j < inst.nClasses; j++) {
    const w = inst.classWeight[j]!;
    let c1 = -1;
    let c2 = -1;
    for (let p = inst.fitStart[j]!; p < inst.fitStart[j + 1]!; p++) {
      const i = inst.fitCand[p]!;
      if (!open[i]) continue;
      if (c1 < 0) c1 = w * inst.candCost[i]!;
      else {
        c2 = w * inst.candCost[i]!;
        break;
      }
    }
    if (c1 < 0) c1 = w * inst.candCost[inst.fitCand[inst.fitStart[j + 1]! - 1]!]!;
    first[j] = c1;
    second[j] = c2 >= 0 ? c2 : 2 * c1;
  }
  return { first, second };
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
): Level {
  const { params, orientation } = problem;
  const lc = reduceClasses(problem.classes, orientation, step, step === null ? null : gridMax(maxBox, step), params.min_box_side);
  let table = lc.table;
  let classOf = lc.classOf;
  const set = new CandidateSet(table);
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
    for (const d of locked) set.addExact(d, byDims.get(d.join(','))?.maxWeight ?? Number.NaN, true);
    for (const d of seedBoxes) {
      const hit = byDims.get(d.join(','));
      if (hit !== undefined) seedRaw.push(hit.idx);
    }
  } else {
    for (const d of locked) set.addExact(d, Number.NaN, true);
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
    else {
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
  }
  const cands: CandidateList = set.toList();
  let built = buildInstance(table, cands, problem.k, costOf);
  const kept = keepServed(table, built.instance);
  if (kept) {
    table = kept.table;
    classOf = classOf.map((q) => (q < 0 ? -1 : kept.map[q]!));
    built = buildInstance(table, cands, problem.k, costOf);
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
