// Grid steps of the search (SPEC §6): coarse to fine, each dividing the previous one, so that a
// suite found on a coarse grid lies on every finer grid and can start the next level.

/** Tolerance for "divides" on steps that went through decimal text (0.3 / 0.1 = 2.9999999999999996). */
const RATIO_EPS = 1e-9;

/** What is wrong with a list of grid steps, or null when it is a valid coarse-to-fine list. */
export function findStepsProblem(steps: readonly number[]): string | null {
  if (steps.length === 0) return 'needs at least one step';
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (!(Number.isFinite(step) && step > 0)) return `${step} is not a positive number`;
    if (i === 0) continue;
    const prev = steps[i - 1]!;
    const ratio = prev / step;
    const n = Math.round(ratio);
    if (n < 2) return `${step} is not finer than ${prev} (list the steps coarse to fine)`;
    if (Math.abs(ratio - n) > RATIO_EPS * ratio) return `${step} does not divide ${prev} (each step must divide the previous one)`;
  }
  return null;
}

/** `2,1,0.5` → [2, 1, 0.5], or the problem with the text. */
export function parseStepList(text: string): { steps: number[] } | { problem: string } {
  const steps: number[] = [];
  for (const part of text.split(',')) {
    const cell = part.trim();
    if (cell === '') return { problem: 'has an empty entry' };
    const x = Number(cell);
    if (!(Number.isFinite(x) && x > 0)) return { problem: `"${cell}" is not a positive number` };
    steps.push(x);
  }
  const problem = findStepsProblem(steps);
  return problem === null ? { steps } : { problem };
}
