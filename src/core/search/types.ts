// The search's contract with its callers: demand classes and a suite size in, a suite with a
// proven lower bound out. Lengths are in the report's one length unit; costs are in3 (volume),
// in2 (corrugate blank area) of that unit, or currency (cost: per shipment and box, SPEC §10).
import type { NewPackagePrices } from '../cost.js';
import type { Params } from '../params.js';
import type { DemandTable } from './demand-table.js';

/**
 * 'free': boxes are canonical sorted triples a ≤ b ≤ c. 'upright' (some item must stay upright):
 * [a, b, H] with a ≤ b the footprint and H vertical.
 */
export type Orientation = 'free' | 'upright';

/** Shipments of one shape, weighted by count. */
export interface DemandClass {
  /** Number of shipments (count-weighted), > 0. */
  weight: number;
  /** Shipment weight for max_weight checks (0 if unknown). */
  shipWeight: number;
  /** Item volume of one shipment (length³): the cost objective's void fill needs it. */
  itemVolume?: number;
  /**
   * Minimal fitting boxes in canonical coords: a box fits iff it dominates (≥ componentwise) some
   * entry. Single items: one entry, padded and continuous (the search rounds it up to each grid).
   * Multi-item: entries already on the finest grid.
   */
  frontier: number[][];
}

/** One stock box that catalog mode may choose; `maxWeight` null means no limit. */
export interface CatalogBox {
  dims: number[];
  maxWeight: number | null;
  /** Purchase price (currency) under the cost objective; absent: 0. */
  price?: number;
}

export interface SearchProblem {
  classes: DemandClass[];
  /**
   * The demand as a table of columns, far smaller at scale: when given, the search reads its
   * classes from it and `classes` (then best left empty) is not read. Class indices are its rows.
   */
  demandTable?: DemandTable;
  /** Suite size, locked boxes included. */
  k: number;
  objective: 'volume' | 'corrugate' | 'cost';
  orientation: Orientation;
  /** Canonical dims of boxes that must stay in the suite (they count toward K). */
  locked: number[][];
  /** Weight limits of the locked boxes, in their order (null or absent: none). */
  lockedMaxWeight?: (number | null)[];
  /** Prices of the locked boxes, in their order (cost objective; absent: 0). */
  lockedPrice?: number[];
  /** Prices of the boxes the grid proposes (cost objective; absent: all 0). */
  newPrices?: NewPackagePrices;
  /** Canonical dims of the current suite: a start point, not necessarily on the grid. */
  start?: number[][];
  /** When given, the candidates are exactly these boxes instead of a grid. */
  catalog?: CatalogBox[];
  /** Grid boxes the search proposes carry params.new_box_max_weight (null: no limit). */
  params: Params;
  seed: number;
}

/** What one grid level (or the catalog, step null) did. */
export interface LevelStats {
  step: number | null;
  candidates: number;
  classes: number;
  iterations: number;
  objective: number;
}

export interface SearchResult {
  /** K canonical boxes, locked first, on the final grid or from the catalog. */
  suite: number[][];
  /**
   * Per suite entry, where it is a mailer (mailer_candidates grid): its coordinates [T, W, L]
   * (thickest load, then the flat size ascending); null for a box. Absent: boxes only.
   */
  mailers?: (number[] | null)[];
  /** Total weighted cost of the suite over the served classes. */
  objective: number;
  /** Lower bound on the objective of any K-suite of final-grid (or catalog) boxes. */
  bound: number;
  /** 100·(objective − bound)/objective; null when the two do not compare (gapNote says why). */
  gapPct: number | null;
  gapNote: string | null;
  /** Indices of classes the suite leaves unserved (no candidate can serve them); not in the objective. */
  uncovered: number[];
  stats: { levels: LevelStats[]; iterations: number; seconds?: never };
  /** Wall time per phase: measured, so not part of the deterministic result above. */
  phases: SearchPhaseSeconds;
}

/** Wall seconds of the search's phases (main thread: levels and the bound's input; islands and the bound's subgradient may run in workers). */
export interface SearchPhaseSeconds {
  /** Reducing the classes and building each level's candidates and instance. */
  levels_s: number;
  /** The islands' epochs and the exchanges between them. */
  islands_s: number;
  /** The Lagrangian bound on the final level (its subgradient may run in workers). */
  bound_s: number;
  /** Of bound_s, building the bound's fit relation (on a grid its runs are collected in the worker threads when there are any; wall time). */
  bound_input_s: number;
}

/** What the search is doing now, for progress lines: `done` of `total` steps of `phase`. */
export interface PhaseProgress {
  phase: 'frontiers' | 'levels' | 'islands' | 'bound' | 'evaluation';
  done: number;
  total: number;
}

export interface SearchProgress {
  level: number;
  epoch: number;
  best: number;
  bound: number | null;
}

export interface SearchControl {
  signal?: AbortSignal;
  /** performance.now() milliseconds after which the best suite so far is returned. */
  deadline?: number;
  onProgress?: (p: SearchProgress) => void;
  /** Called when a phase starts (levels: per level; bound: once). */
  onPhase?: (p: PhaseProgress) => void;
}
