// --holdout-from DATE and --holdout F (SPEC §11), shared by optimize and sweep.
import type { Command } from 'commander';
import { z } from 'zod';
import type { HoldoutOption } from '../api/holdout.js';
import { UsageError } from '../errors.js';

export const holdoutSchema = {
  holdoutFrom: z.string().optional(),
  holdout: z.coerce.number().gt(0).lt(1).optional(),
};

export function addHoldoutOptions(cmd: Command): Command {
  return cmd
    .option('--holdout-from <date>', 'hold out the shipments dated on or after DATE: search on the others, report both suites on these (needs a date column)')
    .option('--holdout <share>', 'hold out the latest SHARE (0–1) of the shipments by date, or the last ones in file order when the file has no dates');
}

/** The split the options ask for, if any. */
export function holdoutOf(options: { holdoutFrom?: string | undefined; holdout?: number | undefined }): { holdout?: HoldoutOption } {
  if (options.holdoutFrom !== undefined && options.holdout !== undefined) throw new UsageError('give --holdout-from or --holdout, not both');
  if (options.holdoutFrom !== undefined) return { holdout: { from: options.holdoutFrom } };
  if (options.holdout !== undefined) return { holdout: { share: options.holdout } };
  return {};
}
