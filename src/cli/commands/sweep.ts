// `packopt sweep -s SHIPMENTS -b BOXES --k-min A --k-max B`: does one more box size pay off?
import { Command } from 'commander';
import { z } from 'zod';
import { sweep } from '../../api/sweep.js';
import { sweepOutputFiles, type PlacedSuite } from '../../api/outputs.js';
import type { EvaluateRun } from '../../api/evaluate.js';
import { jsonFile, type OutputFile } from '../../io/write-outputs.js';
import { pickPackingExamples, type PackingExample } from '../../api/packing-examples.js';
import { InterruptedError } from '../../errors.js';
import { runSearchInWorkers } from '../../parallel/run-search.js';
import { computeFrontiersInPool } from '../../parallel/frontiers.js';
import { checkOut, emit } from '../emit.js';
import { addCommonOptions, commonSchema, loadParams, parseOptions, resolveUnits, resolveThreads } from '../options.js';
import { createProgress } from '../progress.js';
import { warnSkipped } from '../warn.js';
import { catchInterrupt } from '../interrupt.js';
import { applySteps } from '../steps.js';
import { addHoldoutOptions, holdoutOf, holdoutSchema } from '../holdout.js';
import { renderSweep } from '../render/sweep.js';
import { htmlFile } from '../render/html.js';

const schema = commonSchema.extend({
  shipments: z.string(),
  boxes: z.string(),
  kMin: z.coerce.number().int().min(1),
  kMax: z.coerce.number().int().min(1),
  catalog: z.string().optional(),
  steps: z.string().optional(),
  coverAll: z.boolean().default(false),
  ...holdoutSchema,
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
    .option('--steps <list>', 'grid steps, coarse to fine, each dividing the previous (e.g. 2,1,0.5)')
    .option('--cover-all', 'also serve shipments that fit no current box (up to the max_box parameter)');
  addHoldoutOptions(cmd);
  addCommonOptions(cmd, { search: true });
  cmd.addHelpText('after', '\nExamples:\n  packopt sweep -s fixtures/sample/shipments.csv -b fixtures/sample/boxes.csv --k-min 4 --k-max 12\n\n--time-limit applies to each K.');
  cmd.action(async (raw: Record<string, unknown>) => {
    const options = parseOptions(schema, raw);
    const inputs = [options.shipments, options.boxes, options.catalog, options.rates, options.config];
    await checkOut(options, inputs);
    const params = await loadParams(options, await resolveUnits(options, options.shipments));
    applySteps(params, options.steps, options.config);
    const progress = createProgress(options);
    const interrupt = catchInterrupt();
    const byK = new Map<number, PlacedSuite>();
    let current: EvaluateRun | undefined;
    // Example packings of each K's suite, for report.html to draw the recommended one.
    const examples = new Map<number, PackingExample[]>();
    try {
      const report = await sweep({
        shipmentsFile: options.shipments,
        boxesFile: options.boxes,
        objective: options.objective,
        params,
        skipInvalid: options.skipInvalid,
        ...(options.catalog !== undefined ? { catalogFile: options.catalog } : {}),
        ...(options.timeLimit !== undefined ? { timeLimit: options.timeLimit } : {}),
        coverAll: options.coverAll,
        ...holdoutOf(options),
        seed: options.seed,
        threads: resolveThreads(options.threads),
        signal: interrupt.signal,
        onRows: (rows) => progress.update(`reading shipments: ${rows.toLocaleString('en-US')} rows`),
        runSearch: runSearchInWorkers,
        computeFrontiers: computeFrontiersInPool,
        kMin: options.kMin,
        kMax: options.kMax,
        onK: (k) => progress.update(`searching K = ${k} of ${options.kMin}..${options.kMax}`),
        onSuite: (run) => {
          // Only what the --out files need: each K's boxes and boxes per shape, not the placements.
          byK.set(run.report.k, { boxes: run.suite, assignment: { box: run.assignment.box, placements: new Map(), loads: run.assignment.loads } });
          current ??= run.current;
          if (options.out !== undefined) examples.set(run.report.k, pickPackingExamples(run.current.input.classes, run.suite, run.assignment, params));
        },
      });
      progress.done();
      warnSkipped(options, report.input);
      const files = (): OutputFile[] => {
        if (!current) return [jsonFile('report.json', report)];
        const { input, boxes, assignment } = current;
        const recommended = report.recommended_k === null ? undefined : examples.get(report.recommended_k);
        return [
          ...sweepOutputFiles(report, { input, params, skipInvalid: options.skipInvalid, current: { boxes, assignment }, byK }),
          htmlFile(report, { examples: recommended ?? [] }),
        ];
      };
      await emit(options, report, () => renderSweep(report), files, inputs);
      if (report.search.stopped === 'interrupted') throw new InterruptedError('the curve stops at the last K searched');
    } finally {
      interrupt.release();
      progress.done();
    }
  });
  return cmd;
}
