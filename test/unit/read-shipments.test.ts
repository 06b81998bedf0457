import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShipments } from '../../src/io/read-shipments.js';
import { readBoxes } from '../../src/io/read-boxes.js';
import { InputError } from '../../src/errors.js';
import { scenarioDir } from '../helpers/cli.js';

const read = (text: string, units: 'imperial' | 'metric' = 'imperial', skipInvalid = false) => {
  const dir = scenarioDir({ 's.csv': text });
  return readShipments(join(dir, 's.csv'), { units, skipInvalid });
};

describe('reading shipments', () => {
  it('groups contiguous item lines into shipments and aggregates identical shapes', async () => {
    const r = await read('shipment_id,length,width,height\nA,1,2,3\nB,3,2,1\nC,1,2,3\nC,4,4,4\nD,4,4,4\nD,2,3,1\n');
    expect(r.rows).toBe(6);
    expect(r.shipments).toBe(4);
    // A and B are the same item turned; C and D the same two lines in another order.
    expect(r.classes.map((c) => c.count)).toEqual([2, 2]);
    expect(r.classes[1]!.units).toBe(2);
    expect(r.classes[1]!.itemVolume).toBe(6 + 64);
  });

  it('converts unit-suffixed columns into the report units', async () => {
    const r = await read('order_id,length_mm,width_cm,height_in,weight_oz,qty\nA,254,2.54,1,16,2\n');
    const ln = r.classes[0]!.lines[0]!;
    expect(ln.l).toBeCloseTo(10, 12);
    expect(ln.w).toBeCloseTo(1, 12);
    expect(ln.h).toBe(1);
    expect(ln.unitWeight).toBeCloseTo(1, 12);
    expect(r.classes[0]!.weight).toBeCloseTo(2, 12);
  });

  it('reads bare columns in the --units system', async () => {
    const r = await read('shipment_id,length,width,height,weight\nA,10,20,30,2\n', 'metric');
    const ln = r.classes[0]!.lines[0]!;
    expect([ln.l, ln.w, ln.h, ln.unitWeight]).toEqual([10, 20, 30, 2]);
  });

  it('accepts a BOM, upper-case headers, quoted fields and blank lines', async () => {
    const r = await read('\uFEFFShipment_ID , Length,WIDTH,height,sku\n"A 1",1,2,3,"a, b"\n\n"B ""2""",1,1,1,x\n');
    expect(r.shipments).toBe(2);
    expect(r.classes[0]!.exampleId).toBe('A 1');
    expect(r.classes[0]!.lines[0]!.sku).toBe('a, b');
    expect(r.classes[1]!.exampleId).toBe('B "2"');
  });

  it('counts lines through quoted newlines and blank lines when it names a bad row', async () => {
    const err = await read('shipment_id,length,width,height,sku\nA,1,2,3,"two\nlines"\n\nB,x,1,1,b\n').catch((e: unknown) => e);
    expect((err as InputError).message).toMatch(/s\.csv:5: length: "x" is not a number$/);
  });

  it('weights pre-aggregated rows by count', async () => {
    const r = await read('shipment_id,length,width,height,count\nA,1,2,3,500\nB,1,2,3,\nC,2,2,2,7\n');
    expect(r.rows).toBe(3);
    expect(r.shipments).toBe(508);
    expect(r.classes.map((c) => c.count)).toEqual([501, 7]);
  });

  it('refuses count on a multi-row shipment', async () => {
    const err = await read('shipment_id,length,width,height,count\nA,1,2,3,5\nA,1,1,1,5\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain('s.csv:3: count: count is only allowed on single-row shipments');
  });

  it('accepts numeric ids out of lexical order (9 before 10)', async () => {
    const r = await read('shipment_id,length,width,height\n8,1,1,1\n9,1,1,1\n10,1,1,1\n11,1,1,1\n');
    expect(r.shipments).toBe(4);
  });

  it('accepts grouped but unsorted ids, and finds the one that reappears', async () => {
    const ok = await read('shipment_id,length,width,height\nZ,1,1,1\nA,1,1,1\nM,1,1,1\nM,2,2,2\n');
    expect(ok.shipments).toBe(3);
    const err = await read('shipment_id,length,width,height\nZ,1,1,1\nA,1,1,1\nM,1,1,1\nZ,2,2,2\n').catch((e: unknown) => e);
    expect((err as InputError).message).toContain('s.csv:5: shipment_id: shipment "Z" reappears here after other shipments (its rows start at line 2)');
  });

  it('keeps the earliest date of a shipment and the range of the file', async () => {
    const r = await read('shipment_id,length,width,height,date\nA,1,1,1,2025-03-02\nB,1,1,1,2025-01-31T10:00:00Z\n');
    expect(r.dates).toEqual({ first: '2025-01-31', last: '2025-03-02' });
    const err = await read('shipment_id,length,width,height,date\nA,1,1,1,2025-02-30\n').catch((e: unknown) => e);
    expect((err as InputError).message).toContain('s.csv:2: date: "2025-02-30" is not a calendar date');
  });

  it('reads upright and compress flags', async () => {
    const r = await read('shipment_id,length,width,height,upright,compress\nA,3,3,9,true,0\nB,12,10,4,false,0.5\n');
    expect(r.classes[0]!.lines[0]).toMatchObject({ upright: true, compress: 0 });
    expect(r.classes[1]!.lines[0]).toMatchObject({ upright: false, compress: 0.5 });
    const err = await read('shipment_id,length,width,height,compress\nA,1,1,1,0.95\n').catch((e: unknown) => e);
    expect((err as InputError).message).toContain('s.csv:2: compress: must be ≤ 0.9, got 0.95');
  });
});

describe('reading boxes', () => {
  it('reads inner dims, max_weight with its unit and locked', async () => {
    const dir = scenarioDir({ 'b.csv': 'box_id,length_cm,width_cm,height_cm,max_weight_kg,locked,outer_length_cm\nP,25.4,2.54,5.08,0.45359237,yes,30\n' });
    const { boxes } = await readBoxes(join(dir, 'b.csv'), { units: 'imperial', skipInvalid: false });
    expect(boxes[0]!.length).toBeCloseTo(10, 12);
    expect(boxes[0]!.height).toBeCloseTo(2, 12);
    expect(boxes[0]!.maxWeight).toBeCloseTo(1, 12);
    expect(boxes[0]!.locked).toBe(true);
  });
});
