// `packopt config --defaults`: every advanced parameter with its default, as a --config file would hold it.
import { Command, Option } from 'commander';
import { z } from 'zod';
import { defaultParams, paramsSchema } from '../../core/params.js';
import { readConfig } from '../../io/read-config.js';
import { resolveParams } from '../../core/params.js';
import { parseOptions } from '../options.js';

const schema = z.object({
  defaults: z.boolean().default(false),
  check: z.string().optional(),
  units: z.enum(['imperial', 'metric']).default('imperial'),
});

export function configCommand(): Command {
  const cmd = new Command('config')
    .summary('print the advanced parameters and their defaults, or check a config file')
    .description(
      'The ~40 scientific parameters (grid steps, clearance, glue flap, board weight, search budgets, ' +
        'packer effort, decision thresholds, the cost model) have defaults an analyst never needs to touch. Override any ' +
        'of them with --config FILE (JSON); unknown keys are an error that names the key.',
    )
    .option('--defaults', 'print every parameter with its default as JSON (a starting point for --config)')
    .option('--check <file>', 'validate a config file and print the parameters it resolves to')
    .addOption(new Option('--units <system>', 'resolve unit-dependent defaults for these units').choices(['imperial', 'metric']).default('imperial'));
  cmd.addHelpText('after', '\nExamples:\n  packopt config --defaults > packopt.json\n  packopt config --check packopt.json --units metric');
  cmd.action(async (raw: Record<string, unknown>) => {
    const options = parseOptions(schema, raw);
    if (options.check !== undefined) {
      const params = resolveParams(await readConfig(options.check), options.units);
      process.stdout.write(JSON.stringify(strip(params), null, 2) + '\n');
      return;
    }
    if (!options.defaults) {
      process.stdout.write(cmd.helpInformation());
      return;
    }
    process.stdout.write(JSON.stringify(strip(defaultParams(options.units)), null, 2) + '\n');
  });
  return cmd;
}

/** Only the keys a config file may hold (derived values like board_weight_per_area are not settable). */
function strip(params: object): Record<string, unknown> {
  const keys = Object.keys(paramsSchema.shape);
  return Object.fromEntries(keys.map((k) => [k, (params as Record<string, unknown>)[k]]));
}
