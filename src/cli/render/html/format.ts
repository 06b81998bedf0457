// Numbers in report.html: each one shown is read from the report by its JSON path and marked with
// that path (`data-key`) and its format (`data-fmt`), so that a reader or a test can trace it back.

/** How a number is written: int 12,345 · num1 12,345.6 · num2 · ratio0/ratio1 (share → %) 12% / 12.3% · pct1/pct2 (already %) · len 12.25. */
export type NumberFormat = 'int' | 'num1' | 'num2' | 'ratio0' | 'ratio1' | 'pct1' | 'pct2' | 'len';

export function formatNumber(x: number | null, fmt: NumberFormat): string {
  if (x === null) return '–';
  switch (fmt) {
    case 'int':
      return Math.round(x).toLocaleString('en-US');
    case 'num1':
      return x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    case 'num2':
      return x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    case 'ratio0':
      return `${(x * 100).toFixed(0)}%`;
    case 'ratio1':
      return `${(x * 100).toFixed(1)}%`;
    case 'pct1':
      return `${x.toFixed(1)}%`;
    case 'pct2':
      return `${x.toFixed(2)}%`;
    case 'len':
      return String(Math.round(x * 100) / 100);
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The value at a dotted path (`current.metrics.boxes.0.share`) of the report. */
export function valueAt(report: unknown, path: string): unknown {
  let v: unknown = report;
  for (const part of path.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[part];
  return v;
}

/** Reads numbers from one report and writes them as marked, formatted text. */
export interface Numbers {
  /** The number at `path`, formatted. Throws when the path holds no number: a renderer bug, not a user's. */
  value(path: string, fmt: NumberFormat): number | null;
  /** `<span data-key data-fmt>text</span>` for HTML. */
  span(path: string, fmt: NumberFormat, cls?: string): string;
  /** `data-key="…" data-fmt="…"` attributes and the text, for an SVG `<text>`. */
  attrs(path: string, fmt: NumberFormat): { attrs: string; text: string };
  /** The array at `path` (empty when there is none). */
  list<T = unknown>(path: string): T[];
  /** Does `path` hold a number? Optional keys (the cost figures, SPEC §10) are shown only when present. */
  has(path: string): boolean;
}

export function numbersOf(report: unknown): Numbers {
  const value = (path: string): number | null => {
    const v = valueAt(report, path);
    if (v === null || typeof v === 'number') return v;
    throw new Error(`report.html: no number at ${path}`);
  };
  const attrs = (path: string, fmt: NumberFormat) => ({
    attrs: `data-key="${escapeHtml(path)}" data-fmt="${fmt}"`,
    text: escapeHtml(formatNumber(value(path), fmt)),
  });
  return {
    value,
    attrs,
    has: (path) => typeof valueAt(report, path) === 'number',
    list<T>(path: string): T[] {
      const v = valueAt(report, path);
      return Array.isArray(v) ? (v as T[]) : [];
    },
    span(path, fmt, cls) {
      const a = attrs(path, fmt);
      return `<span${cls ? ` class="${cls}"` : ''} ${a.attrs}>${a.text}</span>`;
    },
  };
}
