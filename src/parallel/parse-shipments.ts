// Parallel reading of a shipments file: line-aligned chunks that each start a shipment, parsed by
// csv-parse in worker threads and merged in file order, so the input is the same at any --threads.
// Whatever the chunks cannot settle on their own (ids out of order, a quoted cell across a cut, a
// worker that failed) falls back to the one-pass reader, which also words every error.
import {
  mergeShipmentChunks,
  planShipmentChunks,
  readShipments,
  readShipmentsChunk,
  type ReadShipmentsOptions,
  type ShipmentsChunk,
  type ShipmentsInput,
} from '../io/read-shipments.js';
import type { CsvRange } from '../io/csv.js';
import { CHUNK_ORDER_STRIDE, discardSpill, type SpillOptions } from '../io/spill.js';
import type { ParseTask } from './parse-worker.js';
import { WorkerPool, workerModule } from './pool.js';

/**
 * Read shipments with `threads` threads (one pass in this thread when that is not worth it or not
 * possible). `minBytes`: files smaller than this are read in one pass (tests lower it).
 */
export async function readShipmentsInWorkers(file: string, options: ReadShipmentsOptions, threads: number, minBytes?: number): Promise<ShipmentsInput> {
  const plan = threads > 1 && options.skipGroups === undefined ? await planShipmentChunks(file, options, threads, minBytes) : null;
  if (!plan) return readShipments(file, options);
  // A spilling read: each chunk spills past its share of the threshold, to files of its own, its
  // classes ordered after the chunks before it.
  const spills = options.spill
    ? plan.ranges.map((_, k): SpillOptions => ({
        ...options.spill!,
        threshold: Math.max(1, Math.floor(options.spill!.threshold / plan.ranges.length)),
        prefix: `${options.spill!.prefix}c${k}`,
        orderBase: options.spill!.orderBase + k * CHUNK_ORDER_STRIDE,
      }))
    : null;
  const spillOf = (k: number) => (spills ? { spill: spills[k]! } : {});
  // This thread reads the first chunk itself: one thread (and its heap) fewer to start.
  const pool = new WorkerPool<ParseTask, ShipmentsChunk | null>({ threads: plan.ranges.length - 1, workerFile: workerModule('parse-worker') });
  let chunks: (ShipmentsChunk | null)[];
  try {
    const [first, ...rest] = plan.ranges;
    chunks = await Promise.all([
      readShipmentsChunk(file, { units: options.units, skipInvalid: options.skipInvalid, ...scaledProgress(options, plan.ranges), ...spillOf(0), ...(options.onSpill ? { onSpill: options.onSpill } : {}) }, first!).catch(() => null),
      ...rest.map((range, k) => pool.run({ file, units: options.units, skipInvalid: options.skipInvalid, range, ...spillOf(k + 1) })),
    ]);
  } finally {
    await pool.destroy();
  }
  let read: ShipmentsInput | null = null;
  try {
    read = chunks.every((c) => c !== null) ? mergeShipmentChunks(file, chunks as ShipmentsChunk[], plan.headerLines, options.skipInvalid, spills ?? undefined) : null;
  } finally {
    // The chunks' files go when the one-pass read takes over (or the chunks' problems are reported).
    if (!read?.spilled && spills) for (const o of spills) discardSpill(o.dir, o.prefix, o.partitions);
  }
  return read ?? readShipments(file, options);
}

/**
 * Progress of a parallel read, told by the first chunk (read in this thread) and scaled to the file:
 * the chunks are about the same size and go at about the same pace.
 */
function scaledProgress(options: ReadShipmentsOptions, ranges: readonly CsvRange[]): Pick<ReadShipmentsOptions, 'onProgress'> {
  const report = options.onProgress;
  if (!report) return {};
  const first = ranges[0]!;
  const total = ranges[ranges.length - 1]!.end;
  const share = (first.end - first.start) / (total - first.start);
  return { onProgress: (rows, bytes) => report(Math.round(rows / share), Math.round(bytes / share), total) };
}
