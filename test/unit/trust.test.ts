// The numbers packopt prints are right, or it refuses and says why; a search cut short says so.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { optimize, type OptimizeOptions } from '../../src/api/optimize.js';
import { sweep } from '../../src/api/sweep.js';
import { track } from '../../src/api/track.js';
import { defaultParams, validateParams, type Params } from '../../src/core/params.js';
import { CoverageError, UsageError } from '../../src/errors.js';
import { scenarioDir } from '../helpers/cli.js';

vi.mock('../../src/parallel/run-search.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../src/parallel/run-search.js')>();
  return { ...mod, runSearchInWorkers: vi.fn(mod.runSearchInWorkers) };
});
const { runSearchInWorkers } = await import('../../src/parallel/run-search.js');

const shapes = [[3, 2, 1], [4, 3, 2], [6, 4, 2], [7, 5, 3], [9, 6, 2], [10, 8, 3], [12, 9, 5], [14, 10, 6]];
const rows = (n: number, pick: (i: number) => number, weight?: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => {
    const [l, w, h] = shapes[pick(i)]!;
    return `S${String(i).padStart(4, '0')},${l},${w},${h}${weight ? `,${weight(i)}` : ''}`;
  });
const SHIP = ['shipment_id,length,width,height', ...rows(60, (i) => (i * 5) % 8)].join('\n');
const BOXES = 'box_id,length,width,height,locked\nA,8,8,8,false\nB,12,12,6,false\nC,16,12,8,false\nD,20,16,12,false\n';

function params(over: Partial<Params> = {}): Params {
  return { ...defaultParams('imperial'), islands: 3, epochs: 3, moves_per_epoch: 2000, ...over };
}

function setup(files: Record<string, string>, over: Partial<OptimizeOptions> = {}): OptimizeOptions {
  const dir = scenarioDir({ 's.csv': SHIP, 'b.csv': BOXES, ...files });
  return {
    shipmentsFile: join(dir, 's.csv'),
    boxesFile: join(dir, 'b.csv'),
    objective: 'volume',
    params: params(),
    skipInvalid: false,
    coverAll: false,
    seed: 1,
    threads: 1,
    ...over,
    ...(files['cat.csv'] ? { catalogFile: join(dir, 'cat.csv') } : {}),
  };
}

async function refusal(p: Promise<unknown>): Promise<CoverageError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoverageError);
  expect((err as CoverageError).exitCode).toBe(2);
  return err as CoverageError;
}

describe('coverage: the optimized suite serves every shipment the current suite serves, or optimize refuses', () => {
  it('widens the default max_box to a current box larger than 48 in, and serves what it serves', async () => {
    const ship = SHIP + '\nZ1,50,10,10\n';
    const run = await optimize(setup({ 's.csv': ship, 'b.csv': BOXES + 'E,52,12,12,false\n' }));
    expect(run.report.current.metrics.fitted).toBe(61);
    expect(run.report.optimized.metrics.fitted).toBe(61);
    expect(run.report.search.max_box).toEqual([48, 48, 52]);
  });

  it('refuses (exit 2) when an explicit max_box is below what the current suite handles, naming the shipments', async () => {
    const ship = SHIP + '\nZ1,50,10,10\nZ2,50,10,10\n';
    const err = await refusal(optimize(setup({ 's.csv': ship, 'b.csv': BOXES + 'E,52,12,12,false\n' }, { params: params({ max_box: [40, 40, 40], max_box_given: true }) })));
    expect(err.message).toContain('cannot serve 2 shipments (1 shape)');
    expect(err.message).toContain('max_box 40x40x40');
    expect(err.message).toContain('Z1 (2 shipments): 50x10x10');
    expect(err.unserved).toEqual([{ shipment_id: 'Z1', shipments: 2, shape: '50x10x10', weight: 0 }]);
  });

  it('refuses when as many boxes are locked as K and they do not serve everything', async () => {
    const boxes = 'box_id,length,width,height,locked\nA,8,8,8,true\nB,12,12,6,true\nC,16,12,8,false\nD,20,16,12,false\n';
    const err = await refusal(optimize(setup({ 'b.csv': boxes }, { k: 2 })));
    expect(err.message).toContain('-k 2 leaves no slot beside the 2 locked boxes');
  });

  it('refuses when no catalog box fits some shipments', async () => {
    const err = await refusal(optimize(setup({ 'cat.csv': 'box_id,length,width,height\nK1,4,3,2\nK2,7,5,3\nK3,10,8,3\n' }, { k: 3 })));
    expect(err.message).toContain('no box of the catalog');
    expect(err.message).toMatch(/S\d{4} \(\d+ shipments\): 14x10x6/);
  });

  it('refuses when new_box_max_weight is below what the current suite carries', async () => {
    const ship = ['shipment_id,length,width,height,weight', ...rows(60, (i) => (i * 5) % 8, (i) => (i % 10 === 0 ? 40 : 1))].join('\n');
    const boxes = 'box_id,length,width,height,max_weight\nA,8,8,8,50\nB,12,12,6,50\nC,16,12,8,50\nD,20,16,12,50\n';
    const err = await refusal(optimize(setup({ 's.csv': ship, 'b.csv': boxes }, { params: params({ new_box_max_weight: 30 }) })));
    expect(err.message).toContain('heavier than new_box_max_weight 30');
  });
});

describe('weight limits of new boxes', () => {
  const ship = ['shipment_id,length,width,height,weight', ...rows(60, (i) => (i * 5) % 8, (i) => (i % 10 === 0 ? 40 : 1)), 'H1,5,5,5,60'].join('\n');
  const boxes = 'box_id,length,width,height,max_weight\nA,8,8,8,20\nB,12,12,6,50\nC,16,12,8,50\nD,20,16,12,50\n';

  it('gives new boxes the largest current max_weight, and never counts a heavier shipment as served', async () => {
    const run = await optimize(setup({ 's.csv': ship, 'b.csv': boxes }, { coverAll: true }));
    expect(run.report.search.new_box_max_weight).toBe(50);
    for (const b of run.report.optimized.metrics.boxes) expect(b.max_weight).toBe(50);
    // H1 (60 lb) fits no current box and no new one: not "additional served".
    expect(run.report.current.metrics.unfit).toBe(1);
    expect(run.report.optimized.metrics.unfit).toBe(1);
    expect(run.report.savings.additional_served).toBe(0);
  });

  it('keeps a heavy shipment out of a box whose limit it exceeds in the search too', async () => {
    // Locked A carries 20 lb; new boxes 30 lb; the 40-lb shipments need the locked D (50 lb).
    const locked = 'box_id,length,width,height,max_weight,locked\nA,8,8,8,20,true\nB,12,12,6,50,false\nC,16,12,8,50,false\nD,20,16,12,50,true\n';
    const heavy = ['shipment_id,length,width,height,weight', ...rows(60, (i) => (i * 5) % 8, (i) => (i % 10 === 0 ? 40 : 1))].join('\n');
    const run = await optimize(setup({ 's.csv': heavy, 'b.csv': locked }, { params: params({ new_box_max_weight: 30 }) }));
    expect(run.report.optimized.metrics.fitted).toBe(60);
    const d = run.report.optimized.metrics.boxes.find((b) => b.box_id === 'D')!;
    expect(d.shipments).toBeGreaterThanOrEqual(6);
  });
});

describe('parameters in sane ranges', () => {
  it('rejects max_box of 1e308 in a config', () => {
    const { errors } = validateParams({ max_box: [1e308, 1e308, 1e308] });
    expect(errors[0]).toMatch(/^max_box\.0: must be at most 10000/);
  });

  it('refuses a grid with too many sizes per side instead of exploding', async () => {
    const err = await optimize(setup({}, { params: params({ max_box: [9000, 9000, 9000], max_box_given: true, steps: [0.5] }) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain('box sizes per side');
  });
});

describe('a search cut short', () => {
  it('still returns exactly K boxes, never fewer, when stopped before it started', async () => {
    const ac = new AbortController();
    ac.abort();
    const run = await optimize(setup({}, { k: 6, signal: ac.signal }));
    expect(run.suite).toHaveLength(6);
    expect(run.report.optimized.metrics.boxes).toHaveLength(6);
    expect(run.report.search.stopped).toBe('interrupted');
    expect(run.report.savings.total_box_volume_pct).toBeGreaterThanOrEqual(0);
    expect(run.report.warnings.join(' ')).toMatch(/cut short|no suite better/);
  });

  it('never reports a suite worse than the current one as optimized: it keeps the current suite', async () => {
    // Boxes made to measure for two off-grid shapes: no 1-in grid box is as tight.
    const ship = ['shipment_id,length,width,height', ...Array.from({ length: 20 }, (_, i) => (i % 2 ? `T${i},3.5,2.5,1.5` : `T${i},7.5,5.5,3.5`))].join('\n');
    const run = await optimize(setup({ 's.csv': ship, 'b.csv': 'box_id,length,width,height\nP,3.5,2.5,1.5\nQ,7.5,5.5,3.5\n' }));
    expect(run.report.search.kept_current_suite).toBe(true);
    expect(run.report.optimized.metrics.boxes.map((b) => b.box_id)).toEqual(['P', 'Q']);
    expect(run.report.savings.total_box_volume_pct).toBe(0);
    expect(run.report.warnings[0]).toContain('no suite better than the current one');
    expect(run.report.bound.gap_pct === null || run.report.bound.gap_pct >= 0).toBe(true);
  });
});

describe('sweep', () => {
  it('gives each K its own --time-limit and goes on, marking the K that hit it', async () => {
    const report = await sweep({ ...setup({}, { timeLimit: 1e-6 }), kMin: 2, kMax: 4 });
    expect(report.curve.map((p) => p.k)).toEqual([2, 3, 4]);
    expect(report.search.time_limit_k).toEqual([2, 3, 4]);
    expect(report.curve.every((p) => p.stopped === 'time_limit')).toBe(true);
  });

  it('never recommends a K whose successor was not searched when interrupted', async () => {
    const ac = new AbortController();
    const report = await sweep({ ...setup({}, { signal: ac.signal }), kMin: 2, kMax: 6, onK: (k) => k === 4 && ac.abort() });
    expect(report.search.stopped).toBe('interrupted');
    expect(report.curve.map((p) => p.k).slice(0, 2)).toEqual([2, 3]);
    if (report.recommended_k !== null) expect(report.recommended_k).toBeLessThan(3);
    else expect(report.recommendation).toContain('cut short');
  });
});

describe('track', () => {
  it('says "held" on the very data its baseline was optimized on, even when many shipments fit no box', async () => {
    const ship = SHIP + '\n' + Array.from({ length: 10 }, (_, i) => `X${i},60,60,60`).join('\n') + '\n';
    const opts = setup({ 's.csv': ship });
    const run = await optimize(opts);
    const dir = scenarioDir({ 'report.json': JSON.stringify(run.report) });
    const report = await track({ baselineFile: join(dir, 'report.json'), shipmentsFile: opts.shipmentsFile, config: { islands: 3 } });
    expect(report.unfit_pct).toBeGreaterThan(10);
    expect(report.lost_pct).toBe(0);
    expect(report.status).toBe('held');
  });
});

describe('library', () => {
  it('runs optimize({ threads: 2 }) in worker threads', async () => {
    vi.mocked(runSearchInWorkers).mockClear();
    const run = await optimize(setup({}, { threads: 2 }));
    expect(runSearchInWorkers).toHaveBeenCalledTimes(1);
    expect(vi.mocked(runSearchInWorkers).mock.calls[0]![2]).toBe(2);
    expect(run.report.search.threads).toBe(2);
  }, 60_000);

});
