// Cell parsers shared by the CSV readers: each turns one trimmed cell into a value or a reason.
// Empty cells mean "not given" so that defaults apply.
import { quoteText } from '../text.js';

export type Cell<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const bad = (reason: string): Cell<never> => ({ ok: false, reason });

// Only plain decimals: Number() would also take 0x1A, 0b11, 0o7 and Infinity.
const PLAIN_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * True when `raw` is certainly a plain decimal if Number() accepts it: it starts with a digit and its
 * second character is no letter of a 0x/0o/0b prefix. The readers' hot path skips the regex on it.
 */
export function looksPlain(raw: string): boolean {
  const c0 = raw.charCodeAt(0);
  if (c0 < 48 || c0 > 57) return false;
  const c1 = raw.charCodeAt(1);
  return raw.length === 1 || (c1 >= 48 && c1 <= 57) || c1 === 46;
}

/** A plain decimal number (optionally with an exponent), finite; `min`/`positive`/`max` bound it. */
export function parseNumberCell(raw: string, opts: { min?: number; positive?: boolean; max?: number }): Cell<number> {
  const t = raw.trim();
  if (t === '') return bad('is empty');
  if (!PLAIN_DECIMAL.test(t)) {
    if (/^-?\d+,\d+$/.test(t)) return bad(`${quoteText(raw)} is not a number (use . as the decimal mark)`);
    if (Number.isFinite(Number(t))) return bad(`${quoteText(raw)} is not a plain decimal number (write it like 12.5 or 1.2e3)`);
    return bad(`${quoteText(raw)} is not a number`);
  }
  const n = Number(t);
  if (!Number.isFinite(n)) return bad(`${quoteText(raw)} is out of range`);
  if (opts.positive && !(n > 0)) return bad(`must be > 0, got ${t}`);
  if (opts.min !== undefined && n < opts.min) return bad(`must be ≥ ${opts.min}, got ${t}`);
  if (opts.max !== undefined && n > opts.max) return bad(`must be ≤ ${opts.max}, got ${t}`);
  return ok(n);
}

/** Where a measured value must lie, in report units (see measureRanges in units.ts). */
export interface Range {
  min: number;
  max: number;
  /** The report unit, for messages. */
  unit: string;
}

/** A length or weight: a plain decimal times `factor` (to report units), > 0 (or ≥ 0) and within `range`. */
export function parseMeasureCell(raw: string, factor: number, range: Range, positive: boolean): Cell<number> {
  const cell = parseNumberCell(raw, positive ? { positive: true } : { min: 0 });
  if (!cell.ok) return cell;
  const v = cell.value * factor;
  if (v > range.max || (v !== 0 && v < range.min)) {
    return bad(`${quoteText(raw.trim())} is out of range (from ${range.min} to ${range.max} ${range.unit})`);
  }
  return ok(v);
}

/** Most units of one item line, and most shipments one row may stand for: totals stay exact. */
export const MAX_QUANTITY = 1e6;
export const MAX_COUNT = 1e12;

/** A whole number from 1 to `max`. */
export function parseCountCell(raw: string, max: number): Cell<number> {
  const t = raw.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1) return bad(`must be a whole number ≥ 1, got ${quoteText(raw)}`);
  const n = Number(t);
  if (n > max) return bad(`must be at most ${max}, got ${quoteText(t)}`);
  return ok(n);
}

const TRUE = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f', '']);

/** true/false (also 1/0, yes/no); empty is false. */
export function parseBoolCell(raw: string): Cell<boolean> {
  const t = raw.trim().toLowerCase();
  if (TRUE.has(t)) return ok(true);
  if (FALSE.has(t)) return ok(false);
  return bad(`must be true or false, got ${quoteText(raw)}`);
}

/** An ISO date (YYYY-MM-DD, optionally followed by a time), kept as its date part. */
export function parseDateCell(raw: string): Cell<string> {
  const t = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})([T ].*)?$/.exec(t);
  if (!m) return bad(`must be an ISO date like 2026-01-31, got ${quoteText(raw)}`);
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3])) return bad(`${quoteText(raw)} is not a calendar date`);
  return ok(`${m[1]}-${m[2]}-${m[3]}`);
}
