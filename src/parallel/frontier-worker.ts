// Worker thread for fit frontiers: one batch of multi-item shipments, their frontiers in order.
import { computeFitFrontier, type FitFrontier } from '../core/packer/index.js';
import type { FrontierTask } from './protocol.js';

export default function computeFrontierBatch(task: FrontierTask): FitFrontier[] {
  return task.specsList.map((specs) => computeFitFrontier(specs, task.grid, task.opts));
}
