// The suite search: coarse-to-fine local search over K-box suites with a Lagrangian lower bound.
export {
  optimizeSuite,
  planSearch,
  startLevel,
  reduceAhead,
  exchangeBest,
  finishLevel,
  finishSearch,
  planBound,
  planTightBound,
  planTightBoundSteps,
  makeCostOf,
} from './optimize-suite.js';
export type { SearchState, LevelRun, Level, BoundJob } from './optimize-suite.js';
export { createIsland, runEpoch, offerSuite } from './island.js';
export type { IslandSettings, IslandState, EpochResult } from './island.js';
export { buildInstance, evaluateSuite } from './instance.js';
export type { SearchInstance, ClassTable, CandidateList } from './instance.js';
export {
  computeLagrangianBound,
  createBoundState,
  inThreadSteps,
  runSubgradient,
  planSegments,
  fillSegments,
  segmentRho,
  segmentSubgradient,
} from './bound.js';
export type { BoundInput, BoundState, BoundSteps, BoundAlloc, SegmentedFit } from './bound.js';
export {
  buildTightRelation,
  collectTightBlock,
  computeTightBound,
  forEachTightRow,
  placeTightChunk,
  runTightSteps,
  tightRelationSteps,
  TIGHT_CLASS_BLOCK,
} from './tight-bound.js';
export type { TightBoundOptions, TightBoundStats, TightStepOptions, TightCollect, TightCollected, TightRelation, TightRunBlock } from './tight-bound.js';
export { DemandTableBuilder, demandClassAt, demandCount, frontierAt, toDemandTable } from './demand-table.js';
export type { DemandTable } from './demand-table.js';
export type {
  CatalogBox,
  DemandClass,
  LevelStats,
  PhaseProgress,
  Orientation,
  SearchControl,
  SearchProblem,
  SearchPhaseSeconds,
  SearchProgress,
  SearchResult,
} from './types.js';
