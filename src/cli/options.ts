// The options every command shares (SPEC §2), declared once for commander and validated with zod.
import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { resolveParams, type Params, type UnitSystem } from '../core/params.js';
import { detectUnits } from '../io/detect-units.js';
import { readConfig } from '../io/read-config.js';
import { readRates } from '../io/read-rates.js';
import { warn } from './warn.js';

const whole = (min: number) => z.coerce.number().int().min(min);

export const commonSchema = z.object({
  /** Absent: from the shipments file's length suffixes (resolveUnits). */
  units: z.enum(['imperial', 'metric']).optional(),
  objective: z.enum(['volume', 'corrugate', 'cost']).default('volume'),
  /** --rates FILE: the carrier's rate card (SPEC §10). */
  rates: z.string().optional(),
  seed: whole(0).default(1),
  threads: whole(1).optional(),
  timeLimit: z.coerce.number().positive().optional(),
  config: z.string().optional(),
  quiet: z.boolean().default(false),
  verbose: z.boolean().default(false),
  json: z.boolean().default(false),
  out: z.string().optional(),
  skipInvalid: z.boolean().default(false),
  failOnUnfit: z.boolean().default(false),
});

export type CommonOptions = z.output<typeof commonSchema>;

/** Add the shared options to a command. */
export function addCommonOptions(cmd: Command, opts: { search: boolean }): Command {
  cmd
    .addOption(new Option('--units <system>', 'units of the report and of unsuffixed columns (default: the shipments file\'s length suffixes, else imperial)').choices(['imperial', 'metric']))
    .addOption(new Option('--objective <what>', 'what a package costs: its inner volume, its corrugate blank area, or its money cost (price, board, void fill, freight)').choices(['volume', 'corrugate', 'cost']).default('volume'))
    .option('--rates <file>', 'carrier rate card CSV (max_weight, price): freight by billable weight')
    .option('--config <file>', 'JSON file overriding advanced parameters (see `packopt config --defaults`)')
    .option('--skip-invalid', 'skip shipments with bad rows (and say how many) instead of failing')
    .option('--fail-on-unfit', 'exit 1 when some shipments fit no box')
    .option('--json', 'print the full report as JSON on stdout, nothing else')
    .option('--out <dir>', 'write report.json, suite.csv, assignments.csv, unfit.csv (and placements.jsonl) as the whole content of DIR')
    .option('-q, --quiet', 'no progress and no summary on the terminal')
    .addOption(new Option('--verbose', 'progress as timestamped lines on stderr, also off a terminal and with --json (logs of scheduled jobs)').conflicts('quiet'));
  if (opts.search) {
    cmd
      .option('--seed <n>', 'seed of the search (same input, seed and parameters give the same suite)', '1')
      .option('--threads <n>', 'worker threads (default: PACKOPT_THREADS or the available cores)')
      .option('--time-limit <sec>', 'stop the search after SEC seconds and report the best suite so far');
  }
  return cmd;
}

/** Validate commander's option values; a bad value is a usage error naming the option. */
export function parseOptions<S extends z.ZodType>(schema: S, raw: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const flag = '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  throw new UsageError(`option ${flag}: ${issue.message} (got ${JSON.stringify(raw[key])})`);
}

/** --units, else the shipments file's length suffixes (with a warning when it has none). */
export async function resolveUnits(options: CommonOptions, shipmentsFile: string): Promise<UnitSystem> {
  if (options.units !== undefined) return options.units;
  const detected = await detectUnits(shipmentsFile);
  if (detected.warning !== null) warn(options, detected.warning);
  return detected.units;
}

/** Parameters for a run: the config file's values over the defaults, resolved for the units. */
export async function loadParams(options: CommonOptions, units: UnitSystem): Promise<Params> {
  const params = resolveParams(await readConfig(options.config), units);
  if (options.rates === undefined) return params;
  const { rates } = await readRates(options.rates, { units, skipInvalid: false });
  if (rates.maxWeight.length === 0) throw new UsageError(`--rates ${options.rates}: the rate card has no rows`);
  return { ...params, rates };
}

/** --threads, else PACKOPT_THREADS, else the available cores. */
export function resolveThreads(threads: number | undefined): number {
  if (threads !== undefined) return threads;
  const env = process.env.PACKOPT_THREADS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`PACKOPT_THREADS must be a whole number ≥ 1, got "${env}"`);
    return n;
  }
  return availableParallelism();
}
