import { resolve } from 'node:path';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { describe, expect, it } from 'vitest';
import { gridValues } from '../../src/core/demand.js';
import { computeFitFrontier, type FrontierGrid, type PackUnitSpec } from '../../src/core/packer/index.js';
import { InternalError } from '../../src/errors.js';
import { computeFrontiersInPool } from '../../src/parallel/frontiers.js';

const OPTS = { orderings: 3, exactUnits: 4, exactNodes: 2000, clearance: 0 };
const GRID: FrontierGrid = { values: [gridValues(1, 20), gridValues(1, 24), gridValues(1, 30)], orientation: 'free', maxPoints: 64 };

function orders(count: number): PackUnitSpec[][] {
  const gen = xoroshiro128plus(42);
  const int = (lo: number, hi: number) => unsafeUniformIntDistribution(lo, hi, gen);
  return Array.from({ length: count }, () =>
    Array.from({ length: int(1, 3) }, () => ({ l: int(2, 10), w: int(1, 8), h: int(1, 6), qty: int(1, 3), upright: false, compress: 0 })),
  );
}

describe('computeFrontiersInPool', () => {
  it('gives every shipment the frontier computeFitFrontier gives in-thread, in input order, at 1 and 2 threads', async () => {
    const list = orders(40);
    const expected = list.map((specs) => computeFitFrontier(specs, GRID, OPTS));
    for (const threads of [1, 2]) {
      const got = await computeFrontiersInPool(list, GRID, OPTS, threads, { batchSize: 3 });
      expect(got).toEqual(expected);
    }
  });

  it('returns an empty list for no shipments without starting threads', async () => {
    expect(await computeFrontiersInPool([], GRID, OPTS, 2)).toEqual([]);
  });

  it('ends with an InternalError when a worker throws', async () => {
    const run = computeFrontiersInPool(orders(10), GRID, OPTS, 2, { workerFile: resolve(import.meta.dirname, 'fixtures/parallel/throwing-worker.ts') });
    await expect(run).rejects.toThrow(InternalError);
  });
});
