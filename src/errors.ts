// One error hierarchy. Deep code throws these; only src/cli/main.ts turns them into a message
// and an exit code (SPEC §2: 1 quality gate, 2 usage or bad input, 70 internal, 130 interrupted).
import { escapeControls, escapeText } from './text.js';

/** Base class: a failure the user should see as a plain message, never as a stack trace. */
export class PackoptError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage: unknown option, invalid value, missing argument (exit 2). */
export class UsageError extends PackoptError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Maximum number of input problems listed before the rest are only counted. */
export const MAX_LISTED_PROBLEMS = 20;

/** One problem in an input file, located as `file:line: column: reason`. */
export interface InputProblem {
  file: string;
  line: number | null;
  column: string | null;
  reason: string;
}

/** `file:line: column: reason`; a column name comes from the file, so it is escaped and cut like a cell. */
export function formatProblem(p: InputProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}`;
  const text = p.column === null ? `${where}: ${p.reason}` : `${where}: ${escapeText(p.column)}: ${p.reason}`;
  return escapeControls(text);
}

/** Bad input data: every problem found, the first 20 listed and the rest counted (exit 2). */
export class InputError extends PackoptError {
  readonly problems: InputProblem[];
  readonly total: number;
  constructor(problems: InputProblem[], total = problems.length) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map(formatProblem);
    const more = total - listed.length;
    const tail = more > 0 ? `\n… and ${more} more problem${more === 1 ? '' : 's'}` : '';
    super(listed.join('\n') + tail, 2);
    this.problems = problems;
    this.total = total;
  }
}

/** The run was interrupted (Ctrl-C); what was found so far has been reported (exit 130). */
export class InterruptedError extends PackoptError {
  /** `message` follows the "interrupted: " that the CLI prints before it. */
  constructor(message = 'stopped by Ctrl-C') {
    super(message, 130);
  }
}

/** A bug or an environment failure (a worker that died, a file system error): exit 70. */
export class InternalError extends PackoptError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 70);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** Shipments of one shape that a suite would leave unserved, for a CoverageError. */
export interface UnservedShape {
  shipment_id: string;
  shipments: number;
  /** `12x9x4` for a single item; `3 units, largest 10x8x3` for several. */
  shape: string;
  weight: number;
}

/**
 * The optimized suite cannot serve every shipment the current suite serves (SPEC §6): optimize
 * refuses rather than report savings on a smaller scope (exit 2).
 */
export class CoverageError extends PackoptError {
  readonly unserved: UnservedShape[];
  /** Shipments (count-weighted) left unserved. */
  readonly shipments: number;
  constructor(reason: string, unserved: UnservedShape[], hint: string) {
    const shipments = unserved.reduce((sum, u) => sum + u.shipments, 0);
    const listed = unserved.slice(0, 10).map((u) => `  ${u.shipment_id} (${u.shipments} shipment${u.shipments === 1 ? '' : 's'}): ${u.shape}${u.weight > 0 ? `, weight ${u.weight}` : ''}`);
    const more = unserved.length > listed.length ? [`  … and ${unserved.length - listed.length} more shapes`] : [];
    super(
      [`the optimized suite cannot serve ${shipments} shipment${shipments === 1 ? '' : 's'} (${unserved.length} shape${unserved.length === 1 ? '' : 's'}) that the current suite serves: ${reason}`, ...listed, ...more, hint].join('\n'),
      2,
    );
    this.unserved = unserved;
    this.shipments = shipments;
  }
}
