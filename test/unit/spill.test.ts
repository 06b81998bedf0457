import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ShipmentClass } from '../../src/core/shipments.js';
import { readShipments } from '../../src/io/read-shipments.js';
import { loadPartition, type SpilledClasses } from '../../src/io/spill.js';
import { readShipmentsInWorkers } from '../../src/parallel/parse-shipments.js';

const SAMPLE = 'fixtures/sample/shipments.csv';
const options = { units: 'imperial' as const, skipInvalid: false };
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const view = (c: ShipmentClass) => ({
  lines: c.lines.map((ln) => ({ l: ln.l, w: ln.w, h: ln.h, qty: ln.qty, unitWeight: ln.unitWeight, upright: ln.upright, compress: ln.compress, sku: ln.sku })),
  units: c.units,
  count: c.count,
  itemVolume: c.itemVolume,
  weight: c.weight,
  exampleId: c.exampleId,
});

/** Every partition's classes, put back in first-seen order. */
function unspill(s: SpilledClasses) {
  const all: { order: number; c: ReturnType<typeof view> }[] = [];
  for (let p = 0; p < s.partitions; p++) {
    const { table, order } = loadPartition(s, p);
    table.classes.forEach((c, ci) => all.push({ order: order[ci]!, c: view(c) }));
  }
  return all.sort((a, b) => a.order - b.order).map((e) => e.c);
}

describe('spilled classes', () => {
  it.each([1, 2])('hold exactly the classes of a read in memory, in the same order (%i threads)', async (threads) => {
    const memory = await readShipments(SAMPLE, options);
    expect(memory.spilled).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'packopt-spill-unit-'));
    dirs.push(dir);
    const spill = { dir, threshold: 50, partitions: 8, prefix: 's', orderBase: 0 };
    const read = threads === 1 ? await readShipments(SAMPLE, { ...options, spill }) : await readShipmentsInWorkers(SAMPLE, { ...options, spill }, threads, 0);
    expect(read.spilled).toBeDefined();
    // A two-thread read spills each chunk to files of its own.
    expect(read.spilled!.prefixes).toEqual(threads === 1 ? ['s'] : ['sc0', 'sc1']);
    expect(read.classes).toHaveLength(0);
    expect(read.shipments).toBe(memory.shipments);
    expect(unspill(read.spilled!)).toEqual(memory.classes.map(view));
  });

  it('reads in memory below the threshold, and leaves no files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'packopt-spill-unit-'));
    dirs.push(dir);
    const read = await readShipments(SAMPLE, { ...options, spill: { dir, threshold: 1 << 20, partitions: 8, prefix: 's', orderBase: 0 } });
    expect(read.spilled).toBeUndefined();
    expect(read.classes.length).toBeGreaterThan(1000);
    expect(readdirSync(dir)).toEqual([]);
  });
});
