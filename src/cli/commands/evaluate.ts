// `packopt evaluate -s SHIPMENTS -b BOXES`: how well do the shipments fit the current suite?
import { Command } from 'commander';
import { z } from 'zod';
import { evaluate } from '../../api/evaluate.js';
import { ShapeFits, suiteOutputFiles } from '../../api/outputs.js';
import { pickPackingExamples } from '../../api/packing-examples.js';
import { checkOut, emit } from '../emit.js';
import { addCommonOptions, commonSchema, loadParams, parseOptions, resolveThreads, resolveUnits } from '../options.js';
import { createProgress, formatReadProgress } from '../progress.js';
import { warnSkipped } from '../warn.js';
import { requireRegularFile } from '../../io/input-file.js';
import { renderEvaluate } from '../render/evaluate.js';
import { htmlFile } from '../render/html.js';

const schema = commonSchema.extend({
  shipments: z.string(),
  boxes: z.string(),
});

export function evaluateCommand(result: { exitCode: number }): Command {
  const cmd = new Command('evaluate')
    .summary('fit every shipment to the current suite and report the metrics')
    .description(
      'Fit every shipment to the current box suite (each goes into the cheapest box it fits) and report ' +
        'packaging volume, corrugate area and weight, utilization and air, per box and in total.',
    )
    .requiredOption('-s, --shipments <file>', 'shipments CSV: one row per item line (shipment_id, length, width, height, …)')
    .requiredOption('-b, --boxes <file>', 'boxes CSV: the current suite (box_id, length, width, height inner dims, …)');
  addCommonOptions(cmd, { search: false });
  cmd.option('--threads <n>', 'threads that read a large shipments file (default: PACKOPT_THREADS or the available cores)');
  cmd.addHelpText(
    'after',
    '\nExamples:\n' +
      '  packopt evaluate -s fixtures/sample/shipments.csv -b fixtures/sample/boxes.csv\n' +
      '  packopt evaluate -s orders.csv -b boxes.csv --units metric --json > report.json\n' +
      '  packopt evaluate -s orders.csv -b boxes.csv --out results/ --fail-on-unfit',
  );
  cmd.action(async (raw: Record<string, unknown>) => {
    const options = parseOptions(schema, raw);
    const inputs = [options.shipments, options.boxes, options.rates, options.config];
    await checkOut(options, inputs);
    if (options.out !== undefined) await requireRegularFile(options.shipments, '--out');
    const params = await loadParams(options, await resolveUnits(options, options.shipments));
    const progress = createProgress(options);
    const started = Date.now();
    let spilling = false;
    // Ctrl-C while evaluating (nothing printed yet) exits through process.exit, whose 'exit'
    // handlers remove a spill folder; the default action would leave it behind.
    const onSigint = () => process.exit(130);
    process.once('SIGINT', onSigint);
    const run = await evaluate({
      shipmentsFile: options.shipments,
      boxesFile: options.boxes,
      objective: options.objective,
      params,
      skipInvalid: options.skipInvalid,
      threads: resolveThreads(options.threads),
      onRows: (rows, bytes, total) => progress.update(formatReadProgress(rows, bytes, total, started) + (spilling ? ' (shapes spilled to disk)' : '')),
      onSpill: (e) => {
        if (e.stage === 'spilling') spilling = true;
        else progress.update(`evaluating partition ${e.index} of ${e.of} (shapes spilled to disk)`);
      },
      listAllUnfit: options.out !== undefined,
      ...spillClassesFromEnv(),
    }).finally(() => process.removeListener('SIGINT', onSigint));
    progress.done();
    const { report, input, boxes, assignment } = run;
    warnSkipped(options, report.input);
    const spilled = run.spilled ? { spilled: { fits: new ShapeFits(boxes, params, options.objective, run.spilled.exceptions, shapeCacheFromEnv()), unfit: run.spilled.unfit } } : {};
    const outputs = { input, boxes, assignment, params, skipInvalid: options.skipInvalid, ...spilled };
    const multiItem = report.current.metrics.multi_item > 0;
    await emit(options, report, () => renderEvaluate(report, options.out !== undefined), () => [
      ...suiteOutputFiles(report, outputs, multiItem),
      htmlFile(report, { examples: run.spilled ? run.spilled.examples : pickPackingExamples(input.classes, boxes, assignment, params) }),
    ], inputs);
    if (options.failOnUnfit && report.current.metrics.unfit > 0) {
      if (!options.json) process.stderr.write(`packopt: ${report.current.metrics.unfit} shipments fit no box (--fail-on-unfit)\n`);
      result.exitCode = 1;
    }
  });
  return cmd;
}

/**
 * PACKOPT_SPILL_CLASSES (for testing only): the number of distinct shapes past which evaluate
 * spills its classes to temporary files (default 2^20; 0: never), so that tests can spill small files.
 */
function spillClassesFromEnv(): { spillClasses?: number } {
  const env = process.env.PACKOPT_SPILL_CLASSES;
  if (env === undefined || env === '') return {};
  const n = Number(env);
  return Number.isInteger(n) && n >= 0 ? { spillClasses: n } : {};
}

/** PACKOPT_SHAPE_CACHE (for testing only): shapes a spilled run's --out files keep fitted (default 4,096). */
function shapeCacheFromEnv(): number | undefined {
  const n = Number(process.env.PACKOPT_SHAPE_CACHE ?? '');
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}
