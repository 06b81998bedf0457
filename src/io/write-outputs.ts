// Output files, written atomically: every file goes to a temporary name in the target folder and is
// renamed only once all of them are complete, so a failed run never leaves a half-written report.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { InternalError } from '../errors.js';

/** One file of an output folder: its name and how to write it to a given path. */
export interface OutputFile {
  name: string;
  write(path: string): Promise<void>;
}

/** Write all files into `dir` (created if needed), each complete or not at all. */
export async function writeOutputs(dir: string, files: readonly OutputFile[]): Promise<string[]> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new InternalError(`cannot create output folder ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const temps = files.map((f) => join(dir, `.${f.name}.${process.pid}.tmp`));
  try {
    for (let i = 0; i < files.length; i++) await files[i]!.write(temps[i]!);
    for (let i = 0; i < files.length; i++) await rename(temps[i]!, join(dir, files[i]!.name));
  } catch (err) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    if (err instanceof Error && 'exitCode' in err) throw err;
    throw new InternalError(`cannot write to ${dir}: ${(err as Error).message}`, { cause: err });
  }
  return files.map((f) => join(dir, f.name));
}

/** A JSON file, pretty-printed, ending in a newline. */
export function jsonFile(name: string, value: unknown): OutputFile {
  return { name, write: (path) => writeFile(path, JSON.stringify(value, null, 2) + '\n') };
}

/** A small CSV file from rows in memory. */
export function csvFile(name: string, header: string[], rows: readonly unknown[][]): OutputFile {
  return {
    name,
    async write(path) {
      const sink = createCsvSink(path, header);
      for (const row of rows) await sink.write(row);
      await sink.close();
    },
  };
}

/** A streaming CSV writer with back-pressure, for files with a row per shipment. */
export interface CsvSink {
  /** Returns a promise only when the caller must wait for the buffer to drain. */
  write(row: unknown[]): void | Promise<void>;
  close(): Promise<void>;
}

export function createCsvSink(path: string, header: string[]): CsvSink {
  const out = createWriteStream(path);
  const csv = stringify({ header: true, columns: header });
  csv.pipe(out);
  return {
    write(row) {
      if (!csv.write(row)) return once(csv, 'drain').then(() => undefined);
      return undefined;
    },
    async close() {
      csv.end();
      await finished(out);
    },
  };
}

/** A streaming line writer (JSON Lines) with back-pressure. */
export interface LineSink {
  /** Returns a promise only when the caller must wait for the buffer to drain. */
  write(line: string): void | Promise<void>;
  close(): Promise<void>;
}

export function createLineSink(path: string): LineSink {
  const out = createWriteStream(path);
  return {
    write(line) {
      if (!out.write(line + '\n')) return once(out, 'drain').then(() => undefined);
      return undefined;
    },
    async close() {
      out.end();
      await finished(out);
    },
  };
}
