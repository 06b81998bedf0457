import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildInstance, entryMins, forEachServed, type ClassTable } from '../../src/core/search/instance.js';
import { hullOf, servedBy } from '../../src/core/search/reduce.js';

/** Classes of 1-4 entries on a 1-unit grid, some with a shipment weight. */
const tableArb: fc.Arbitrary<ClassTable> = fc
  .array(
    fc.record({
      entries: fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })), { minLength: 1, maxLength: 4 }),
      shipWeight: fc.integer({ min: 0, max: 30 }),
    }),
    { minLength: 1, maxLength: 30 },
  )
  .map((classes) => {
    const entryStart = new Int32Array(classes.length + 1);
    const flat: number[] = [];
    classes.forEach((c, j) => {
      for (const e of c.entries) flat.push(...e);
      entryStart[j + 1] = flat.length / 3;
    });
    return {
      n: classes.length,
      weight: Float64Array.from(classes, () => 1),
      shipWeight: Float64Array.from(classes, (c) => c.shipWeight),
      entryStart,
      entries: Float64Array.from(flat),
    };
  });
const boxArb = fc.tuple(fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 14 }));

/** A class fits a box when one of its entries lies within it (the plain definition). */
const fitsPlain = (t: ClassTable, j: number, [a, b, c]: readonly number[]) => {
  for (let e = t.entryStart[j]!; e < t.entryStart[j + 1]!; e++) {
    if (t.entries[3 * e]! <= a! && t.entries[3 * e + 1]! <= b! && t.entries[3 * e + 2]! <= c!) return true;
  }
  return false;
};

describe('level reduction properties', () => {
  it('gives a box within a corner the same hull from the classes the corner serves as from all classes', () => {
    fc.assert(
      fc.property(tableArb, boxArb, boxArb, fc.constantFrom(Number.NaN, 10, 20), (t, box, grow, maxWeight) => {
        const corner = box.map((v, x) => v + (grow[x]! % 3)) as [number, number, number];
        const among = servedBy(t, corner[0], corner[1], corner[2], maxWeight, entryMins(t));
        expect(hullOf(t, box[0], box[1], box[2], maxWeight, entryMins(t), among)).toEqual(hullOf(t, box[0], box[1], box[2], maxWeight));
        // servedBy is exactly the classes with an entry within the corner (and within the weight limit).
        const plain = Array.from({ length: t.n }, (_, j) => j).filter(
          (j) => (Number.isNaN(maxWeight) || t.shipWeight[j]! <= maxWeight) && fitsPlain(t, j, corner),
        );
        expect(Array.from(among)).toEqual(plain);
        // The hull itself: the componentwise max of each served class's first entry within the box.
        let hull: number[] | null = null;
        for (let j = 0; j < t.n; j++) {
          if (!Number.isNaN(maxWeight) && t.shipWeight[j]! > maxWeight) continue;
          for (let e = t.entryStart[j]!; e < t.entryStart[j + 1]!; e++) {
            const p = [t.entries[3 * e]!, t.entries[3 * e + 1]!, t.entries[3 * e + 2]!];
            if (p.every((v, x) => v <= box[x]!)) {
              hull = hull ? hull.map((v, x) => Math.max(v, p[x]!)) : p;
              break;
            }
          }
        }
        expect(hullOf(t, box[0], box[1], box[2], maxWeight)).toEqual(hull);
      }),
      { numRuns: 300 },
    );
  });

  it('builds fit lists of exactly the classes with an entry within each candidate', () => {
    fc.assert(
      fc.property(tableArb, fc.array(boxArb, { minLength: 1, maxLength: 12 }), (t, boxes) => {
        const cands = { dims: Float64Array.from(boxes.flat()), maxWeight: new Float64Array(boxes.length).fill(Number.NaN), locked: new Uint8Array(boxes.length) };
        const { instance, order } = buildInstance(t, cands, 3, (a, b, c) => a * b * c);
        for (let r = 0; r < instance.nCandidates; r++) {
          const served: number[] = [];
          forEachServed(instance, r, (j) => served.push(j));
          const box = boxes[order[r]!]!;
          expect(served).toEqual(Array.from({ length: t.n }, (_, j) => j).filter((j) => fitsPlain(t, j, box)));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('serves and fits the same pairs whether the serve relation is a bitmap or lists, past one word of classes', () => {
    const wideArb = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 100 })
      .map((rows): ClassTable => ({
        n: rows.length,
        weight: Float64Array.from(rows, () => 1),
        shipWeight: Float64Array.from(rows, (r) => r[3]),
        entryStart: Int32Array.from({ length: rows.length + 1 }, (_, j) => j),
        entries: Float64Array.from(rows.flatMap((r) => [r[0], r[1], r[2]])),
      }));
    const limitArb = fc.option(fc.integer({ min: 0, max: 30 }), { nil: Number.NaN });
    fc.assert(
      fc.property(wideArb, fc.array(fc.tuple(boxArb, limitArb), { minLength: 1, maxLength: 20 }), (t, boxes) => {
        const cands = {
          dims: Float64Array.from(boxes.flatMap(([d]) => [...d].sort((x, y) => x - y))),
          maxWeight: Float64Array.from(boxes, ([, w]) => w),
          locked: new Uint8Array(boxes.length),
        };
        const volume = (a: number, b: number, c: number) => a * b * c;
        const built = buildInstance(t, cands, 3, volume);
        const bits = built.instance;
        // A pair cost equal to the box's cost keeps every pair and the order: lists instead of a bitmap.
        const lists = buildInstance(t, cands, 3, volume, (_j, i) => volume(cands.dims[3 * i]!, cands.dims[3 * i + 1]!, cands.dims[3 * i + 2]!)).instance;
        expect(bits.serveBits).not.toBeNull();
        expect(lists.serveBits).toBeNull();
        expect(Array.from(bits.fitStart)).toEqual(Array.from(lists.fitStart));
        expect(Array.from(bits.fitCand)).toEqual(Array.from(lists.fitCand));
        for (let r = 0; r < bits.nCandidates; r++) {
          const a: number[] = [];
          const b: number[] = [];
          forEachServed(bits, r, (j) => a.push(j));
          forEachServed(lists, r, (j) => b.push(j));
          expect(a).toEqual(b);
          const i = built.order[r]!;
          const box = [cands.dims[3 * i]!, cands.dims[3 * i + 1]!, cands.dims[3 * i + 2]!];
          const limit = cands.maxWeight[i]!;
          const plain = Array.from({ length: t.n }, (_, j) => j).filter((j) => fitsPlain(t, j, box) && (Number.isNaN(limit) || t.shipWeight[j]! <= limit));
          expect(a).toEqual(plain);
        }
        // Fit lists: the candidates serving each class, ascending.
        for (let j = 0; j < t.n; j++) {
          const expected: number[] = [];
          for (let r = 0; r < bits.nCandidates; r++) forEachServed(bits, r, (q) => q === j && expected.push(r));
          expect(Array.from(bits.fitCand.subarray(bits.fitStart[j]!, bits.fitStart[j + 1]!))).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('reduceClasses on a grid', () => {
  // The reduction as first written: an array per entry and a string key per class.
  const reference = (
    demand: { weight: number; shipWeight: number; itemVolume: number; frontier: number[][] }[],
    orientation: 'free' | 'upright',
    step: number,
    maxBox: [number, number, number],
    minSide: number,
    limits: number[],
    byWeight: boolean,
  ) => {
    const byKey = new Map<string, number>();
    const out: { weight: number; shipWeight: number; itemVolume: number; entries: number[][] }[] = [];
    const classOf: number[] = [];
    const up = (x: number) => Math.ceil(x / step - 1e-9) * step;
    for (const c of demand) {
      let entries: number[][] = [];
      for (const p of c.frontier) {
        let e = orientation === 'free' ? [...p].sort((x, y) => x - y) : p[0]! <= p[1]! ? [...p] : [p[1]!, p[0]!, p[2]!];
        e = e.map((v) => Math.max(up(v), up(minSide)));
        if (orientation === 'free') e.sort((x, y) => x - y);
        if (e.some((v, x) => v > maxBox[x]! + 1e-9)) continue;
        entries.push(e);
      }
      if (entries.length === 0) {
        classOf.push(-1);
        continue;
      }
      entries = entries.filter((e, q) => !entries.some((f, r) => r !== q && f.every((v, x) => v <= e[x]! + 1e-9) && (f.some((v, x) => v < e[x]! - 1e-9) || r < q)));
      entries.sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]! || p[2]! - q[2]!);
      let key = entries.map((e) => e.map((v) => Math.round(v / step)).join(',')).join(';');
      if (byWeight) key += `|${c.shipWeight}`;
      else if (limits.length > 0) key += `|${limits.filter((w) => c.shipWeight > w * (1 + 1e-9)).length}`;
      let idx = byKey.get(key);
      if (idx === undefined) {
        idx = out.length;
        byKey.set(key, idx);
        out.push({ weight: 0, shipWeight: c.shipWeight, itemVolume: 0, entries });
      }
      const o = out[idx]!;
      o.itemVolume = (o.itemVolume * o.weight + c.itemVolume * c.weight) / (o.weight + c.weight);
      o.weight += c.weight;
      o.shipWeight = Math.max(o.shipWeight, c.shipWeight);
      classOf.push(idx);
    }
    return { out, classOf };
  };

  it('merges, orders and rounds the classes as the plain reduction does', async () => {
    const { reduceClasses } = await import('../../src/core/search/reduce.js');
    const dim = fc.integer({ min: 1, max: 40 }).map((v) => v / 4);
    const demandArb = fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: 5 }),
        shipWeight: fc.constantFrom(0, 1, 2.5, 7, 12),
        itemVolume: fc.integer({ min: 1, max: 50 }),
        frontier: fc.array(fc.tuple(dim, dim, dim).map((t) => [...t]), { minLength: 1, maxLength: 5 }),
      }),
      { minLength: 1, maxLength: 60 },
    );
    fc.assert(
      fc.property(
        demandArb,
        fc.constantFrom<'free' | 'upright'>('free', 'upright'),
        fc.constantFrom(0.5, 1, 2),
        fc.constantFrom(0, 1, 2),
        fc.constantFrom<number[]>([], [5], [2, 8]),
        fc.boolean(),
        fc.constantFrom<[number, number, number]>([10, 10, 10], [6, 8, 9], [4, 10, 6]),
        (demand, orientation, step, minSide, limits, byWeight, maxBox) => {
          const got = reduceClasses(demand, orientation, step, maxBox, minSide, limits, byWeight);
          const want = reference(demand, orientation, step, maxBox, minSide, limits, byWeight);
          expect(Array.from(got.classOf)).toEqual(want.classOf);
          const t = got.table;
          expect(t.n).toBe(want.out.length);
          want.out.forEach((o, j) => {
            expect(t.weight[j]).toBe(o.weight);
            expect(t.shipWeight[j]).toBe(o.shipWeight);
            expect(t.itemVolume![j]).toBe(o.itemVolume);
            const entries: number[][] = [];
            for (let e = t.entryStart[j]!; e < t.entryStart[j + 1]!; e++) entries.push([t.entries[3 * e]!, t.entries[3 * e + 1]!, t.entries[3 * e + 2]!]);
            expect(entries).toEqual(o.entries);
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});
