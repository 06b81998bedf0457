// `packopt sweep -s SHIPMENTS -b BOXES --k-min A --k-max B`: does one more box size pay off?
import { Command } from 'commander';
import { z } from 'zod';
import { sweep } from '../../api/sweep.js';
import { pickPackingExamples, type PackingExample } from '../../api/packing-examples.js';
import { jsonFile } from '../../io/write-outputs.js';
import { InterruptedError } from '../../errors.js';
import { runSearchInWorkers } from '../../parallel/run-search.js';
import { computeFrontiersInPool } from '../../parallel/frontiers.js';
import { emit } from '../emit.js';
import { addCommonOptions, commonSchema, loadParams, parseOptions, resolveThreads } from '../options.js';
import { createProgress } from '../progress.js';
import { catchInterrupt } from '../interrupt.js';
import { renderSweep } from '../render/sweep.js';
import { htmlFile } from '../render/html.js';

const schema = commonSchema.extend({
  shipments: z.string(),
  boxes: z.string(),
  kMin: z.coerce.number().int().min(1),
  kMax: z.coerce.number().int().min(1),
  catalog: z.string().optional(),
  coverAll: z.boolean().default(false),
});

export function sweepCommand(): Command {
  const cmd = new Command('sweep')
    .summary('optimize for every K in a range: the savings curve and the recommended K')
    .description(
      'Optimize the suite for every K from --k-min to --k-max and report how much each additional box ' +
        'size saves. The recommended K is the smallest one whose next box saves less than the ' +
        'sweep_min_gain_pct parameter (default 1 % of the objective).',
    )
    .requiredOption('-s, --shipments <file>', 'shipments CSV: one row per item line')
    .requiredOption('-b, --boxes <file>', 'boxes CSV: the current suite (locked boxes stay)')
    .requiredOption('--k-min <n>', 'smallest suite size')
    .requiredOption('--k-max <n>', 'largest suite size')
    .option('--catalog <file>', 'choose the boxes from this list of stock sizes instead of a grid')
    .option('--cover-all', 'also serve shipments that fit no current box (up to the max_box parameter)');
  addCommonOptions(cmd, { search: true });
  cmd.addHelpText('after', '\nExamples:\n  packopt sweep -s fixtures/sample/shipments.csv -b fixtures/sample/boxes.csv --k-min 4 --k-max 12\n\n--time-limit applies to each K.');
  cmd.action(async (raw: Record<string, unknown>) => {
    const options = parseOptions(schema, raw);
    const params = await loadParams(options);
    const progress = createProgress(options);
    const interrupt = catchInterrupt();
    // Example packings of each K's suite, for report.html to draw the recommended one.
    const examples = new Map<number, PackingExample[]>();
    try {
      const report = await sweep(
        {
          shipmentsFile: options.shipments,
          boxesFile: options.boxes,
          objective: options.objective,
          params,
          skipInvalid: options.skipInvalid,
          ...(options.catalog !== undefined ? { catalogFile: options.catalog } : {}),
          ...(options.timeLimit !== undefined ? { timeLimit: options.timeLimit } : {}),
          coverAll: options.coverAll,
          seed: options.seed,
          threads: resolveThreads(options.threads),
          signal: interrupt.signal,
          onRows: (rows) => progress.update(`reading shipments: ${rows.toLocaleString('en-US')} rows`),
          runSearch: runSearchInWorkers,
          computeFrontiers: computeFrontiersInPool,
        },
        options.kMin,
        options.kMax,
        (k) => progress.update(`searching K = ${k} of ${options.kMin}..${options.kMax}`),
        options.out === undefined
          ? undefined
          : (k, run) => examples.set(k, pickPackingExamples(run.current.input.classes, run.suite, run.assignment, params)),
      );
      progress.done();
      await emit(options, report, () => renderSweep(report), () => [
        jsonFile('report.json', report),
        htmlFile(report, { examples: examples.get(report.recommended_k) ?? [] }),
      ]);
      if (report.search.stopped === 'interrupted') throw new InterruptedError('interrupted: the curve stops at the last K searched');
    } finally {
      interrupt.release();
      progress.done();
    }
  });
  return cmd;
}
