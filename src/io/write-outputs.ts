// The --out folder, replaced as a whole: every file is written into a fresh sibling folder, which
// then takes the old folder's place in one rename. A failed or killed run leaves the earlier set
// untouched, and files of an earlier run that this one does not produce do not survive it.
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, realpath, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { InternalError, UsageError } from '../errors.js';

/** One file of an output folder: its name and how to write it to a given path. */
export interface OutputFile {
  name: string;
  write(path: string): Promise<void>;
}

/**
 * The names packopt writes into an --out folder. A folder that holds nothing else is taken for an
 * earlier packopt output and may be replaced; any other non-empty folder is refused.
 */
const OUTPUT_NAME = /^(report\.json|report\.html|suite\.csv|assignments\.csv|unfit\.csv|placements\.jsonl|curve\.csv|suite-k\d+\.csv)$/;
/**
 * Files a file browser drops into any folder it shows (macOS Finder, Windows Explorer). They hold
 * nothing of the user's, so they do not make an earlier output folder someone else's; they go
 * with the old folder.
 */
const BROWSER_LITTER = /^(\.DS_Store|\._.+|Thumbs\.db|ehthumbs\.db|desktop\.ini)$/i;

const errnoOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? '';

/** Why `dir` cannot be an --out folder, or null. Writes nothing but an empty probe folder, removed at once. */
async function findOutputDirProblem(dir: string, inputs: readonly string[]): Promise<string | null> {
  if (dir.trim() === '') return 'the folder name is empty';
  const target = resolve(dir);
  if (dirname(target) === target) return 'is the root of the file system';
  let stat;
  try {
    stat = await lstat(target);
  } catch (err) {
    if (!MISSING.has(errnoOf(err))) return `cannot be inspected (${errnoOf(err) || (err as Error).message})`;
  }
  if (stat?.isSymbolicLink()) return 'is a symbolic link; give the folder it points to';
  if (stat && !stat.isDirectory()) return 'is an existing file, not a folder';
  if (stat) {
    let names: string[];
    try {
      names = await readdir(target);
    } catch (err) {
      return `cannot be read (${errnoOf(err) || (err as Error).message})`;
    }
    const strangers = names.filter((name) => !OUTPUT_NAME.test(name) && !BROWSER_LITTER.test(name));
    if (strangers.length > 0) {
      const shown = strangers.slice(0, 3).join(', ') + (strangers.length > 3 ? ', …' : '');
      return `holds files packopt did not write (${shown}); packopt replaces the whole folder, so give a new or empty one, or the --out folder of an earlier run`;
    }
    const real = await realpath(target);
    const holds = (path: string) => {
      const rel = relative(real, path);
      return rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
    };
    for (const input of inputs) {
      if (holds(await realpath(input).catch(() => resolve(input)))) {
        return `holds the input file ${input}, which the new output would replace; write to another folder`;
      }
    }
    if (holds(await realpath(process.cwd()))) return 'is the current folder or holds it; write to another folder';
  }
  // The folder is swapped in its parent, so the parent (or the nearest folder that exists) must take files.
  let parent = dirname(target);
  for (;;) {
    try {
      if (!(await lstat(parent)).isDirectory()) return `cannot be created: ${parent} is not a folder`;
      break;
    } catch (err) {
      if (!MISSING.has(errnoOf(err))) return `cannot be created in ${parent} (${errnoOf(err)})`;
      if (dirname(parent) === parent) break;
      parent = dirname(parent);
    }
  }
  // Try it: permission bits do not tell (root, read-only mounts, /proc).
  try {
    await rmdir(await makeSibling(join(parent, 'packopt'), 'probe'));
  } catch (err) {
    return `cannot be written: ${whyUnwritable(err, parent)}`;
  }
  return null;
}

const MISSING = new Set(['ENOENT', 'ENOTDIR']);
/** Write failures that are the place's fault, not packopt's: a usage error (exit 2), not an internal one. */
const USER_FAULTS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']);

function whyUnwritable(err: unknown, dir: string): string {
  const code = errnoOf(err);
  if (code === 'EACCES' || code === 'EPERM') return `no permission to write in ${dir}`;
  if (code === 'EROFS') return `${dir} is on a read-only file system`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return `no space left in ${dir}`;
  return `cannot create files in ${dir} (${code || (err as Error).message})`;
}

/**
 * Refuse (exit 2) an --out folder packopt cannot or must not replace: an empty name, a file, a
 * folder holding other files or one of the run's `inputs`, a place without write permission.
 * Commands call this before they start their work, and writeOutputs() again before the swap.
 */
export async function checkOutputDir(dir: string, inputs: readonly string[]): Promise<void> {
  const problem = await findOutputDirProblem(dir, inputs);
  if (problem !== null) throw new UsageError(`--out "${dir}": ${problem}`);
}

/** A new folder next to `target`, created exclusively under an unpredictable name. */
async function makeSibling(target: string, tag: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const path = join(dirname(target), `.${basename(target)}.${tag}-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(path);
      return path;
    } catch (err) {
      if (errnoOf(err) !== 'EEXIST' || attempt >= 8) throw err;
    }
  }
}

/** Put `staged` where `target` is: directly when there is none (or an empty one), else old aside, new in, old gone. */
async function swapInto(staged: string, target: string): Promise<void> {
  try {
    await rename(staged, target);
    return;
  } catch (err) {
    if (errnoOf(err) !== 'ENOTEMPTY' && errnoOf(err) !== 'EEXIST') throw err;
  }
  const aside = await makeSibling(target, 'old');
  await rename(target, aside); // replaces the empty `aside` folder
  try {
    await rename(staged, target);
  } catch (err) {
    await rename(aside, target);
    throw err;
  }
  // The new set is in place; an old copy that will not go is only litter, not a failed run.
  await rm(aside, { recursive: true, force: true }).catch(() => undefined);
}

/** A staged or set-aside folder this old is not a live run's: a run writes its set in minutes at most. */
const STALE_MS = 60 * 60 * 1000;

/**
 * Remove the hidden `.<dir>.new-*` / `.old-*` folders a killed run left beside `target`, when they
 * are over an hour old and hold nothing but packopt's file names. Best effort: litter that will not
 * go stays, and never fails the run.
 */
async function removeStaleSiblings(target: string): Promise<void> {
  const parent = dirname(target);
  const prefix = `.${basename(target)}.`;
  const own = new RegExp(`^(new|old)-[0-9a-f]{12}$`);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !own.test(name.slice(prefix.length))) continue;
    const path = join(parent, name);
    try {
      const st = await lstat(path);
      if (!st.isDirectory() || Date.now() - st.mtimeMs < STALE_MS) continue;
      const inside = await readdir(path);
      if (inside.every((f) => OUTPUT_NAME.test(f) || BROWSER_LITTER.test(f))) await rm(path, { recursive: true, force: true });
    } catch {
      // someone else's business, or gone already
    }
  }
}

/**
 * Write all files as the new content of `dir`: the whole set or, on any failure, nothing (the
 * earlier content stays). Files of an earlier run that are not in `files` are gone afterwards.
 */
export async function writeOutputs(dir: string, files: readonly OutputFile[], inputs: readonly string[] = []): Promise<string[]> {
  await checkOutputDir(dir, inputs);
  const target = resolve(dir);
  let staged: string | null = null;
  try {
    await mkdir(dirname(target), { recursive: true });
    staged = await makeSibling(target, 'new');
    for (const f of files) await f.write(join(staged, f.name));
    await checkOutputDir(dir, inputs); // it may have changed during the run
    await swapInto(staged, target);
    staged = null;
    await removeStaleSiblings(target);
  } catch (err) {
    if (staged !== null) await rm(staged, { recursive: true, force: true });
    if (err instanceof Error && 'exitCode' in err) throw err;
    if (USER_FAULTS.has(errnoOf(err))) throw new UsageError(`--out "${dir}": cannot be written: ${whyUnwritable(err, dirname(target))}`);
    throw new InternalError(`cannot write to ${dir}: ${(err as Error).message}`, { cause: err });
  }
  return files.map((f) => join(dir, f.name));
}

/** A JSON file, pretty-printed, ending in a newline. */
export function jsonFile(name: string, value: unknown): OutputFile {
  return { name, write: (path) => writeFile(path, JSON.stringify(value, null, 2) + '\n', { flag: 'wx' }) };
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

/** A plain decimal number written as text (an id like "-5"): a spreadsheet reads it as that number. */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A cell as a spreadsheet may safely open it (SPEC §12): text that begins with `=`, `+`, `-` or `@`
 * would run as a formula, so it gets a leading `'`. Numbers, and text that is a plain number, stay.
 */
export function spreadsheetSafe(cell: unknown): unknown {
  if (typeof cell !== 'string' || cell === '') return cell;
  const c = cell[0];
  if ((c === '=' || c === '+' || c === '-' || c === '@') && !NUMBER_TEXT.test(cell)) return `'${cell}`;
  return cell;
}

export function createCsvSink(path: string, header: string[]): CsvSink {
  const out = createWriteStream(path, { flags: 'wx' });
  const csv = stringify({ header: true, columns: header });
  csv.pipe(out);
  return {
    write(row) {
      if (!csv.write(row.map(spreadsheetSafe))) return once(csv, 'drain').then(() => undefined);
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
  const out = createWriteStream(path, { flags: 'wx' });
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
