// How the CLI runs the suite search. Interim: the islands run in this thread, one after another;
// worker threads come with the parallel layer (same islands, same result at any thread count).
import { optimizeSuite, type SearchControl, type SearchProblem, type SearchResult } from '../core/search/index.js';

export async function runSearchInWorkers(problem: SearchProblem, control: SearchControl, _threads: number): Promise<SearchResult> {
  return optimizeSuite(problem, control);
}
