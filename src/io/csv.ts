// Streaming CSV reading on top of csv-parse: header handling, line numbers, UTF-8 checking, and the
// translation of parser and file-system failures into located input problems. Records are never all
// in memory.
import { createReadStream } from 'node:fs';
import { Readable, Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isAscii, isUtf8 } from 'node:buffer';
import { CsvError, parse, type CsvErrorCode, type Info } from 'csv-parse';
import { InputError, type InputProblem } from '../errors.js';

/** What a reader does with the header and each record. Throwing InputError stops the read. */
export interface CsvVisitor {
  /** The header cells (trimmed, lower-cased) and their line; returns problems that stop the read. */
  header(cells: string[], line: number): InputProblem[];
  /**
   * One data record, the line it starts on and the bytes read up to its end; a returned promise
   * holds the stream (back-pressure).
   */
  record(cells: string[], line: number, bytes: number): void | Promise<void>;
}

/**
 * A byte range of a file to read on its own (a chunk of a parallel read): it starts at a line start
 * after the header, whose cells are given. Lines are then counted from 1 at `start`.
 */
export interface CsvRange {
  start: number;
  /** Exclusive. */
  end: number;
  header: string[];
}

/** What a chunk read saw of the bytes, so the caller can tell whether the chunks stand on their own. */
export interface ByteCounts {
  /** Line feeds: the lines of the chunk. */
  lf: number;
  /** Double quotes: an odd count before a chunk boundary means the boundary is inside a quoted cell. */
  quotes: number;
  /** Carriage returns not followed by a line feed (old Mac line ends): LF counts would misnumber lines. */
  loneCr: number;
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
 * Read `file` (or one range of it) record by record, calling the visitor. File-system and syntax
 * failures become an InputError naming the file (and line where the parser knows it); so do bytes
 * that are not UTF-8, located on the line of the record that holds them.
 *
 * Lines without a quote are split here (a cell is then the text between commas, exactly as csv-parse
 * reads it); from the first line that holds a quote, a carriage return other than a CRLF line end,
 * or a byte that is not UTF-8, the rest goes through csv-parse, which also words every error. The
 * two paths give the same records on the same lines (`test/property/csv-fast-path.property.test.ts`).
 * `fast: false` reads everything through csv-parse; `blockBytes` sets the read size (tests).
 */
export async function readCsv(
  file: string,
  visitor: CsvVisitor,
  range?: CsvRange,
  options: { fast?: boolean; blockBytes?: number } = {},
): Promise<{ records: number; counts: ByteCounts | null }> {
  const r = new RecordSink(visitor, range ? range.header : null);
  const counts = range ? { lf: 0, quotes: 0, loneCr: 0 } : null;
  const highWaterMark = options.blockBytes ?? BLOCK_BYTES;
  const stream = range ? createReadStream(file, { start: range.start, end: range.end - 1, highWaterMark }) : createReadStream(file, { highWaterMark });
  try {
    const blocks = counts ? countedBlocks(stream, counts) : (stream as AsyncIterable<Buffer>);
    const source = blocks[Symbol.asyncIterator]();
    const rest = options.fast === false ? { carry: null, at: 0, bom: !range, delimiter: null } : await fastRecords(source, r, !range);
    if (rest) await slowRecords(source, rest, r, file);
  } catch (err) {
    throw toInputError(err, file, r.lines, r.header);
  } finally {
    // A read that stops early (bad input) closes the file here.
    stream.destroy();
  }
  if (r.header === null) {
    throw new InputError([{ file, line: null, column: null, reason: 'file is empty: a header row is required' }]);
  }
  return { records: r.records, counts };
}

/** Bytes per read: large enough that per-block work (decoding, checks) is negligible per line. */
const BLOCK_BYTES = 1 << 20;

/** Hands records to the visitor: the header first, then data records with their true line numbers. */
class RecordSink {
  records = 0;
  readonly lines = new LineCounter();
  constructor(
    private readonly visitor: CsvVisitor,
    public header: string[] | null,
  ) {}

  /** One record at its true line; a promise when the visitor holds the stream. */
  take(cells: string[], line: number, bytes: number): void | Promise<void> {
    if (this.header === null) {
      this.header = cells.map((c) => c.trim().toLowerCase());
      const problems = this.visitor.header(this.header, line);
      if (problems.length > 0) throw new InputError(problems);
      return;
    }
    this.records++;
    return this.visitor.record(cells, line, bytes);
  }
}

/** Where csv-parse takes over: bytes already read but not consumed, their offset, and what it must know. */
interface SlowStart {
  carry: Buffer | null;
  /** Offset of `carry` (or of the next block) from the start of the stream. */
  at: number;
  /** Whether a BOM may still come (nothing consumed yet at the start of a file). */
  bom: boolean;
  /** The record delimiter found on the first line (null: csv-parse finds it). */
  delimiter: '\n' | '\r\n' | null;
}

/**
 * Splits lines and cells of quote-free text (every cell unquoted), block by block. Returns null when
 * the whole input was read, or where csv-parse must take over: at the start of the first line holding
 * a quote, a carriage return that does not end a CRLF line, or bytes that are not UTF-8.
 */
async function fastRecords(source: AsyncIterator<Buffer>, r: RecordSink, atStart: boolean): Promise<SlowStart | null> {
  /** Bytes read but not consumed yet (from the start of a line). */
  let carry: Buffer | null = null;
  /** Offset of `carry` (or of the next block) in the stream. */
  let at = 0;
  let bomChecked = !atStart;
  /** 0: not known yet, 1: LF line ends, 2: CRLF line ends. */
  let mode = 0;
  /** Lines consumed, and the line of the last record. */
  let line = 0;
  let lastRecord = 0;
  const slow = (): SlowStart => {
    r.lines.rebase(line, lastRecord);
    // The line-end style is known when the first line was read here (it holds no quote then).
    const delimiter = line === 0 ? null : mode === 2 ? '\r\n' : '\n';
    return { carry, at, bom: !bomChecked, delimiter };
  };
  for (;;) {
    const next = await source.next();
    if (next.done && carry === null) return null;
    let buf: Buffer = next.done ? carry! : carry ? Buffer.concat([carry, next.value]) : next.value;
    carry = buf;
    if (!bomChecked) {
      if (buf.length < 3 && !next.done) continue;
      // A UTF-16 BOM (FF FE) makes csv-parse switch encoding: it reads such a file itself.
      if (buf[0] === 0xff && buf[1] === 0xfe) return slow();
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        buf = carry = buf.subarray(3);
        at += 3;
      }
      bomChecked = true;
    }
    if (next.done && buf.length === 0) return null;
    // Complete lines only (everything at the end): no character or line end is cut.
    const end = next.done ? buf.length : buf.lastIndexOf(10) + 1;
    if (end === 0) continue;
    const region = buf.subarray(0, end);
    if (mode === 0) {
      // csv-parse takes the first line end it meets for the record delimiter of the whole file.
      const cr = region.indexOf(13);
      const lf = region.indexOf(10);
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        if (region[cr + 1] !== 10) return slow(); // old Mac line ends
        mode = 2;
      } else mode = 1;
    }
    // The first byte the split cannot take: a quote, a byte that is not UTF-8, a CR in an LF file
    // (CRs in a CRLF file are checked line by line below).
    let stop = region.indexOf(34);
    const quoteFree = stop >= 0 ? region.subarray(0, stop) : region;
    if (!isUtf8(quoteFree)) stop = firstInvalidUtf8(quoteFree);
    if (mode === 1) {
      const cr = region.indexOf(13);
      if (cr >= 0 && (stop < 0 || cr < stop)) stop = cr;
    }
    // Lines wholly before `stop` are split here.
    const upto = stop >= 0 ? region.lastIndexOf(10, stop) + 1 : end;
    const ascii = isAscii(region.subarray(0, upto));
    const text = region.toString(ascii ? 'latin1' : 'utf8', 0, upto);
    const crlf = mode === 2;
    let nextCr = crlf ? text.indexOf('\r') : -1;
    if (nextCr < 0) nextCr = Infinity;
    const n = text.length;
    let p = 0;
    let bad = false;
    while (p < n) {
      let nl = text.indexOf('\n', p);
      const last = nl < 0;
      if (last) nl = n;
      let e = nl;
      if (crlf) {
        // A lone LF or CR inside a CRLF file is text to csv-parse (and counts as a line there).
        if (!last) {
          if (nl === p || text.charCodeAt(nl - 1) !== 13) {
            bad = true;
            break;
          }
          e = nl - 1;
        }
        if (nextCr < e) {
          bad = true;
          break;
        }
        if (nextCr === e) {
          nextCr = text.indexOf('\r', nl + 1);
          if (nextCr < 0) nextCr = Infinity;
        }
      }
      line++;
      if (e > p) {
        lastRecord = line;
        const pending = r.take(text.slice(p, e).split(','), line, at + (ascii ? nl + 1 : upto));
        if (pending) await pending;
      }
      p = nl + 1;
    }
    if (bad || stop >= 0) {
      // csv-parse goes on from the start of the line it must read.
      const from = !bad ? upto : ascii ? p : Buffer.byteLength(text.slice(0, p));
      carry = buf.subarray(from);
      at += from;
      return slow();
    }
    carry = end < buf.length ? buf.subarray(end) : null;
    at += end;
    if (next.done) return null;
  }
}

/** csv-parse from where the split stopped to the end, with the same line numbers and byte offsets. */
async function slowRecords(source: AsyncIterator<Buffer>, start: SlowStart, r: RecordSink, file: string): Promise<void> {
  const utf8 = new Utf8Guard();
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 256,
    write(chunk: ParsedRecord, _enc, done) {
      try {
        const line = r.lines.start(chunk.record, chunk.info.lines);
        if (utf8.bad >= 0 && chunk.info.bytes > utf8.bad) throw utf8.problem(file, line);
        const pending = r.take(chunk.record, line, start.at + chunk.info.bytes);
        if (pending) {
          pending.then(() => done(), (err: unknown) => done(err as Error));
          return;
        }
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
  async function* rest(): AsyncGenerator<Buffer> {
    if (start.carry !== null && start.carry.length > 0) yield start.carry;
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const options = { ...CSV_OPTIONS, bom: start.bom, ...(start.delimiter !== null ? { record_delimiter: start.delimiter } : {}) };
  await pipeline(Readable.from(rest(), { objectMode: false }), utf8, parse(options), sink);
  // Bad bytes after the last record (a cut multi-byte character at the very end).
  if (utf8.bad >= 0) throw utf8.problem(file, r.lines.lastEnd + 1);
}

/** The blocks of `source`, counting line feeds, quotes and lone carriage returns into `c` on the way. */
async function* countedBlocks(source: AsyncIterable<Buffer>, c: ByteCounts): AsyncGenerator<Buffer> {
  let lastCr = false;
  for await (const chunk of source) {
    c.lf += countByte(chunk, 10);
    c.quotes += countByte(chunk, 34);
    if (lastCr && chunk[0] !== 10) c.loneCr++;
    for (let i = chunk.indexOf(13); i >= 0; i = chunk.indexOf(13, i + 1)) {
      if (i + 1 < chunk.length && chunk[i + 1] !== 10) c.loneCr++;
    }
    lastCr = chunk[chunk.length - 1] === 13;
    yield chunk;
  }
  if (lastCr) c.loneCr++;
}

function countByte(buf: Buffer, byte: number): number {
  let n = 0;
  for (let i = buf.indexOf(byte); i >= 0; i = buf.indexOf(byte, i + 1)) n++;
  return n;
}

/**
 * Line numbers as an editor shows them. csv-parse counts every CR and every LF inside a quoted cell
 * as a line, so a CRLF there counts twice; `drift` is what it has over-counted so far.
 */
export class LineCounter {
  /** csv-parse's line where the last record ended. */
  private last = 0;
  private drift = 0;
  /** Lines before the text csv-parse reads (read without it). */
  private base = 0;
  /** The true line where the last record ended. */
  lastEnd = 0;

  /** The true line a record starts on, given csv-parse's line where it ends. */
  start(cells: readonly string[], parserLine: number): number {
    const parserEnd = parserLine + this.base;
    let inside = 0;
    // A record that ends one line after the previous one starts on that line; only records that
    // span lines (quoted newlines) or follow skipped blank lines need their cells counted.
    if (parserEnd - this.last > 1) {
      for (const c of cells) {
        if (c.length === 0 || (!c.includes('\n') && !c.includes('\r'))) continue;
        for (let i = 0; i < c.length; i++) {
          const ch = c.charCodeAt(i);
          if (ch === 10) inside++;
          else if (ch === 13) {
            if (c.charCodeAt(i + 1) === 10) this.drift++;
            else inside++;
          }
        }
      }
    }
    this.last = parserEnd;
    this.lastEnd = parserEnd - this.drift;
    return this.lastEnd - inside;
  }

  /** A line csv-parse reported (in an error), corrected. */
  correct(parserLine: number): number {
    return parserLine + this.base - this.drift;
  }

  /** csv-parse starts reading after `lines` lines read without it; the last record ended on `lastEnd`. */
  rebase(lines: number, lastEnd: number): void {
    this.base = lines;
    this.last = lines;
    this.lastEnd = lastEnd;
  }
}

/**
 * Passes bytes through unchanged and notes the offset of the first byte that is not UTF-8 (Node's
 * decoder would silently turn it into U+FFFD). A character cut by a chunk boundary is carried over.
 */
class Utf8Guard extends Transform {
  /** Offset in the file of the first invalid byte, −1 while there is none. */
  bad = -1;
  private badByte = 0;
  private offset = 0;
  private tail: Buffer | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.bad < 0) this.check(chunk);
    this.offset += chunk.length;
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.bad < 0 && this.tail) this.flag(this.tail, 0, this.offset - this.tail.length);
    done();
  }

  private check(chunk: Buffer): void {
    const data = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    const start = this.offset - (this.tail?.length ?? 0);
    const cut = incompleteTail(data);
    this.tail = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    const body = data.subarray(0, cut);
    if (!isUtf8(body)) this.flag(body, firstInvalidUtf8(body), start);
  }

  private flag(buf: Buffer, at: number, start: number): void {
    this.bad = start + at;
    this.badByte = buf[at] ?? 0;
  }

  problem(file: string, line: number): InputError {
    const byte = `0x${this.badByte.toString(16).toUpperCase().padStart(2, '0')}`;
    return new InputError([{ file, line, column: null, reason: `invalid UTF-8 (byte ${byte}; is the file Latin-1 or Windows-1252?): save the file as UTF-8` }]);
  }
}

/** Where a multi-byte character that the buffer's end cuts short begins (the length when none is). */
function incompleteTail(buf: Buffer): number {
  for (let i = buf.length - 1; i >= 0 && i >= buf.length - 3; i--) {
    const b = buf[i]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return buf.length - i < need ? i : buf.length;
  }
  return buf.length;
}

/** Offset of the first byte of `buf` that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    const c1 = buf[i + 1];
    if (c1 === undefined || c1 < lo || c1 > hi) return i;
    for (let k = 2; k <= n; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += n + 1;
  }
  return buf.length;
}

/** csv-parse's codes for bad options or arguments: a bug of ours, never of the data (exit 70). */
type CsvSetupCode = Extract<
  CsvErrorCode,
  `CSV_INVALID_OPTION_${string}` | 'CSV_INVALID_ARGUMENT' | 'CSV_INVALID_COLUMN_DEFINITION' | 'CSV_OPTION_COLUMNS_MISSING_NAME'
>;

/**
 * Why csv-parse stopped, for every code the data can cause (the type makes a new one a compile
 * error). With CSV_OPTIONS only the three quote codes occur; the rest need options we do not set.
 */
const CSV_REASONS: Record<Exclude<CsvErrorCode, CsvSetupCode>, string> = {
  INVALID_OPENING_QUOTE: 'a quote (") inside a cell that does not start with one: put the whole cell in quotes and double the quote, e.g. "12"" tube"',
  CSV_INVALID_CLOSING_QUOTE: 'a quote inside a quoted field must be doubled ("")',
  CSV_QUOTE_NOT_CLOSED: 'a quoted field opened on this line is never closed (unbalanced ")',
  CSV_MAX_RECORD_SIZE: 'the record is too long',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows the closing quote of a cell',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'the record has a different number of fields than the header',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'the record has a different number of fields than the header',
  CSV_INVALID_COLUMN_MAPPING: 'the record does not match the header',
  CSV_UNKNOWN_ERROR: 'malformed CSV',
};

function toInputError(err: unknown, file: string, lines: LineCounter, header: string[] | null): unknown {
  if (err instanceof InputError) return err;
  const e = err as NodeJS.ErrnoException & { lines?: number; column?: unknown };
  if (e.code === 'ENOENT') return problem(file, null, null, 'no such file');
  if (e.code === 'EISDIR') return problem(file, null, null, 'is a directory, not a CSV file');
  if (e.code === 'EACCES') return problem(file, null, null, 'permission denied');
  if (typeof e.syscall === 'string' && typeof e.code === 'string') return problem(file, null, null, `cannot read (${e.code})`);
  if (err instanceof CsvError && err.code in CSV_REASONS) {
    // A broken record that is never closed starts after the last complete one.
    const line = e.code === 'CSV_QUOTE_NOT_CLOSED' ? lines.lastEnd + 1 : typeof e.lines === 'number' ? lines.correct(e.lines) : null;
    const named = header !== null && typeof e.column === 'number' && err.code !== 'CSV_QUOTE_NOT_CLOSED';
    const column = named ? (header[e.column as number] ?? null) : null;
    const reason = CSV_REASONS[err.code as keyof typeof CSV_REASONS];
    return problem(file, line, column, reason);
  }
  return err;
}

function problem(file: string, line: number | null, column: string | null, reason: string): InputError {
  return new InputError([{ file, line, column, reason }]);
}
