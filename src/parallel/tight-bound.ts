// The tight-box bound (src/core/search/tight-bound.ts) across worker threads. The main thread
// builds the runs into shared memory, grouped into chunks of whole rows; one task leads (runs the
// subgradient steps) and, each step, opens a phase in which every task (the lead too) claims
// chunks and moves their end marks (placeTightChunk). A slot's marks are moved by one chunk only,
// class by class, so the bound is the in-thread one bit for bit at any thread count or chunking.
// The runs themselves are collected in the threads too (collectTightBlock: blocks of classes
// claimed from a shared counter, each class's runs depending on that class alone), so the
// relation is the in-thread one whoever collected which block.
import {
  TIGHT_CLASS_BLOCK,
  collectTightBlock,
  makeCostOf,
  placeTightChunk,
  planTightBoundSteps,
  runTightSteps,
  type BoundJob,
  type ClassTable,
  type Orientation,
  type SearchProblem,
  type SearchState,
  type TightCollect,
  type TightCollected,
  type TightRelation,
  type TightRunBlock,
} from '../core/search/index.js';
import { InternalError } from '../errors.js';
import { EXIT_PHASE, boundChunks, helpPhases, phaseOpener } from './bound.js';
import { shareArrays } from './protocol.js';

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
    return runTightSteps(task.rel, task.upper, task.rel.theta0, () => phase(PLACE), () => Atomics.load(task.stopFlag, 0) !== 0).bound;
  } finally {
    phase(EXIT_PHASE);
  }
}

/** One thread's share of collecting the tight bound's runs: blocks of classes claimed from ctl[0]. */
export interface TightCollectTask {
  kind: 'tight-collect';
  table: Pick<ClassTable, 'n' | 'entryStart' | 'entries'>;
  tv: readonly Float64Array[];
  orientation: Orientation;
  /** What makeCostOf needs (a function does not cross threads). */
  cost: Pick<SearchProblem, 'objective' | 'params'>;
  u: Float64Array;
  limit: number;
  counts: Int32Array;
  /** [next block, runs collected so far (counted only under a finite limit)]. */
  ctl: Int32Array;
}

/** The blocks a thread collected (block index, runs) and the row ranges it saw. */
export interface TightCollectReply {
  blocks: [number, TightRunBlock][];
  rowLo: Int32Array;
  rowHi: Int32Array;
}

/** Collect blocks until none is left, or (finite limit) the runs of all threads pass it. */
export function runTightCollectTask(task: TightCollectTask): TightCollectReply {
  const { table, tv, u, limit, counts, ctl } = task;
  const costOf = makeCostOf(task.cost as SearchProblem);
  const rows = tv[0]!.length * tv[1]!.length;
  const rowLo = new Int32Array(rows).fill(tv[2]!.length);
  const rowHi = new Int32Array(rows);
  const blocks: [number, TightRunBlock][] = [];
  const nBlocks = Math.ceil(table.n / TIGHT_CLASS_BLOCK);
  const bounded = Number.isFinite(limit);
  for (;;) {
    if (bounded && Atomics.load(ctl, 1) > limit) break;
    const b = Atomics.add(ctl, 0, 1);
    if (b >= nBlocks) break;
    const blk = collectTightBlock(table, tv, task.orientation, costOf, u, b, counts, rowLo, rowHi, sharedAlloc);
    if (bounded) Atomics.add(ctl, 1, blk.row.length);
    blocks.push([b, blk]);
  }
  return { blocks, rowLo, rowHi };
}

/** Where the runs come from: the final level's classes and tight values, and how boxes cost. */
export interface TightSource {
  table: Pick<ClassTable, 'n' | 'entryStart' | 'entries'>;
  tv: readonly Float64Array[];
  orientation: Orientation;
  cost: Pick<SearchProblem, 'objective' | 'params'>;
}

/**
 * collectTightRuns across `threads` tasks (`run` sends one to a worker): the same runs, counts and
 * row ranges as in-thread, in shared memory, whichever thread collected which block.
 */
export function tightCollector(source: TightSource, threads: number, run: (task: TightCollectTask) => Promise<unknown>): (req: TightCollect) => Promise<TightCollected> {
  const table = shareArrays({ n: source.table.n, entryStart: source.table.entryStart, entries: source.table.entries });
  const tv = source.tv.map((v) => shareArrays({ v }).v);
  const n = table.n;
  const rows = tv[0]!.length * tv[1]!.length;
  const nBlocks = Math.ceil(n / TIGHT_CLASS_BLOCK);
  return async (req) => {
    const counts = new Int32Array(sharedAlloc(4 * n));
    const ctl = new Int32Array(sharedAlloc(8));
    const task: TightCollectTask = { kind: 'tight-collect', table, tv, orientation: source.orientation, cost: source.cost, u: req.u, limit: req.limit, counts, ctl };
    const replies = (await Promise.all(Array.from({ length: Math.max(1, threads) }, () => run(task)))) as TightCollectReply[];
    const rowLo = new Int32Array(rows).fill(tv[2]!.length);
    const rowHi = new Int32Array(rows);
    const blocks: TightRunBlock[] = [];
    let all = 0;
    for (const reply of replies) {
      if (!reply || !Array.isArray(reply.blocks)) throw new InternalError('tight-bound worker thread sent a malformed reply');
      for (let id = 0; id < rows; id++) {
        rowLo[id] = Math.min(rowLo[id]!, reply.rowLo[id]!);
        rowHi[id] = Math.max(rowHi[id]!, reply.rowHi[id]!);
      }
      for (const [b, blk] of reply.blocks) {
        blocks[b] = blk;
        all += blk.row.length;
      }
    }
    // A block left out means the threads stopped at the limit: the others' runs then pass it.
    let whole = blocks.length === nBlocks;
    for (let b = 0; whole && b < nBlocks; b++) whole = blocks[b] !== undefined;
    if (!whole || all > req.limit) return { ok: false, blocks: [], counts, rowLo, rowHi };
    return { ok: true, blocks, counts, rowLo, rowHi };
  };
}

/** Run a tightRelationSteps generator, each collection it asks for done by `collect`. */
export async function driveTightSteps(steps: Generator<TightCollect, TightRelation, TightCollected>, collect: (req: TightCollect) => Promise<TightCollected>): Promise<TightRelation> {
  for (let s = steps.next(); ; ) {
    if (s.done) return s.value;
    s = steps.next(await collect(s.value));
  }
}

/**
 * planTightBound with its runs collected across `threads` tasks (`run` sends one to a worker):
 * the same relation as in-thread, in shared memory.
 */
export async function planTightBoundInPool(
  search: SearchState,
  job: BoundJob,
  threads: number,
  run: (task: TightCollectTask) => Promise<unknown>,
): Promise<TightRelation> {
  const { steps, source } = planTightBoundSteps(search, job, tightChunks(threads), sharedAlloc);
  return driveTightSteps(steps, tightCollector(source, threads, run));
}
