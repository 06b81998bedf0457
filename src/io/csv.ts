// Streaming CSV reading on top of csv-parse: header handling, line numbers, and the translation of
// parser and file-system failures into located input problems. Records are never all in memory.
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, type Info } from 'csv-parse';
import { InputError, type InputProblem } from '../errors.js';

/** What a reader does with the header and each record. Throwing InputError stops the read. */
export interface CsvVisitor {
  /** The header cells (trimmed, lower-cased) and their line; returns problems that stop the read. */
  header(cells: string[], line: number): InputProblem[];
  /** One data record and the line it starts on; a returned promise holds the stream (back-pressure). */
  record(cells: string[], line: number): void | Promise<void>;
}

interface ParsedRecord {
  record: string[];
  info: Info;
}

/** csv-parse options shared by every reader and by the ingest benchmark's bare pass. */
export const CSV_OPTIONS = {
  bom: true,
  info: true,
  relax_column_count: true,
  skip_empty_lines: true,
} as const;

/**
 * Stream `file` through csv-parse, calling the visitor per record. File-system and syntax failures
 * become an InputError naming the file (and line where the parser knows it).
 */
export async function readCsv(file: string, visitor: CsvVisitor): Promise<{ records: number }> {
  let headerSeen = false;
  let records = 0;
  let lastLine = 0;
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 256,
    write(chunk: ParsedRecord, _enc, done) {
      try {
        // A record that ends one line after the previous one starts on that line; only records
        // that span lines (quoted newlines) or follow skipped blank lines need their cells counted.
        const end = chunk.info.lines;
        const line = end - lastLine > 1 ? end - countNewlines(chunk.record) : end;
        lastLine = end;
        if (!headerSeen) {
          headerSeen = true;
          const problems = visitor.header(
            chunk.record.map((c) => c.trim().toLowerCase()),
            line,
          );
          if (problems.length > 0) throw new InputError(problems);
        } else {
          records++;
          const pending = visitor.record(chunk.record, line);
          if (pending) {
            pending.then(() => done(), (err: unknown) => done(err as Error));
            return;
          }
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
  try {
    await pipeline(createReadStream(file), parse(CSV_OPTIONS), sink);
  } catch (err) {
    throw toInputError(err, file, lastLine);
  }
  if (!headerSeen) {
    throw new InputError([{ file, line: null, column: null, reason: 'file is empty: a header row is required' }]);
  }
  return { records };
}

/** Newlines inside quoted fields push info.lines past the record's first line. */
function countNewlines(cells: string[]): number {
  let n = 0;
  for (const c of cells) {
    if (c.length > 0 && c.includes('\n')) for (const ch of c) if (ch === '\n') n++;
  }
  return n;
}

/** `lastLine`: where the last complete record ended; a broken record starts after it. */
function toInputError(err: unknown, file: string, lastLine: number): unknown {
  if (err instanceof InputError) return err;
  const e = err as NodeJS.ErrnoException & { code?: string; lines?: number };
  if (e.code === 'ENOENT') return problem(file, null, 'no such file');
  if (e.code === 'EISDIR') return problem(file, null, 'is a directory, not a CSV file');
  if (e.code === 'EACCES') return problem(file, null, 'permission denied');
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    const line = typeof e.lines === 'number' ? e.lines : null;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') return problem(file, lastLine + 1, 'a quoted field opened on this line is never closed (unbalanced ")');
    if (e.code === 'CSV_INVALID_CLOSING_QUOTE') return problem(file, line, 'a quote inside a quoted field must be doubled ("")');
    return problem(file, line, `malformed CSV: ${e.message}`);
  }
  return err;
}

function problem(file: string, line: number | null, reason: string): InputError {
  return new InputError([{ file, line, column: null, reason }]);
}
