// Number and table formatting for the terminal. Nothing here computes a metric.

export function fmtInt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

export function fmtNum(x: number, digits = 1): string {
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtPct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** Lengths as short as they can be: 12, 12.5, 12.25. */
export function fmtLen(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** Left-align the first column, right-align the rest. */
export function renderTable(header: string[], rows: string[][], indent = '  '): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
