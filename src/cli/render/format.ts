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

/**
 * A unit for showing volumes as large as `largest` (report units: in3 or cm3): ft3 from 10 ft3,
 * m3 from 0.1 m3, else the report's own unit. JSON keeps the raw numbers; this is for reading.
 */
export function chooseVolumeScale(units: 'imperial' | 'metric', largest: number): { label: string; format(x: number): string } {
  if (units === 'imperial' && largest >= 10 * 1728) return { label: 'ft3', format: (x) => fmtNum(x / 1728, 1) };
  if (units === 'metric' && largest >= 100_000) return { label: 'm3', format: (x) => fmtNum(x / 1_000_000, 2) };
  return { label: units === 'imperial' ? 'in3' : 'cm3', format: fmtInt };
}
