// Worker thread of the parallel search: runs one epoch of a chunk of islands and sends the states
// back, or takes part in the bound (./bound.ts, ./tight-bound.ts: its runs and its steps). Stateless between tasks, so any worker can take
// any chunk and the result does not depend on which one did.
import { runEpoch } from '../core/search/index.js';
import { runBoundTask, type BoundReply, type BoundTask } from './bound.js';
import type { EpochReply, EpochTask } from './protocol.js';
import { runTightBoundTask, runTightCollectTask, type TightBoundReply, type TightBoundTask, type TightCollectReply, type TightCollectTask } from './tight-bound.js';

export default function runSearchTask(task: EpochTask | BoundTask | TightBoundTask | TightCollectTask): EpochReply | BoundReply | TightBoundReply | TightCollectReply {
  if ('kind' in task && task.kind === 'bound') return runBoundTask(task);
  if ('kind' in task && task.kind === 'tight-bound') return runTightBoundTask(task);
  if ('kind' in task && task.kind === 'tight-collect') return runTightCollectTask(task);
  const { instance, islands, budget, stopFlag } = task as EpochTask;
  const stop = (): boolean => Atomics.load(stopFlag, 0) !== 0;
  for (const island of islands) runEpoch(instance, island, budget, stop);
  return islands;
}
