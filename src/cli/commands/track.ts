// `packopt track --baseline REPORT.json -s SHIPMENTS`: did the savings hold after deployment?
import { Command, type Option } from 'commander';
import { z } from 'zod';
import { track, type TrackOptions } from '../../api/track.js';
import { unfitFile } from '../../api/outputs.js';
import { pickPackingExamples } from '../../api/packing-examples.js';
import { readConfig } from '../../io/read-config.js';
import { jsonFile, type OutputFile } from '../../io/write-outputs.js';
import { checkOut, emit } from '../emit.js';
import { addCommonOptions, commonSchema, parseOptions } from '../options.js';
import { createProgress, formatReadProgress } from '../progress.js';
import { warnSkipped } from '../warn.js';
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
        'of the new shipments the replaced suite serves fit no deployed box. Units and objective come from the baseline report.',
    )
    .requiredOption('--baseline <report.json>', 'the report.json written by `packopt optimize --out`')
    .requiredOption('-s, --shipments <file>', 'newer shipments CSV');
  addCommonOptions(cmd, { search: false });
  // Units and objective come from the baseline: options that would do nothing are not offered.
  for (const name of ['units', 'objective']) {
    const at = cmd.options.findIndex((o) => o.attributeName() === name);
    if (at >= 0) (cmd.options as Option[]).splice(at, 1);
  }
  cmd.addHelpText('after', '\nExamples:\n  packopt optimize -s q1.csv -b boxes.csv --out q1/\n  packopt track --baseline q1/report.json -s q2.csv --json');
  cmd.action(async (raw: Record<string, unknown>) => {
    const options = parseOptions(schema, raw);
    const inputs = [options.baseline, options.shipments, options.rates, options.config];
    await checkOut(options, inputs);
    const config = await readConfig(options.config);
    const progress = createProgress(options);
    const started = Date.now();
    let assigned: Parameters<NonNullable<TrackOptions['onAssigned']>>[0] | undefined;
    const report = await track({
      baselineFile: options.baseline,
      shipmentsFile: options.shipments,
      config,
      ...(options.rates !== undefined ? { ratesFile: options.rates } : {}),
      skipInvalid: options.skipInvalid,
      onRows: (rows, bytes, total) => progress.update(formatReadProgress(rows, bytes, total, started)),
      onAssigned: (run) => (assigned = run),
    });
    progress.done();
    warnSkipped(options, report.input);
    // unfit.csv calls the suite the deployed one replaced `current` and the deployed one
    // `optimized`, as the baseline report does.
    const files = (): OutputFile[] => {
      if (!assigned) return [jsonFile('report.json', report), htmlFile(report)];
      const { input, params, previous, deployed } = assigned;
      const examples = pickPackingExamples(input.classes, deployed.boxes, deployed.assignment, params);
      return [jsonFile('report.json', report), htmlFile(report, { examples }), unfitFile({ input, params, skipInvalid: options.skipInvalid, ...deployed, current: previous })];
    };
    await emit(options, report, () => renderTrack(report), files, inputs);
    if (report.status !== 'held') result.exitCode = 1;
  });
  return cmd;
}
