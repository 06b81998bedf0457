// evaluate with its classes spilled to temporary files (PACKOPT_SPILL_CLASSES, a testing-only
// variable, makes small files spill) must give the report and the --out files it gives in memory.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, scenarioDir } from '../helpers/cli.js';

const BOXES = 'box_id,length,width,height,max_weight\nS,6,4,4,20\nM,12,9,4,30\nL,16,12,8,50\nX,20,16,12,50\n';

/** A small deterministic generator (no Math.random: the file is the same on every run). */
function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/**
 * A history of `shipments` sorted shipments: two thirds single-item (tenths of an inch and
 * hundredths of a pound, so most are their own shape; some drawn again from a pool, turned), a
 * third with 2-3 lines; some too large or too heavy for every box; `bad` rows that --skip-invalid
 * drops; `reappear`: ids that come back after other shipments.
 */
function history(shipments: number, opts: { bad?: boolean; reappear?: boolean } = {}): string {
  const rnd = lcg(shipments);
  const pool = Array.from({ length: 40 }, () => [1 + Math.floor(rnd() * 90) / 10, 1 + Math.floor(rnd() * 70) / 10, 0.5 + Math.floor(rnd() * 40) / 10, Math.floor(rnd() * 300) / 100]);
  const dim = (max: number) => (1 + Math.floor(rnd() * max * 10) / 10).toFixed(1);
  const rows = ['shipment_id,sku,quantity,length,width,height,weight'];
  const line = (id: string) => {
    const r = rnd();
    if (r < 0.3) {
      // A pooled shape, its dims in any order.
      const [l, w, h, wt] = pool[Math.floor(rnd() * pool.length)]!;
      const d = [l, w, h];
      const k = Math.floor(rnd() * 3);
      return `${id},P${k},1,${d[k]},${d[(k + 1) % 3]},${d[(k + 2) % 3]},${wt}`;
    }
    if (r < 0.33) return `${id},BIG,1,${dim(10)},${dim(5)},${(25 + rnd() * 5).toFixed(1)},1.5`;
    if (r < 0.36) return `${id},HEAVY,1,${dim(3)},${dim(3)},${dim(3)},${(60 + rnd() * 10).toFixed(2)}`;
    const qty = rnd() < 0.15 ? 2 : 1;
    return `${id},K${Math.floor(rnd() * 500)},${qty},${dim(9)},${dim(7)},${dim(4)},${(rnd() * 4).toFixed(2)}`;
  };
  for (let i = 0; i < shipments; i++) {
    const id = `S${String(i).padStart(7, '0')}`;
    const lines = rnd() < 0.33 ? 2 + Math.floor(rnd() * 2) : 1;
    for (let k = 0; k < lines; k++) rows.push(line(id));
    if (opts.bad && i % 97 === 5) rows.push(`${id},BAD,1,abc,2,3,1`);
    if (opts.reappear && i % 211 === 100) rows.push(line(`S${String(i - 50).padStart(7, '0')}`));
  }
  return rows.join('\n') + '\n';
}

const temp = mkdtempSync(join(tmpdir(), 'packopt-spill-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** A TMPDIR of its own for one run, to see that the spill folder goes away. */
function tmp(): string {
  return mkdtempSync(join(temp, 'tmp-'));
}

async function evaluate(file: string, boxes: string, extra: string[], env: Record<string, string>, out?: string) {
  const t = tmp();
  const r = await runCli(['evaluate', '-s', file, '-b', boxes, '--units', 'imperial', ...extra, ...(out ? ['--out', out, '--quiet'] : ['--json'])], {
    env: { TMPDIR: t, ...env },
  });
  expect(readdirSync(t)).toEqual([]);
  return r;
}

function outFiles(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

describe('evaluate with spilled classes (built CLI)', () => {
  // About 5 MB: large enough for the two-thread read (files of 4 MiB and more).
  const big = scenarioDir({ 's.csv': history(70_000, { bad: true }), 'b.csv': BOXES });
  const small = scenarioDir({ 's.csv': history(3_000, { bad: true, reappear: true }), 'b.csv': BOXES });

  it.each([
    ['sorted history, --skip-invalid', big, ['--skip-invalid']],
    ['reappearing ids, --skip-invalid', small, ['--skip-invalid']],
  ])('gives the same report and --out files as in memory (%s), at 1 and 2 threads', async (_, dir, extra) => {
    const file = join(dir, 's.csv');
    const boxes = join(dir, 'b.csv');
    const base = await evaluate(file, boxes, [...extra, '--threads', '1'], { PACKOPT_SPILL_CLASSES: '0' });
    expect(base.code).toBe(0);
    const report = JSON.parse(base.stdout);
    // The history has what the spilled path must get right.
    expect(report.input.classes).toBeGreaterThan(1000);
    expect(report.input.skipped).toBeGreaterThan(0);
    expect(report.current.metrics.multi_item).toBeGreaterThan(0);
    expect(report.current.unfit_reasons.too_large).toBeGreaterThan(0);
    expect(report.current.unfit_reasons.too_heavy).toBeGreaterThan(0);
    const baseOut = join(temp, `base-${Math.random().toString(36).slice(2)}`);
    expect((await evaluate(file, boxes, [...extra, '--threads', '1'], { PACKOPT_SPILL_CLASSES: '0' }, baseOut)).code).toBe(0);
    const expected = outFiles(baseOut);
    expect(Object.keys(expected)).toEqual(['assignments.csv', 'placements.jsonl', 'report.html', 'report.json', 'suite.csv', 'unfit.csv']);

    for (const threads of ['1', '2']) {
      for (const spill of ['7', '500']) {
        const r = await evaluate(file, boxes, [...extra, '--threads', threads], { PACKOPT_SPILL_CLASSES: spill });
        expect(r.code).toBe(0);
        expect(r.stdout).toBe(base.stdout);
      }
      const out = join(temp, `spill-${threads}-${Math.random().toString(36).slice(2)}`);
      // One thread: a shape cache of one (PACKOPT_SHAPE_CACHE, testing only), so that shapes are
      // refitted from later shipments, their dims turned or lines in another order.
      const cache = threads === '1' ? { PACKOPT_SHAPE_CACHE: '1' } : {};
      expect((await evaluate(file, boxes, [...extra, '--threads', threads], { PACKOPT_SPILL_CLASSES: '300', ...cache }, out)).code).toBe(0);
      expect(outFiles(out)).toEqual(expected);
    }
  }, 600_000);

  it('removes its spill folder after a bad input, whose problems keep their file:line: column: reason', async () => {
    const dir = scenarioDir({ 's.csv': history(3_000, { bad: true }), 'b.csv': BOXES });
    const file = join(dir, 's.csv');
    for (const threads of ['1', '2']) {
      const r = await evaluate(file, join(dir, 'b.csv'), ['--threads', threads], { PACKOPT_SPILL_CLASSES: '7' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}:`);
      expect(r.stderr).toMatch(/s\.csv:\d+: length: /);
    }
  }, 120_000);
});
