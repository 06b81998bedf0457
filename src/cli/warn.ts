// Warnings: one line each on stderr (never stdout, so --json stays clean), silenced by --quiet.
import type { InputSummary } from '../api/report.js';
import { escapeControls } from '../text.js';

export function warn(options: { quiet: boolean }, message: string): void {
  if (!options.quiet) process.stderr.write(`packopt: warning: ${escapeControls(message)}\n`);
}

/** Say, per file, how many rows --skip-invalid left out. */
export function warnSkipped(options: { quiet: boolean; catalog?: string | undefined }, input: InputSummary): void {
  const rows = (n: number) => `${n} invalid row${n === 1 ? '' : 's'}`;
  if (input.skipped > 0) warn(options, `skipped ${rows(input.skipped)} of ${input.shipments_file} (--skip-invalid)`);
  if (input.skipped_boxes > 0 && input.boxes_file !== null) warn(options, `skipped ${rows(input.skipped_boxes)} of ${input.boxes_file} (--skip-invalid)`);
  if (input.skipped_catalog && options.catalog !== undefined) warn(options, `skipped ${rows(input.skipped_catalog)} of ${options.catalog} (--skip-invalid)`);
}
