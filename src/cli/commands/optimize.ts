// `packopt optimize -s SHIPMENTS -b BOXES [-k K]`: search a better suite and report the savings.
import { Command } from 'commander';
import { z } from 'zod';
import { optimize } from '../../api/optimize.js';
import { suiteOutputFiles } from '../../api/outputs.js';
import { InterruptedError } from '../../errors.js';
import { emit } from '../emit.js';
import { addCommonOptions, commonSchema, loadParams, parseOptions, resolveThreads } from '../options.js';
import { createProgress } from '../progress.js';
import { catchInterrupt } from '../interrupt.js';
import { renderOptimize } from '../render/optimize.js';
import { runSearchInWorkers } from '../../parallel/run-search.js';
import { computeFrontiersInPool } from '../../parallel/frontiers.js';

const schema = commonSchema.extend({
  shipments: z.string(),
  boxes: z.string(),
  k: z.coerce.number().int().min(1).optional(),
  catalog: z.string().optional(),
  steps: z.string().optional(),
  coverAll: z.boolean().default(false),
});

/** `--steps 2,1,0.5` → [2, 1, 0.5]. */
function parseSteps(text: string): number[] {
  const steps = text.split(',').map((x) => Number(x.trim()));
  if (steps.some((x) => !(x > 0))) throw new Error(`--steps: expected positive numbers like 2,1,0.5, got "${text}"`);
  return steps;
}

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
    const params = await loadParams(options);
    if (options.steps !== undefined) params.steps = parseSteps(options.steps);
    const threads = resolveThreads(options.threads);
    const progress = createProgress(options);
    const t0 = Date.now();
    const elapsed = () => `${Math.round((Date.now() - t0) / 1000)} s`;
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
        seed: options.seed,
        threads,
        signal: interrupt.signal,
        onRows: (rows) => progress.update(`reading shipments: ${rows.toLocaleString('en-US')} rows`),
        onSearchProgress: (p) =>
          progress.update(`searching: level ${p.level + 1}, epoch ${p.epoch + 1}, best ${Math.round(p.best).toLocaleString('en-US')}, ${elapsed()}`),
        onPhase: (p) =>
          progress.status(() => `${PHASE_LABEL[p.phase]} ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')}, ${elapsed()}`, p.done === 0),
        runSearch: runSearchInWorkers,
        computeFrontiers: computeFrontiersInPool,
      });
      progress.done();
      const { report, current, suite, assignment } = run;
      const input = current.input;
      await emit(options, report, () => renderOptimize(report), () =>
        suiteOutputFiles(report, { input, boxes: suite, assignment, params, skipInvalid: options.skipInvalid }, report.optimized.metrics.multi_item > 0),
      );
      if (report.search.stopped === 'interrupted') throw new InterruptedError('interrupted: the report shows the best suite found before Ctrl-C');
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
