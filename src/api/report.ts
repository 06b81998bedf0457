// The report shapes every command prints with --json and writes as report.json (SPEC §5).
import type { UnitSystem } from '../core/params.js';
import type { SuiteMetrics } from '../core/metrics.js';
import type { Objective } from '../core/fit.js';
import type { UnfitReason } from '../core/unfit.js';
import type { UnfitShipment } from './unfit.js';
import type { HoldoutSummary } from './holdout.js';

export interface InputSummary {
  shipments_file: string;
  boxes_file: string | null;
  /** Item lines read. */
  rows: number;
  /** Shipments, weighted by `count`. */
  shipments: number;
  /** Distinct shipment shapes after aggregation. */
  classes: number;
  /** Rows of the shipments file skipped under --skip-invalid. */
  skipped: number;
  /** Rows of the boxes file skipped under --skip-invalid. */
  skipped_boxes: number;
  /** Rows of the --catalog file skipped under --skip-invalid (optimize and sweep with a catalog). */
  skipped_catalog?: number;
  dates: { first: string; last: string } | null;
  /** How --holdout / --holdout-from split the shipments (SPEC §11); absent without a split. */
  holdout?: HoldoutSummary;
}

export type { UnfitShipment } from './unfit.js';

export interface SuiteReport {
  metrics: SuiteMetrics;
  /** Up to 100 unfit shapes, most frequent first, each with its reason and nearest package. */
  unfit_shipments: UnfitShipment[];
  /** Unfit shipments (weighted by count) per reason. */
  unfit_reasons: Record<UnfitReason, number>;
}

export interface EvaluateReport {
  command: 'evaluate';
  units: UnitSystem;
  objective: Objective;
  input: InputSummary;
  current: SuiteReport;
}
