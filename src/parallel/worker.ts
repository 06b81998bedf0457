// Worker thread of the parallel search: runs one epoch of a chunk of islands and sends the states
// back. Stateless between tasks, so any worker can take any chunk and the result does not depend
// on which one did.
import { runEpoch } from '../core/search/index.js';
import type { EpochReply, EpochTask } from './protocol.js';

export default function runIslandEpoch(task: EpochTask): EpochReply {
  const { instance, islands, budget, stopFlag } = task;
  const stop = (): boolean => Atomics.load(stopFlag, 0) !== 0;
  for (const island of islands) runEpoch(instance, island, budget, stop);
  return islands;
}
