import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate } from '../../src/api/evaluate.js';
import { resolveParams, paramsSchema } from '../../src/core/params.js';
import { idLess, readShipments } from '../../src/io/read-shipments.js';
import { InputError } from '../../src/errors.js';
import { scenarioDir } from '../helpers/cli.js';

const params = resolveParams(paramsSchema.parse({}), 'imperial');
const BOXES = 'box_id,length,width,height\nS,6,4,4\nL,40,40,40\n';

// An item line: small integer dims and weight, so that equal shapes are easy to build.
const line = fc.record({
  l: fc.integer({ min: 1, max: 4 }),
  w: fc.integer({ min: 1, max: 4 }),
  h: fc.integer({ min: 1, max: 4 }),
  qty: fc.integer({ min: 1, max: 3 }),
  weight: fc.integer({ min: 0, max: 2 }),
});
// Multi-line shipments before the single-line ones, after them, or mixed among them.
const history = fc
  .tuple(
    fc.array(fc.array(line, { minLength: 2, maxLength: 3 }), { maxLength: 300, size: 'max' }),
    fc.array(fc.array(line, { minLength: 1, maxLength: 1 }), { maxLength: 100 }),
    fc.constantFrom('multi-first', 'single-first', 'mixed'),
    fc.array(fc.boolean(), { minLength: 400, maxLength: 400 }),
  )
  .filter(([m, s]) => m.length + s.length > 0)
  .map(([multi, single, order, coin]) => {
    if (order === 'multi-first') return [...multi, ...single];
    if (order === 'single-first') return [...single, ...multi];
    const out: (typeof multi)[number][] = [];
    let i = 0;
    let j = 0;
    for (const c of coin) {
      if (c && i < multi.length) out.push(multi[i++]!);
      else if (j < single.length) out.push(single[j++]!);
    }
    return [...out, ...multi.slice(i), ...single.slice(j)];
  });

type Line = { l: number; w: number; h: number; qty: number; weight: number };

/** The reference: a shape is its lines' sorted dims, qty and weight, in any line order. */
function referenceClasses(shipments: Line[][]): Map<string, { count: number; weight: number; volume: number }> {
  const ref = new Map<string, { count: number; weight: number; volume: number }>();
  for (const s of shipments) {
    const key = s
      .map((ln) => [...[ln.l, ln.w, ln.h].sort((a, b) => a - b), ln.qty, ln.weight].join(','))
      .sort()
      .join('|');
    const weight = s.reduce((t, ln) => t + ln.qty * ln.weight, 0);
    const volume = s.reduce((t, ln) => t + ln.qty * ln.l * ln.w * ln.h, 0);
    const r = ref.get(key);
    if (r) r.count++;
    else ref.set(key, { count: 1, weight, volume });
  }
  return ref;
}

describe('shipment aggregation (properties)', () => {
  it('counts and weighs every shape like a plain reference aggregation, whatever the order of multi- and single-line shipments', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (shipments) => {
        const rows = shipments.flatMap((s, i) => s.map((ln) => `X${i},${ln.l},${ln.w},${ln.h},${ln.qty},${ln.weight}`));
        const dir = scenarioDir({ 's.csv': ['shipment_id,length,width,height,quantity,weight', ...rows].join('\n'), 'b.csv': BOXES });
        const run = await evaluate({ shipmentsFile: join(dir, 's.csv'), boxesFile: join(dir, 'b.csv'), objective: 'volume', params, skipInvalid: false });
        const ref = referenceClasses(shipments);
        expect(run.input.classes).toHaveLength(ref.size);
        expect(run.input.shipments).toBe(shipments.length);
        const got = run.input.classes.map((c) => ({ count: c.count, weight: c.weight, volume: c.itemVolume })).sort((a, b) => a.count - b.count || a.weight - b.weight || a.volume - b.volume);
        const want = [...ref.values()].sort((a, b) => a.count - b.count || a.weight - b.weight || a.volume - b.volume);
        expect(got).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });

  it('survives many multi-line shapes before the first single-line one', async () => {
    const multi = Array.from({ length: 200 }, (_, i) => [`M${i},1,1,${i + 1}`, `M${i},2,2,2`]).flat();
    const single = Array.from({ length: 20 }, (_, i) => `S${i},3,3,${i + 1}`);
    const dir = scenarioDir({ 's.csv': ['shipment_id,length,width,height', ...multi, ...single].join('\n'), 'b.csv': BOXES });
    const run = await evaluate({ shipmentsFile: join(dir, 's.csv'), boxesFile: join(dir, 'b.csv'), objective: 'volume', params, skipInvalid: false });
    expect(run.input.classes).toHaveLength(220);
  });
});

describe('reappearing shipment ids (properties)', () => {
  // Numeric, zero-padded and alphanumeric ids mixed: the mixes that once slipped through (3, 20, 20x, 3).
  const id = fc.constantFrom('3', '20', '20x', '007', '7', '10', '9', 'a', 'B', 'b1', 'x-2', '3 ');
  const sequence = fc.array(fc.tuple(id, fc.integer({ min: 1, max: 2 })), { minLength: 1, maxLength: 30 });

  it('orders ids strictly and totally, so that a running maximum means something', () => {
    fc.assert(
      fc.property(id, id, id, (a, b, c) => {
        expect(idLess(a, a)).toBe(false);
        if (a !== b) expect(idLess(a, b)).not.toBe(idLess(b, a));
        if (idLess(a, b) && idLess(b, c)) expect(idLess(a, c)).toBe(true);
      }),
    );
  });

  it('reports an id that reappears after a different id, sorted or not, and never a contiguous one', async () => {
    await fc.assert(
      fc.asyncProperty(sequence, async (groups) => {
        const rows = groups.flatMap(([g, n]) => Array.from({ length: n }, () => `"${g}",1,1,1`));
        const dir = scenarioDir({ 's.csv': ['shipment_id,length,width,height', ...rows].join('\n') });
        // Runs of one id are one shipment; an id in two runs reappears.
        const runs = groups.map(([g]) => g.trim()).filter((g, i, all) => i === 0 || all[i - 1] !== g);
        const expected = new Set(runs.filter((g, i) => runs.indexOf(g) !== i));
        const result = await readShipments(join(dir, 's.csv'), { units: 'imperial', skipInvalid: false }).catch((e: unknown) => e);
        if (expected.size === 0) {
          expect(result).not.toBeInstanceOf(Error);
        } else {
          expect(result).toBeInstanceOf(InputError);
          for (const g of expected) expect((result as InputError).message).toContain(`shipment "${g}" reappears`);
        }
      }),
      { numRuns: 150 },
    );
  });
});
