// The one way a command hands its result to the user: JSON on stdout, or a terminal summary, and
// the --out folder. Output files are written before anything is printed, so a failure there
// never follows a report that claims success.
import { checkOutputDir, writeOutputs, type OutputFile } from '../io/write-outputs.js';
import type { CommonOptions } from './options.js';

/** Refuse a bad --out folder before the work starts (exit 2), not after a long search. */
export async function checkOut(options: CommonOptions, inputs: readonly (string | undefined)[]): Promise<void> {
  if (options.out !== undefined) await checkOutputDir(options.out, present(inputs));
}

const present = (inputs: readonly (string | undefined)[]) => inputs.filter((f): f is string => f !== undefined);

export async function emit(
  options: CommonOptions,
  report: unknown,
  renderText: () => string,
  files: () => OutputFile[],
  inputs: readonly (string | undefined)[] = [],
): Promise<void> {
  let written: string[] = [];
  if (options.out !== undefined) written = await writeOutputs(options.out, files(), present(inputs));
  if (options.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  if (options.quiet) return;
  process.stdout.write(renderText());
  if (written.length > 0) process.stdout.write(`\nwrote ${written.join(', ')}\n`);
}
