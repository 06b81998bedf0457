// The tight-box bound (src/core/search/tight-bound.ts) across worker threads. The main thread
// builds the runs into shared memory, grouped into chunks of whole rows; one task leads (runs the
// subgradient steps) and, each step, opens a phase in which every task (the lead too) claims
// chunks and moves their end marks (placeTightChunk). A slot's marks are moved by one chunk only,
// class by class, so the bound is the in-thread one bit for bit at any thread count or chunking.
import { placeTightChunk, runTightSteps, type TightRelation } from '../core/search/index.js';
import { EXIT_PHASE, boundChunks, helpPhases, phaseOpener } from './bound.js';

const PLACE = 1;

/** One task of a tight-bound run: the lead or a helper, all sharing the same buffers. */
export interface TightBoundTask {
  kind: 'tight-bound';
  lead: boolean;
  rel: TightRelation;
  /** Chunks of each phase (rel.chunks). */
  chunks: number;
  /** [phase word, phase kind, chunks done, failed]. */
  ctl: Int32Array;
  upper: number;
  stopFlag: Int32Array;
}

/** The lead's bound; helpers reply null. */
export type TightBoundReply = number | null;

/** Chunks for `threads` threads (the bound does not depend on it). */
export function tightChunks(threads: number): number {
  return boundChunks(threads);
}

/** Shared memory for buildTightRelation(). */
export const sharedAlloc = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);

/** The tasks of one tight-bound run over `threads` threads (the first leads). */
export function tightBoundTasks(rel: TightRelation, upper: number, threads: number, stopFlag: Int32Array): TightBoundTask[] {
  const base = { kind: 'tight-bound' as const, rel, chunks: rel.chunks, ctl: new Int32Array(new SharedArrayBuffer(4 * 4)), upper, stopFlag };
  return Array.from({ length: Math.max(1, threads) }, (_, q) => ({ ...base, lead: q === 0 }));
}

/** Run one task (in a worker thread; or here). */
export function runTightBoundTask(task: TightBoundTask): TightBoundReply {
  const place = (_kind: number, c: number): void => placeTightChunk(task.rel, c);
  if (!task.lead) {
    helpPhases(task, place);
    return null;
  }
  const phase = phaseOpener(task, place);
  try {
    return runTightSteps(task.rel, task.upper, 4, () => phase(PLACE), () => Atomics.load(task.stopFlag, 0) !== 0).bound;
  } finally {
    phase(EXIT_PHASE);
  }
}
