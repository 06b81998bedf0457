// Cell parsers shared by the CSV readers: each turns one trimmed cell into a value or a reason.
// Empty cells mean "not given" so that defaults apply.

export type Cell<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Cell<T> => ({ ok: true, value });
const bad = (reason: string): Cell<never> => ({ ok: false, reason });

function show(raw: string): string {
  return raw.length > 40 ? `"${raw.slice(0, 37)}…"` : `"${raw}"`;
}

/** A finite number; `min`/`minExclusive` bound it. */
export function parseNumberCell(raw: string, opts: { min?: number; positive?: boolean; max?: number }): Cell<number> {
  const t = raw.trim();
  if (t === '') return bad('is empty');
  const n = Number(t);
  if (!Number.isFinite(n)) {
    if (/^-?\d+,\d+$/.test(t)) return bad(`${show(raw)} is not a number (use . as the decimal mark)`);
    return bad(`${show(raw)} is not a number`);
  }
  if (opts.positive && !(n > 0)) return bad(`must be > 0, got ${t}`);
  if (opts.min !== undefined && n < opts.min) return bad(`must be ≥ ${opts.min}, got ${t}`);
  if (opts.max !== undefined && n > opts.max) return bad(`must be ≤ ${opts.max}, got ${t}`);
  return ok(n);
}

/** A whole number ≥ 1. */
export function parseCountCell(raw: string): Cell<number> {
  const t = raw.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1) return bad(`must be a whole number ≥ 1, got ${show(raw)}`);
  return ok(Number(t));
}

const TRUE = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f', '']);

/** true/false (also 1/0, yes/no); empty is false. */
export function parseBoolCell(raw: string): Cell<boolean> {
  const t = raw.trim().toLowerCase();
  if (TRUE.has(t)) return ok(true);
  if (FALSE.has(t)) return ok(false);
  return bad(`must be true or false, got ${show(raw)}`);
}

/** An ISO date (YYYY-MM-DD, optionally followed by a time), kept as its date part. */
export function parseDateCell(raw: string): Cell<string> {
  const t = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})([T ].*)?$/.exec(t);
  if (!m) return bad(`must be an ISO date like 2026-01-31, got ${show(raw)}`);
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3])) return bad(`${show(raw)} is not a calendar date`);
  return ok(`${m[1]}-${m[2]}-${m[3]}`);
}
