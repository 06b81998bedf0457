// Fit frontiers of many multi-item shipments in worker threads: the shipments go out in small
// contiguous batches (the walk's cost has a heavy tail, so small batches keep the threads busy)
// and come back in input order; computeFitFrontier is pure, so the result is the same at any
// thread count.
import type { FitFrontier, FrontierGrid, PackOptions, PackUnitSpec } from '../core/packer/index.js';
import { WorkerPool, workerModule } from './pool.js';
import type { FrontierTask } from './protocol.js';

export interface FrontierPoolOptions {
  /** Shipments per task; default: about 8 tasks per thread, at most 32 shipments each. */
  batchSize?: number;
  /** Worker module; default: ./frontier-worker.js. */
  workerFile?: string | URL;
  /** With several grids: the index of each shipment's grid. */
  gridIndex?: Uint8Array;
  /** After each batch comes back: shipments done so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

/** Most shipments in one task by default. */
const MAX_BATCH = 32;

/**
 * computeFitFrontier(specs, grid, opts) for every entry of `specsList`, in `threads` worker
 * threads; results in input order. Rejects with InternalError when a worker fails.
 */
export async function computeFrontiersInPool(
  specsList: readonly (readonly PackUnitSpec[])[],
  grid: FrontierGrid | FrontierGrid[],
  opts: PackOptions,
  threads: number,
  options: FrontierPoolOptions = {},
): Promise<FitFrontier[]> {
  const n = specsList.length;
  if (n === 0) return [];
  const batch = Math.max(1, Math.floor(options.batchSize ?? Math.min(MAX_BATCH, Math.ceil(n / (8 * Math.max(1, threads))))));
  const tasks = Math.ceil(n / batch);
  const pool = new WorkerPool<FrontierTask, FitFrontier[]>({
    threads: Math.min(Math.max(1, threads), tasks),
    workerFile: options.workerFile ?? workerModule('frontier-worker'),
  });
  try {
    let done = 0;
    const replies = await Promise.all(
      Array.from({ length: tasks }, async (_, t) => {
        const [from, to] = [t * batch, (t + 1) * batch];
        const gridIndex = options.gridIndex?.slice(from, to);
        const reply = await pool.run({ specsList: specsList.slice(from, to), grid, ...(gridIndex ? { gridIndex } : {}), opts });
        done += reply.length;
        options.onProgress?.(done, n);
        return reply;
      }),
    );
    return replies.flat();
  } finally {
    await pool.destroy();
  }
}
