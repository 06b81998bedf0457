// The baseline of bench:ingest: one bare csv-parse pass over a file, with the options packopt uses.
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { CSV_OPTIONS } from '../dist/io/csv.js';

let records = 0;
await pipeline(
  createReadStream(process.argv[2]),
  parse(CSV_OPTIONS),
  new Writable({
    objectMode: true,
    highWaterMark: 256,
    write(_chunk, _enc, done) {
      records++;
      done();
    },
  }),
);
process.stdout.write(`${records}\n`);
