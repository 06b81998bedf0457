// The library API: the same engine the CLI runs. Functions return reports; they never exit.
export { evaluate, type EvaluateOptions, type EvaluateRun } from './api/evaluate.js';
export { optimize, type OptimizeOptions, type OptimizeReport, type OptimizeRun } from './api/optimize.js';
export { sweep, type SweepOptions, type SweepReport } from './api/sweep.js';
export { track, type TrackOptions, type TrackReport } from './api/track.js';
export { runSearchInWorkers } from './parallel/run-search.js';
export { computeFrontiersInPool } from './parallel/frontiers.js';
export type { EvaluateReport, SuiteReport, InputSummary } from './api/report.js';
export type { HoldoutOption, HoldoutSummary, OutOfSample } from './api/holdout.js';
export type { SuiteMetrics, BoxMetrics } from './core/metrics.js';
export { defaultParams, resolveParams, validateParams, paramsSchema, type Params, type UnitSystem } from './core/params.js';
export { computeBlankArea, computeBoxVolume, fitsItem } from './core/geometry.js';
export { packShipment } from './core/packer/index.js';
export type { Box } from './core/suite.js';
export { PackoptError, InputError, UsageError, CoverageError, type UnservedShape } from './errors.js';
