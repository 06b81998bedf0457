// Worker thread for fit frontiers: one batch of multi-item shipments, their frontiers in order.
import { computeFitFrontier, type FitFrontier } from '../core/packer/index.js';
import type { FrontierTask } from './protocol.js';

export default function computeFrontierBatch(task: FrontierTask): FitFrontier[] {
  const { grid, gridIndex } = task;
  return task.specsList.map((specs, i) => computeFitFrontier(specs, Array.isArray(grid) ? grid[gridIndex?.[i] ?? 0]! : grid, task.opts));
}
