// The message protocol between the main thread and the worker threads. Search: one task runs one
// epoch of a contiguous chunk of islands on a level's instance, which every task shares through
// SharedArrayBuffers instead of receiving a copy. Frontiers: one task is a batch of shipments.
import type { FrontierGrid, PackOptions, PackUnitSpec } from '../core/packer/index.js';
import type { IslandState, SearchInstance } from '../core/search/index.js';

/** One epoch of a chunk of islands (in island order). */
export interface EpochTask {
  /** The level's instance, its typed arrays backed by SharedArrayBuffers (shared, not cloned). */
  instance: SearchInstance;
  /** Island states as of the last exchange; the worker advances them and sends them back. */
  islands: IslandState[];
  /** Swap moves per island for this epoch (params.moves_per_epoch). */
  budget: number;
  /** stopFlag[0] ≠ 0: return the islands as they are, promptly (Ctrl-C or the time limit). */
  stopFlag: Int32Array;
}

/** The chunk's islands after the epoch, in the order they were sent. */
export type EpochReply = IslandState[];

/** Fit frontiers of a batch of multi-item shipments on one grid; the reply is in the same order. */
export interface FrontierTask {
  specsList: (readonly PackUnitSpec[])[];
  /** One grid for all, or several with the index of each shipment's grid in gridIndex. */
  grid: FrontierGrid | FrontierGrid[];
  gridIndex?: Uint8Array;
  opts: PackOptions;
}

/** Copy every typed array of the instance into a SharedArrayBuffer of its own. */
export function shareInstance(inst: SearchInstance): SearchInstance {
  return shareArrays(inst);
}

/** A copy of `obj` whose typed arrays are copied into SharedArrayBuffers (each its own). */
export function shareArrays<T extends object>(obj: T): T {
  const shared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    shared[key] = ArrayBuffer.isView(value) && !(value instanceof DataView) ? shareArray(value) : value;
  }
  return shared as T;
}

type TypedArray = Exclude<ArrayBufferView, DataView>;

function shareArray<T extends TypedArray>(src: T): T {
  if (src.buffer instanceof SharedArrayBuffer) return src;
  const Ctor = src.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(src.byteLength));
  (out as unknown as { set(a: ArrayLike<number>): void }).set(src as unknown as ArrayLike<number>);
  return out;
}
