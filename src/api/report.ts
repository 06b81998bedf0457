// The report shapes every command prints with --json and writes as report.json (SPEC §5).
import type { UnitSystem } from '../core/params.js';
import type { SuiteMetrics } from '../core/metrics.js';
import type { Objective } from '../core/fit.js';

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
}

/** A shipment (shape) that fits no box, named by its first shipment id. */
export interface UnfitShipment {
  shipment_id: string;
  /** Shipments of this shape. */
  shipments: number;
  units: number;
}

export interface SuiteReport {
  metrics: SuiteMetrics;
  /** Up to 100 unfit shapes, most frequent first. */
  unfit_shipments: UnfitShipment[];
}

export interface EvaluateReport {
  command: 'evaluate';
  units: UnitSystem;
  objective: Objective;
  input: InputSummary;
  current: SuiteReport;
}
