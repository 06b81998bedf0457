// The Lagrangian bound across worker threads. One task leads: it runs the subgradient iterations
// (runSubgradient) and, for each step's sums, opens a phase of `chunks` chunks that every task
// (the lead too) claims one at a time from a shared counter: the ρ of a candidate range, or the
// subgradient of a class range (src/core/search/bound.ts). Every ρ_i is summed by one chunk in
// class order and Σ g_j² is a sum of integers, so the bound is the in-thread bound bit for bit
// whatever the thread count, the chunking or which thread took which chunk. A helper that never
// starts only leaves its chunks to the others.
import {
  createBoundState,
  fillSegments,
  inThreadSteps,
  planSegments,
  runSubgradient,
  segmentRho,
  segmentSubgradient,
  type BoundInput,
  type BoundJob,
  type BoundState,
  type SegmentedFit,
} from '../core/search/index.js';
import { InternalError } from '../errors.js';
import { shareArrays } from './protocol.js';

/**
 * Chunks of each phase for `threads` threads: a few per thread, so a slow thread delays little,
 * but not many (each chunk visits every class: 32 chunks cost 1.3× the in-thread CPU time on the
 * Olist bound, 8 about 1.0×). The bound does not depend on it.
 */
export function boundChunks(threads: number): number {
  return Math.min(64, Math.max(4, 4 * threads));
}

/** One task of a bound run: the lead or a helper, all sharing the same buffers. */
export interface BoundTask {
  kind: 'bound';
  lead: boolean;
  input: BoundInput;
  state: BoundState;
  /** Null for a single thread: the lead then runs the in-thread steps (no segments to fill). */
  seg: SegmentedFit | null;
  /** Chunks of each phase. */
  chunks: number;
  /** Class ranges of the fill and subgradient phases (chunks + 1 bounds). */
  classBound: Int32Array;
  /** Each subgradient chunk's Σ g_j². */
  norms: Float64Array;
  /** [phase word, phase kind, chunks done, failed]. */
  ctl: Int32Array;
  upper: number;
  iterations: number;
  stopFlag: Int32Array;
}

/** The lead's bound; helpers reply null. */
export type BoundReply = number | null;

const WORD = 0; // generation << 8 | chunks claimed
const KIND = 1;
const DONE = 2;
const FAILED = 3;
const NONE = 0;
const FILL = 1;
const RHO = 2;
const GRAD = 3;
const EXIT = 4;
const GEN_MASK = 0x3fffff;
/** Waits are bounded so a thread notices a failure or a stop flag it was not woken for. */
const WAIT_MS = 100;

const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);

/** The tasks of one bound run over `threads` threads (the first leads), its buffers shared. */
export function boundTasks(job: Pick<BoundJob, 'upper' | 'iterations' | 'init'> & { input: BoundInput }, threads: number, stopFlag: Int32Array): BoundTask[] {
  const b = job.input;
  // Only what the bound reads (job.input may be a whole level instance).
  const input: BoundInput = shareArrays({
    nClasses: b.nClasses,
    nCandidates: b.nCandidates,
    k: b.k,
    classWeight: b.classWeight,
    candCost: b.candCost,
    candLocked: b.candLocked,
    fitStart: b.fitStart,
    fitCand: b.fitCand,
    fitCost: b.fitCost ?? null,
    lambdaCap: b.lambdaCap,
  });
  const state = createBoundState(input, job.init, shared);
  const chunks = boundChunks(threads);
  const seg = threads > 1 ? planSegments(input, chunks, shared) : null;
  const n = input.nClasses;
  const total = input.fitStart[n]!;
  const classBound = new Int32Array(shared((chunks + 1) * 4));
  let r = 1;
  for (let j = 0; j < n && r < chunks; j++) {
    while (r < chunks && input.fitStart[j + 1]! >= (total * r) / chunks) classBound[r++] = j + 1;
  }
  while (r <= chunks) classBound[r++] = n;
  const base = {
    kind: 'bound' as const,
    input,
    state,
    seg,
    chunks,
    classBound,
    norms: new Float64Array(shared(chunks * 8)),
    ctl: new Int32Array(shared(4 * 4)),
    upper: job.upper,
    iterations: job.iterations,
    stopFlag,
  };
  return Array.from({ length: Math.max(1, threads) }, (_, q) => ({ ...base, lead: q === 0 }));
}

/** Run one bound task (in a worker thread; or here, for a single thread). */
export function runBoundTask(task: BoundTask): BoundReply {
  return task.lead ? lead(task) : (help(task), null);
}

function lead(task: BoundTask): number {
  const { input, state, seg, stopFlag } = task;
  const stop = (): boolean => Atomics.load(stopFlag, 0) !== 0;
  const phase = phaseOpener(task, (kind, c) => runChunk(task, kind, c));
  try {
    if (seg) phase(FILL);
    if (!seg || Atomics.load(seg.unordered, 0) !== 0) {
      // One thread; or pair costs that do not ascend per class, where the chunks would not add
      // the in-thread terms.
      phase(EXIT);
      return runSubgradient(input, state, task.upper, task.iterations, inThreadSteps(input, state), stop);
    }
    return runSubgradient(
      input,
      state,
      task.upper,
      task.iterations,
      {
        rho: () => phase(RHO),
        subgradient: () => {
          phase(GRAD);
          let norm = 0;
          for (let c = 0; c < task.chunks; c++) norm += task.norms[c]!;
          return norm;
        },
      },
      stop,
    );
  } finally {
    phase(EXIT);
  }
}

function help(task: BoundTask): void {
  helpPhases(task, (kind, c) => runChunk(task, kind, c));
}

/** What the phase protocol needs of a task: its control words, chunk count and stop flag. */
export interface PhasedTask {
  /** [phase word, phase kind, chunks done, failed]. */
  ctl: Int32Array;
  chunks: number;
  stopFlag: Int32Array;
}

/** The phase kind that tells helpers to return; kinds 1 … 3 are free for the caller. */
export const EXIT_PHASE = EXIT;

/**
 * For the lead: a function that opens a phase of `kind` (every task claims its chunks, the lead
 * too) and returns when all chunks are done; EXIT_PHASE releases the helpers.
 */
export function phaseOpener(task: PhasedTask, run: (kind: number, c: number) => void): (kind: number) => void {
  const { ctl } = task;
  let gen = 0;
  return (kind) => {
    Atomics.store(ctl, KIND, kind);
    Atomics.store(ctl, DONE, 0);
    gen = (gen + 1) & GEN_MASK;
    Atomics.store(ctl, WORD, gen << 8);
    Atomics.notify(ctl, WORD);
    if (kind === EXIT) return;
    claim(task, gen, kind, run);
    for (let d = Atomics.load(ctl, DONE); d < task.chunks; d = Atomics.load(ctl, DONE)) {
      if (Atomics.load(ctl, FAILED) !== 0) throw new InternalError('a bound worker thread failed');
      Atomics.wait(ctl, DONE, d, WAIT_MS);
    }
  };
}

/** For a helper: claim and run chunks of every phase the lead opens, until EXIT, a stop or a failure. */
export function helpPhases(task: PhasedTask, run: (kind: number, c: number) => void): void {
  const { ctl, stopFlag } = task;
  for (;;) {
    const w = Atomics.load(ctl, WORD);
    const kind = Atomics.load(ctl, KIND);
    if (kind === EXIT || Atomics.load(stopFlag, 0) !== 0 || Atomics.load(ctl, FAILED) !== 0) return;
    if (kind !== NONE && (w & 0xff) < task.chunks) claim(task, w >>> 8, kind, run);
    else Atomics.wait(ctl, WORD, w, WAIT_MS);
  }
}

/** Claim and run chunks of phase `gen` until none is left (or the phase is over). */
function claim(task: PhasedTask, gen: number, kind: number, run: (kind: number, c: number) => void): void {
  const { ctl } = task;
  for (;;) {
    const w = Atomics.load(ctl, WORD);
    const c = w & 0xff;
    if (w >>> 8 !== gen || c >= task.chunks) return;
    // The word changes only when a chunk is claimed or a phase opens: a successful exchange means
    // phase `gen` (of kind `kind`) was still open.
    if (Atomics.compareExchange(ctl, WORD, w, w + 1) !== w) continue;
    try {
      run(kind, c);
    } catch (err) {
      Atomics.store(ctl, FAILED, 1);
      Atomics.notify(ctl, DONE);
      throw err;
    }
    if (Atomics.add(ctl, DONE, 1) + 1 === task.chunks) Atomics.notify(ctl, DONE);
  }
}

function runChunk(task: BoundTask, kind: number, c: number): void {
  const { input, state, classBound } = task;
  const seg = task.seg!;
  if (kind === FILL) fillSegments(input, seg, classBound[c]!, classBound[c + 1]!);
  else if (kind === RHO) segmentRho(seg, state, input.nClasses, c);
  else if (kind === GRAD) task.norms[c] = segmentSubgradient(seg, state, classBound[c]!, classBound[c + 1]!);
}
