// How the CLI runs the suite search: the search core's level steps on this thread, the islands'
// epochs in worker threads. Islands exchange only in exchangeBest() (island order), so the suite
// is the same at any thread count; Ctrl-C and the time limit reach the workers through a shared
// stop flag, and a failed worker ends the run with an InternalError rather than a hang.
import {
  exchangeBest,
  finishLevel,
  finishSearch,
  planBound,
  planSearch,
  reduceAhead,
  startLevel,
  type LevelRun,
  type SearchControl,
  type SearchProblem,
  type SearchResult,
} from '../core/search/index.js';
import { InternalError } from '../errors.js';
import { boundTasks, type BoundReply, type BoundTask } from './bound.js';
import { planTightBoundInPool, sharedAlloc, tightBoundTasks, type TightBoundReply, type TightBoundTask, type TightCollectReply, type TightCollectTask } from './tight-bound.js';
import { WorkerPool, workerModule } from './pool.js';
import { shareInstance, type EpochReply, type EpochTask } from './protocol.js';

export interface ParallelOptions {
  /** Worker module to run the epochs (tests use a faulty one); default: ./worker.js. */
  workerFile?: string | URL;
  /** After every epoch run in the pool: its level, epoch and wall time (ms), exchange excluded. */
  onEpoch?: (timing: EpochTiming) => void;
}

export interface EpochTiming {
  level: number;
  epoch: number;
  /** Islands that searched in this epoch (finished ones are not sent). */
  islands: number;
  ms: number;
}

/** Search in `threads` worker threads; the same result as optimizeSuite() whatever `threads` is. */
export async function runSearchInWorkers(problem: SearchProblem, control: SearchControl, threads: number): Promise<SearchResult> {
  return runSearchParallel(problem, control, threads);
}

/**
 * runSearchInWorkers() with options. Starts one pool for the whole search (at most one thread per
 * island) and always destroys it. Stopped early (signal, deadline) it returns the best suite so
 * far, like optimizeSuite(); a worker that fails to load or throws rejects with InternalError.
 */
export async function runSearchParallel(
  problem: SearchProblem,
  control: SearchControl,
  threads: number,
  options: ParallelOptions = {},
): Promise<SearchResult> {
  const stopFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const raiseStop = (): void => {
    Atomics.store(stopFlag, 0, 1);
  };
  const { epochs, moves_per_epoch: budget } = problem.params;

  // Started first, so the threads boot while this one plans the search and builds the first level.
  // Islands use at most one thread each; the bound uses them all.
  const pool = new WorkerPool<EpochTask | BoundTask | TightBoundTask | TightCollectTask, EpochReply | BoundReply | TightBoundReply | TightCollectReply>(
    { threads, workerFile: options.workerFile ?? workerModule('worker') },
    raiseStop,
  );
  // The deadline is a performance.now() of this thread: a timer here turns it into the flag.
  let deadlineTimer: NodeJS.Timeout | undefined;
  if (control.deadline !== undefined) {
    deadlineTimer = setTimeout(raiseStop, Math.max(0, control.deadline - performance.now()));
    deadlineTimer.unref();
  }
  if (control.signal?.aborted) raiseStop();
  control.signal?.addEventListener('abort', raiseStop, { once: true });

  try {
    const search = planSearch(problem, control);
    // Each level's instance is built in shared memory: sharing it with the workers copies nothing large.
    for (let run = startLevel(search, sharedAlloc); run; run = startLevel(search, sharedAlloc)) {
      const t0 = performance.now();
      const instance = shareInstance(run.instance);
      for (let epoch = 0; epoch < epochs; epoch++) {
        const started = performance.now();
        const pending = runEpochInPool(pool, run, instance, budget, stopFlag);
        // While the workers search, this thread reduces the next level's classes (they do not depend on this level).
        if (epoch === 0) reduceAhead(search);
        const sent = await pending;
        options.onEpoch?.({ level: run.index, epoch, islands: sent, ms: performance.now() - started });
        if (exchangeBest(search, run, epoch)) break;
      }
      search.phases.islands_s += (performance.now() - t0) / 1000;
      finishLevel(search, run);
    }
    // The bound's fit relation is built here (on a grid, the tight-box bound's runs are collected
    // in every thread and put together here); its subgradient runs in every thread.
    const job = planBound(search);
    const input = job.input;
    // Sharing its arrays and cutting its chunks also happen here: timed with the input.
    const t0 = performance.now();
    const tasks =
      input !== null
        ? boundTasks({ ...job, input }, pool.threads, stopFlag)
        : tightBoundTasks(await planTightBoundInPool(search, job, pool.threads, (task) => pool.run(task)), job.upper, pool.threads, stopFlag);
    search.phases.bound_input_s += (performance.now() - t0) / 1000;
    const replies = await Promise.all(tasks.map((task: BoundTask | TightBoundTask) => pool.run(task)));
    const bound = replies[0];
    if (typeof bound !== 'number') throw new InternalError('bound worker thread sent a malformed reply');
    return finishSearch(search, job, bound);
  } finally {
    clearTimeout(deadlineTimer);
    control.signal?.removeEventListener('abort', raiseStop);
    await pool.destroy();
  }
}

/**
 * One epoch of every island that is still searching, in min(threads, active) contiguous chunks.
 * A finished island's epoch would change nothing, so it is not sent (better balanced chunks).
 * The returned states replace the islands' fields in place, as runEpoch() does in-thread.
 * Returns how many islands were sent.
 */
async function runEpochInPool(
  pool: WorkerPool<EpochTask | BoundTask | TightBoundTask | TightCollectTask, EpochReply | BoundReply | TightBoundReply | TightCollectReply>,
  run: LevelRun,
  instance: EpochTask['instance'],
  budget: number,
  stopFlag: Int32Array,
): Promise<number> {
  // Stopped: an epoch would return at once with the islands unchanged.
  if (Atomics.load(stopFlag, 0) !== 0) return 0;
  const active = run.islands.filter((isl) => !isl.done);
  const chunks = splitContiguous(active, Math.min(pool.threads, active.length));
  const replies = await Promise.all(chunks.map((chunk) => pool.run({ instance, islands: chunk, budget, stopFlag })));
  replies.forEach((reply, c) => {
    const sent = chunks[c]!;
    if (!Array.isArray(reply) || reply.length !== sent.length) {
      throw new InternalError(`search worker thread sent a malformed reply (${sent.length} islands expected)`);
    }
    sent.forEach((island, t) => {
      const back = reply[t]!;
      if (back.index !== island.index) throw new InternalError(`search worker thread sent island ${back.index} for island ${island.index}`);
      Object.assign(island, back);
    });
  });
  return active.length;
}

/** Split `items` into `parts` contiguous runs whose lengths differ by at most one. */
export function splitContiguous<T>(items: T[], parts: number): T[][] {
  const out: T[][] = [];
  if (parts <= 0) return out;
  const size = Math.floor(items.length / parts);
  const larger = items.length % parts;
  let at = 0;
  for (let c = 0; c < parts; c++) {
    const len = size + (c < larger ? 1 : 0);
    out.push(items.slice(at, at + len));
    at += len;
  }
  return out;
}
