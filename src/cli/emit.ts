// The one way a command hands its result to the user: JSON on stdout, or a terminal summary, and
// the --out folder. Output files are written before anything is printed, so a failure there
// never follows a report that claims success.
import { writeOutputs, type OutputFile } from '../io/write-outputs.js';
import type { CommonOptions } from './options.js';

export async function emit(
  options: CommonOptions,
  report: unknown,
  renderText: () => string,
  files: () => OutputFile[],
): Promise<void> {
  let written: string[] = [];
  if (options.out !== undefined) written = await writeOutputs(options.out, files());
  if (options.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  if (options.quiet) return;
  process.stdout.write(renderText());
  if (written.length > 0) process.stdout.write(`\nwrote ${written.join(', ')}\n`);
}
