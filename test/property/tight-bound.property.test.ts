import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeBlankArea } from '../../src/core/geometry.js';
import { reduceClasses, tightValues } from '../../src/core/search/reduce.js';
import { computeTightBound } from '../../src/core/search/tight-bound.js';
import type { DemandClass, Orientation } from '../../src/core/search/index.js';

type Box = [number, number, number];
const SIDE = 5;

/** Every box of the 1-unit grid up to SIDE (free: a ≤ b ≤ c; upright: a ≤ b, any height). */
function gridBoxes(orientation: Orientation): Box[] {
  const out: Box[] = [];
  for (let a = 1; a <= SIDE; a++)
    for (let b = a; b <= SIDE; b++) for (let c = orientation === 'upright' ? 1 : b; c <= SIDE; c++) out.push([a, b, c]);
  return out;
}

const fits = (cls: DemandClass, b: Box): boolean => cls.frontier.some((e) => e[0]! <= b[0] + 1e-9 && e[1]! <= b[1] + 1e-9 && e[2]! <= b[2] + 1e-9);

/** The best K-suite of grid boxes holding the locked ones, by enumeration (Infinity: some class unserved). */
function optimum(classes: DemandClass[], universe: Box[], k: number, locked: Box[], costOf: (b: Box) => number): number {
  let best = Infinity;
  const pick: Box[] = [...locked];
  const rec = (from: number): void => {
    if (pick.length === k || from === universe.length) {
      let total = 0;
      for (const cls of classes) {
        let c = Infinity;
        for (const b of pick) if (fits(cls, b)) c = Math.min(c, costOf(b));
        total += cls.weight * c;
      }
      best = Math.min(best, total);
      if (pick.length === k) return;
    }
    for (let i = from; i < universe.length; i++) {
      pick.push(universe[i]!);
      rec(i + 1);
      pick.pop();
    }
  };
  rec(0);
  return best;
}

const side = fc.integer({ min: 3, max: 10 * SIDE }).map((v) => v / 10);
const instance = fc.record({
  orientation: fc.constantFrom<Orientation>('free', 'upright'),
  objective: fc.constantFrom('volume' as const, 'corrugate' as const),
  // One entry: a single item; several: a multi-item shipment's fit frontier.
  classes: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 30 }), entries: fc.array(fc.tuple(side, side, side), { minLength: 1, maxLength: 3 }) }), {
    minLength: 2,
    maxLength: 7,
  }),
  k: fc.integer({ min: 1, max: 3 }),
  locked: fc.option(fc.tuple(fc.integer({ min: 1, max: SIDE }), fc.integer({ min: 1, max: SIDE }), fc.integer({ min: 1, max: SIDE })), { nil: null }),
  capScale: fc.constantFrom(Infinity, 0.5, 1, 2),
  runLimit: fc.constantFrom(1, 3, 10, 1_000_000),
  iterations: fc.constantFrom(5, 60, 300),
  init: fc.boolean(),
  // Per class step scales (none: each class's cheapest box), spread over four orders of magnitude.
  stepScale: fc.option(fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 7, maxLength: 7 }), { nil: null }),
});

describe('Lagrangian bound over the tight boxes of a grid, without stored pairs', () => {
  it('never exceeds the best K-suite of grid boxes: single- and multi-item classes, caps, run budgets, locked boxes, step scales', () => {
    fc.assert(
      fc.property(instance, (x) => {
        const canon = (d: number[]): Box => (x.orientation === 'free' ? ([...d].sort((p, q) => p - q) as Box) : ([...[d[0]!, d[1]!].sort((p, q) => p - q), d[2]!] as Box));
        const classes: DemandClass[] = x.classes.map((c) => ({ weight: c.weight, shipWeight: 0, frontier: c.entries.map(canon) }));
        const costOfBox = (b: Box): number => (x.objective === 'volume' ? b[0] * b[1] * b[2] : computeBlankArea(b[0], b[1], b[2], 1.5));
        const costOf = (a: number, b: number, c: number): number => costOfBox([a, b, c]);
        const locked: Box[] = x.locked ? [canon(x.locked)] : [];
        const k = x.k + locked.length;
        const opt = optimum(classes, gridBoxes(x.orientation), k, locked, costOfBox);
        const lc = reduceClasses(classes, x.orientation, 1, [SIDE, SIDE, SIDE], 1);
        const t = lc.table;
        // Caps around each class's cheapest grid box (any cap is valid).
        const cap = new Float64Array(t.n);
        for (let j = 0; j < t.n; j++) {
          let cheapest = Infinity;
          for (const b of gridBoxes(x.orientation)) {
            for (let e = t.entryStart[j]!; e < t.entryStart[j + 1]!; e++) {
              if (t.entries[3 * e]! <= b[0] + 1e-9 && t.entries[3 * e + 1]! <= b[1] + 1e-9 && t.entries[3 * e + 2]! <= b[2] + 1e-9) cheapest = Math.min(cheapest, costOfBox(b));
            }
          }
          cap[j] = t.weight[j]! * cheapest * (1 + x.capScale);
        }
        const init = x.init ? Float64Array.from(cap, (c) => (Number.isFinite(c) ? c * 0.9 : 0)) : null;
        const { bound } = computeTightBound(t, tightValues(t), x.orientation, costOf, locked, k, cap, {
          upper: opt,
          iterations: x.iterations,
          init,
          runLimit: x.runLimit,
          // Scaled steps run where the budget cuts the steps asked for: a budget of 1 visit cuts them to 20.
          ...(x.stepScale
            ? {
                runVisits: 1,
                scaled: {
                  init: init ?? Float64Array.from(cap, (c) => (Number.isFinite(c) ? c * 0.7 : 0)),
                  stepScale: Float64Array.from({ length: t.n }, (_, j) => x.stepScale![j % 7]! * t.weight[j]!),
                },
              }
            : {}),
        });
        // Every class of the instance fits some grid box, so the optimum is finite.
        expect(Number.isFinite(opt)).toBe(true);
        expect(bound).toBeLessThanOrEqual(opt * (1 + 1e-12));
        expect(bound).toBeGreaterThan(0);
      }),
      { numRuns: 150, seed: 20261129 },
    );
  });

  it('reaches the optimum where one box serves every class best (K = 1)', () => {
    // Two single items, 1×1×1 and 2×2×2 (weights 3 and 1): with one box the 2×2×2 serves both, 4·8 = 32.
    const classes: DemandClass[] = [
      { weight: 3, shipWeight: 0, frontier: [[1, 1, 1]] },
      { weight: 1, shipWeight: 0, frontier: [[2, 2, 2]] },
    ];
    const lc = reduceClasses(classes, 'free', 1, [SIDE, SIDE, SIDE], 1);
    const t = lc.table;
    const { bound } = computeTightBound(t, tightValues(t), 'free', (a, b, c) => a * b * c, [], 1, new Float64Array(t.n).fill(Infinity), {
      upper: 32,
      iterations: 300,
      init: null,
      runLimit: 1_000_000,
    });
    expect(bound).toBeLessThanOrEqual(32);
    expect(bound).toBeGreaterThan(32 * 0.99);
  });
});
