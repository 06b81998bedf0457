// The report's units when --units is not given (SPEC §2): those of the shipments file's length
// suffixes, found by a cheap look at its header line before anything else is read.
import { open, stat } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { UnitSystem } from '../core/params.js';
import { splitUnitSuffix } from './units.js';

export interface DetectedUnits {
  units: UnitSystem;
  /** Set when the units were assumed rather than read from a suffix: what to tell the user. */
  warning: string | null;
}

const LENGTH_COLUMNS = new Set(['length', 'width', 'height']);
const MAX_HEADER_BYTES = 1 << 20;

/**
 * Metric when the first suffixed length column says _cm or _mm, imperial when it says _in; imperial,
 * with a warning, when no length column carries a suffix or the header cannot be read ahead.
 */
export async function detectUnits(file: string): Promise<DetectedUnits> {
  const header = await readHeaderLine(file);
  if (header === undefined) return { units: 'imperial', warning: null }; // the read itself reports why
  if (header === null) {
    return { units: 'imperial', warning: `${file} is not a regular file, so its header cannot be read ahead: reporting in imperial units (in, lb), which unsuffixed columns are read in; give --units to choose` };
  }
  for (const cell of splitHeader(header)) {
    const { base, length } = splitUnitSuffix(cell.trim().toLowerCase());
    if (length && LENGTH_COLUMNS.has(base)) return { units: length === 'in' ? 'imperial' : 'metric', warning: null };
  }
  return { units: 'imperial', warning: `${file}: its length columns carry no unit suffix (_in, _cm, _mm): reading them as inches and reporting in imperial units; give --units metric if they are centimetres` };
}

/** The first line of `file` (at most 1 MB); null for a pipe or a device, undefined when it cannot be read. */
async function readHeaderLine(file: string): Promise<string | null | undefined> {
  let fh;
  try {
    // Stat before opening: opening a pipe would wait for its writer, and closing it would break it.
    if (!(await stat(file)).isFile()) return null;
    fh = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buf = Buffer.alloc(Math.min(MAX_HEADER_BYTES, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < MAX_HEADER_BYTES) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, total);
      if (bytesRead === 0) break;
      const piece = Buffer.from(buf.subarray(0, bytesRead));
      chunks.push(piece);
      total += bytesRead;
      if (piece.includes(10)) break;
    }
    const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
    const end = text.indexOf('\n');
    return (end >= 0 ? text.slice(0, end) : text).replace(/\r$/, '');
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

function splitHeader(line: string): string[] {
  try {
    const rows = parse(line, { relax_quotes: true, relax_column_count: true, to: 1 }) as string[][];
    return rows[0] ?? [];
  } catch {
    return line.split(',');
  }
}
