// `packopt track --baseline REPORT.json -s SHIPMENTS`: did the savings hold after deployment?
import { Command } from 'commander';
import { z } from 'zod';
import { track } from '../../api/track.js';
import { resolveParams } from '../../core/params.js';
import { readConfig } from '../../io/read-config.js';
import { jsonFile } from '../../io/write-outputs.js';
import { emit } from '../emit.js';
import { addCommonOptions, commonSchema, parseOptions } from '../options.js';
import { createProgress } from '../progress.js';
import { renderTrack } from '../render/track.js';
import { htmlFile } from '../render/html.js';

const schema = commonSchema.extend({
  baseline: z.string(),
  shipments: z.string(),
});

export function trackCommand(result: { exitCode: number }): Command {
  const cmd = new Command('track')
    .summary('re-evaluate a deployed suite on newer shipments: did the savings hold? (exit 1 if not)')
    .description(
      'Re-evaluate the suite an optimize run recommended (its report.json) and the suite it replaced on ' +
        'newer shipments. Exit 1 (a signal to re-optimize) when the realised box-volume savings fall ' +
        'below track_min_retained_pct of the baseline savings, or when more than track_max_unfit_pct ' +
        'of the new shipments fit no deployed box. Units come from the baseline report.',
    )
    .requiredOption('--baseline <report.json>', 'the report.json written by `packopt optimize --out`')
    .requiredOption('-s, --shipments <file>', 'newer shipments CSV');
  addCommonOptions(cmd, { search: false });
  cmd.addHelpText('after', '\nExamples:\n  packopt optimize -s q1.csv -b boxes.csv --out q1/\n  packopt track --baseline q1/report.json -s q2.csv --json');
  cmd.action(async (raw: Record<string, unknown>) => {
    const options = parseOptions(schema, raw);
    const config = await readConfig(options.config);
    const progress = createProgress(options);
    const report = await track(
      {
        baselineFile: options.baseline,
        shipmentsFile: options.shipments,
        params: resolveParams(config, options.units),
        skipInvalid: options.skipInvalid,
        onRows: (rows) => progress.update(`reading shipments: ${rows.toLocaleString('en-US')} rows`),
      },
      (units) => resolveParams(config, units),
    );
    progress.done();
    await emit(options, report, () => renderTrack(report), () => [jsonFile('report.json', report), htmlFile(report)]);
    if (report.status !== 'held') result.exitCode = 1;
  });
  return cmd;
}
