import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeShipmentChunks, planShipmentChunks, readShipments, readShipmentsChunk, type ShipmentsInput } from '../../src/io/read-shipments.js';
import { readShipmentsInWorkers } from '../../src/parallel/parse-shipments.js';
import { InputError } from '../../src/errors.js';
import { scenarioDir } from '../helpers/cli.js';

const options = (skipInvalid = false) => ({ units: 'imperial' as const, skipInvalid });

/** A sorted export: shipments of 1 to 3 lines, shapes repeating, ids growing. */
function history(shipments: number): string {
  let text = 'shipment_id,sku,length,width,height,weight,quantity\n';
  for (let i = 0; i < shipments; i++) {
    const lines = 1 + (i % 3 === 0 ? 2 : i % 5 === 0 ? 1 : 0);
    for (let j = 0; j < lines; j++) text += `${1000 + i},K${(i * 7 + j) % 13},${1 + ((i + j) % 9)},${2 + (i % 4)},${1 + (j % 2)},${(i % 6) / 10},${1 + (j % 2)}\n`;
  }
  return text;
}

const view = (r: ShipmentsInput) => ({
  rows: r.rows,
  shipments: r.shipments,
  skipped: r.skipped,
  dates: r.dates,
  classes: r.classes.map((c) => ({ lines: c.lines, units: c.units, count: c.count, itemVolume: c.itemVolume, weight: c.weight, exampleId: c.exampleId })),
});

async function both(text: string, threads: number, skipInvalid = false): Promise<[unknown, unknown]> {
  const file = join(scenarioDir({ 's.csv': text }), 's.csv');
  const settle = (p: Promise<ShipmentsInput>) => p.then(view, (e: unknown) => (e instanceof InputError ? { error: e.message } : Promise.reject(e)));
  return [await settle(readShipments(file, options(skipInvalid))), await settle(readShipmentsInWorkers(file, options(skipInvalid), threads, 0))];
}

describe('reading a shipments file in parallel chunks', () => {
  it('cuts only where a shipment starts', async () => {
    const text = history(400);
    const file = join(scenarioDir({ 's.csv': text }), 's.csv');
    const plan = (await planShipmentChunks(file, options(), 3, 0))!;
    expect(plan.ranges).toHaveLength(3);
    for (const r of plan.ranges.slice(1)) {
      const before = text.slice(0, r.start).trimEnd().split('\n').pop()!.split(',')[0];
      const after = text.slice(r.start).split(',')[0];
      expect(after).not.toBe(before);
    }
  });

  it('gives the same classes, in the same order, with the same example ids, at 1, 2 and 3 threads', async () => {
    const text = history(600);
    for (const threads of [2, 3]) {
      const [serial, parallel] = await both(text, threads);
      expect(parallel).toEqual(serial);
    }
  });

  it('merges chunks read on their own into what one pass reads', async () => {
    const file = join(scenarioDir({ 's.csv': history(800) }), 's.csv');
    const plan = (await planShipmentChunks(file, options(), 4, 0))!;
    const chunks = await Promise.all(plan.ranges.map((r) => readShipmentsChunk(file, options(), r)));
    const merged = mergeShipmentChunks(file, chunks, plan.headerLines, false);
    expect(merged).not.toBeNull();
    expect(view(merged!)).toEqual(view(await readShipments(file, options())));
  });

  it('names bad rows by their line in the whole file', async () => {
    const lines = history(500).split('\n');
    lines[321] = lines[321]!.replace(/,\d+,/, ',-3,');
    lines[777] = lines[777]!.replace(/,[\d.]+,(\d+)$/, ',x,$1');
    const [serial, parallel] = await both(lines.join('\n'), 3);
    expect((serial as { error: string }).error).toMatch(/s\.csv:322:/);
    expect(parallel).toEqual(serial);
    const [skipSerial, skipParallel] = await both(lines.join('\n'), 3, true);
    expect(skipParallel).toEqual(skipSerial);
  });

  it('falls back to one pass for ids out of order, and reports them the same way', async () => {
    const lines = history(500).split('\n');
    lines.splice(700, 0, lines[1]!);
    const [serial, parallel] = await both(lines.join('\n'), 2);
    expect((serial as { error: string }).error).toMatch(/reappears/);
    expect(parallel).toEqual(serial);
  });

  it('reads quoted cells, line breaks inside them included, as one pass does', async () => {
    const lines = history(300).split('\n');
    lines[400] = lines[400]!.replace(/,K\d+,/, ',"K, a\nlong one",');
    const [serial, parallel] = await both(lines.join('\n'), 2);
    expect(parallel).toEqual(serial);
  });
});
