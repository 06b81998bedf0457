// Worker thread of a parallel read: one chunk of a shipments file, parsed by csv-parse, as columns.
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { CsvRange } from '../io/csv.js';
import { readShipmentsChunk, type ShipmentsChunk } from '../io/read-shipments.js';
import type { UnitSystem } from '../core/params.js';
import type { SpillOptions } from '../io/spill.js';

export interface ParseTask {
  file: string;
  units: UnitSystem;
  skipInvalid: boolean;
  range: CsvRange;
  /** Spill the chunk's classes past a threshold (evaluate on a large history). */
  spill?: SpillOptions;
}

/** The chunk, or null when it could not be read on its own (the caller then reads the file in one pass). */
export default async function parseChunk(task: ParseTask): Promise<ShipmentsChunk | null> {
  try {
    const chunk = await readShipmentsChunk(task.file, { units: task.units, skipInvalid: task.skipInvalid, ...(task.spill ? { spill: task.spill } : {}) }, task.range);
    // The columns are moved, not copied: the chunk's classes never sit in two threads at once.
    const t = chunk.table;
    const buffers = [t.dims, t.unitWeight, t.compress, t.qty, t.flags, t.count, t.idAt, t.skuAt, t.text].map((a) => a.buffer);
    return move({ [transferableSymbol]: buffers, [valueSymbol]: chunk }) as unknown as ShipmentsChunk;
  } catch {
    // A cut inside a quoted cell, bad bytes, a vanished file: the one-pass read says what is wrong.
    return null;
  }
}
