// The grid steps of a search command: --steps over the config's, and either checked (SPEC §6)
// before any reading or searching starts.
import { UsageError } from '../errors.js';
import { quoteText } from '../text.js';
import type { Params } from '../core/params.js';
import { findStepsProblem, parseStepList } from '../core/steps.js';

export function applySteps(params: Params, option: string | undefined, configFile: string | undefined): void {
  if (option !== undefined) {
    const parsed = parseStepList(option);
    if ('problem' in parsed) throw new UsageError(`--steps ${quoteText(option)}: ${parsed.problem}; expected steps coarse to fine, each dividing the previous, like 2,1,0.5`);
    params.steps = parsed.steps;
    return;
  }
  const problem = findStepsProblem(params.steps);
  if (problem !== null) throw new UsageError(`steps [${params.steps.join(', ')}]${configFile ? ` in ${configFile}` : ''}: ${problem}`);
}
