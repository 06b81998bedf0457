// `packopt optimize -s SHIPMENTS -b BOXES [-k K]`: search a better suite and report the savings.
import { Command } from 'commander';
import { z } from 'zod';
import { optimize } from '../../api/optimize.js';
import { suiteOutputFiles } from '../../api/outputs.js';
import { pickPackingExamples } from '../../api/packing-examples.js';
import { InterruptedError } from '../../errors.js';
import { checkOut, emit } from '../emit.js';
import { addCommonOptions, commonSchema, loadParams, parseOptions, resolveUnits, resolveThreads } from '../options.js';
import { createProgress, formatReadProgress } from '../progress.js';
import { warnSkipped } from '../warn.js';
import { requireRegularFile } from '../../io/input-file.js';
import { catchInterrupt } from '../interrupt.js';
import { applySteps } from '../steps.js';
import { addHoldoutOptions, holdoutOf, holdoutSchema } from '../holdout.js';
import { renderOptimize } from '../render/optimize.js';
import { htmlFile } from '../render/html.js';
import { runSearchInWorkers } from '../../parallel/run-search.js';
import { computeFrontiersInPool } from '../../parallel/frontiers.js';

const schema = commonSchema.extend({
  shipments: z.string(),
  boxes: z.string(),
  k: z.coerce.number().int().min(1).optional(),
  catalog: z.string().optional(),
  steps: z.string().optional(),
  coverAll: z.boolean().default(false),
  ...holdoutSchema,
});

const PHASE_LABEL = {
  frontiers: 'multi-item fit frontiers: shipments',
  levels: 'building grid level: levels done',
  islands: 'searching',
  bound: 'lower bound: step',
  evaluation: 'evaluating the new suite: step',
} as const;

export function optimizeCommand(result: { exitCode: number }): Command {
  const cmd = new Command('optimize')
    .summary('search a suite of K boxes and report current vs optimized and the savings')
    .description(
      'Search the K box sizes that minimise total packaging volume (or corrugate) for the shipments the ' +
        'current suite serves: a coarse-to-fine local search on a grid of candidate sizes (2 in, then 1 in; ' +
        'metric 5 cm, then 2.5 cm) in parallel worker threads, with a lower bound that says how close to ' +
        'the best possible suite it is. Same input, seed and parameters give the same suite at any --threads.',
    )
    .requiredOption('-s, --shipments <file>', 'shipments CSV: one row per item line')
    .requiredOption('-b, --boxes <file>', 'boxes CSV: the current suite (locked boxes stay)')
    .option('-k, --k <n>', 'number of box sizes in the new suite (default: the current suite\'s size)')
    .option('--catalog <file>', 'choose the boxes from this list of stock sizes (boxes CSV) instead of a grid')
    .option('--steps <list>', 'grid steps, coarse to fine, each dividing the previous (e.g. 2,1,0.5)')
    .option('--cover-all', 'also serve shipments that fit no current box (up to the max_box parameter)');
  addHoldoutOptions(cmd);
  addCommonOptions(cmd, { search: true });
  cmd.addHelpText(
    'after',
    '\nExamples:\n' +
      '  packopt optimize -s fixtures/sample/shipments.csv -b fixtures/sample/boxes.csv\n' +
      '  packopt optimize -s orders.csv -b boxes.csv -k 8 --objective corrugate --out results/\n' +
      '  packopt optimize -s orders.csv -b boxes.csv --catalog stock-sizes.csv --json > report.json\n' +
      '\nCtrl-C stops the search and still reports the best suite found so far (exit 130).',
  );
  cmd.action(async (raw: Record<string, unknown>) => {
    const options = parseOptions(schema, raw);
    const inputs = [options.shipments, options.boxes, options.catalog, options.rates, options.config];
    await checkOut(options, inputs);
    if (options.out !== undefined) await requireRegularFile(options.shipments, '--out');
    const params = await loadParams(options, await resolveUnits(options, options.shipments));
    applySteps(params, options.steps, options.config);
    const threads = resolveThreads(options.threads);
    const progress = createProgress(options);
    const t0 = Date.now();
    const elapsed = () => `${Math.round((Date.now() - t0) / 1000)} s`;
    const started = Date.now();
    const interrupt = catchInterrupt();
    try {
      const run = await optimize({
        shipmentsFile: options.shipments,
        boxesFile: options.boxes,
        objective: options.objective,
        params,
        skipInvalid: options.skipInvalid,
        ...(options.k !== undefined ? { k: options.k } : {}),
        ...(options.catalog !== undefined ? { catalogFile: options.catalog } : {}),
        ...(options.timeLimit !== undefined ? { timeLimit: options.timeLimit } : {}),
        coverAll: options.coverAll,
        ...holdoutOf(options),
        seed: options.seed,
        threads,
        signal: interrupt.signal,
        onRows: (rows, bytes, total) => progress.update(formatReadProgress(rows, bytes, total, started)),
        onSearchProgress: (p) =>
          progress.update(`searching: level ${p.level + 1}, epoch ${p.epoch + 1}, best ${Math.round(p.best).toLocaleString('en-US')}, ${elapsed()}`),
        onPhase: (p) =>
          progress.status(() => `${PHASE_LABEL[p.phase]} ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}, ${elapsed()}`, p.done === 0),
        runSearch: runSearchInWorkers,
        computeFrontiers: computeFrontiersInPool,
      });
      progress.done();
      const { report, current, suite, assignment } = run;
      warnSkipped(options, report.input);
      const outputs = {
        input: current.input,
        boxes: suite,
        assignment,
        params,
        skipInvalid: options.skipInvalid,
        current: { boxes: current.boxes, assignment: current.assignment },
      };
      const multiItem = report.optimized.metrics.multi_item > 0;
      await emit(options, report, () => renderOptimize(report, options.out !== undefined), () => [
        ...suiteOutputFiles(report, outputs, multiItem),
        htmlFile(report, { examples: pickPackingExamples(current.input.classes, suite, assignment, params) }),
      ], inputs);
      // A search cut short or a suite no better than the current one is said loudly, even under --json.
      for (const warning of report.warnings) process.stderr.write(`packopt: warning: ${warning}\n`);
      if (report.search.stopped === 'interrupted') throw new InterruptedError('the report shows the best suite found before Ctrl-C');
      if (options.failOnUnfit && report.optimized.metrics.unfit > 0) {
        if (!options.json) process.stderr.write(`packopt: ${report.optimized.metrics.unfit} shipments fit no box of the new suite (--fail-on-unfit)\n`);
        result.exitCode = 1;
      }
    } finally {
      interrupt.release();
      progress.done();
    }
  });
  return cmd;
}
