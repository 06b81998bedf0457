import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFitFrontier, frontierFits, packShipment, type PackOptions, type PackUnitSpec } from '../../src/core/packer/index.js';
import { shipmentFitTest } from '../../src/core/packer/pack-shipment.js';
import { verifyPlacements } from '../helpers/verify-placements.js';

const opts: PackOptions = { orderings: 6, exactUnits: 6, exactNodes: 20_000, clearance: 0 };

const specArb: fc.Arbitrary<PackUnitSpec> = fc.record({
  l: fc.integer({ min: 1, max: 20 }),
  w: fc.integer({ min: 1, max: 20 }),
  h: fc.integer({ min: 1, max: 20 }),
  qty: fc.integer({ min: 1, max: 6 }),
  upright: fc.boolean(),
  compress: fc.constantFrom(0, 0, 0, 0.25, 0.5),
});
const specsArb = fc.array(specArb, { minLength: 1, maxLength: 5 });
const boxArb = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }));
const volume = (specs: readonly PackUnitSpec[]) => specs.reduce((s, u) => s + u.qty * u.l * u.w * u.h * (1 - u.compress), 0);

/** A box cut by `cuts` guillotine cuts; pieces shuffled and each turned by `turns`. */
const exactFillArb = fc
  .record({
    box: fc.tuple(fc.integer({ min: 2, max: 30 }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 2, max: 30 })),
    cuts: fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.double({ min: 0.01, max: 0.99, noNaN: true })), { minLength: 1, maxLength: 11 }),
    turns: fc.array(fc.nat(5), { minLength: 12, maxLength: 12 }),
    shuffle: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
  })
  .map(({ box, cuts, turns, shuffle }) => {
    const pieces: Array<[number, number, number]> = [[...box]];
    for (const [k, axis, at] of cuts) {
      const i = k % pieces.length;
      const p = pieces[i]!;
      const cut = Math.max(1, Math.min(p[axis]! - 1, Math.round(p[axis]! * at)));
      if (p[axis]! < 2) continue;
      const a: [number, number, number] = [...p];
      const b: [number, number, number] = [...p];
      a[axis] = cut;
      b[axis] = p[axis]! - cut;
      pieces.splice(i, 1, a, b);
    }
    const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] as const;
    const order = pieces.map((_, i) => i).sort((a, b) => (shuffle[a] ?? 0) - (shuffle[b] ?? 0) || a - b);
    const specs = order.map((i, k) => {
      const p = pieces[i]!;
      const r = perms[turns[k] ?? 0]!;
      return { l: p[r[0]], w: p[r[1]], h: p[r[2]], qty: 1, upright: false, compress: 0 };
    });
    return { box, specs };
  });

describe('packer properties', () => {
  it('returns only placements that the independent checker verifies', () => {
    fc.assert(
      fc.property(specsArb, boxArb, (specs, box) => {
        const placed = packShipment(specs, box, opts);
        if (placed !== null) expect(verifyPlacements(specs, box, placed)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('never claims a fit when the items (fully compressed) outweigh the box in volume', () => {
    fc.assert(
      fc.property(specsArb, boxArb, (specs, box) => {
        fc.pre(volume(specs) > box[0] * box[1] * box[2]);
        expect(packShipment(specs, box, opts)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a fit in a bigger box: the same placements prove it there, and the frontier agrees', () => {
    fc.assert(
      fc.property(specsArb.map((s) => s.map((u) => ({ ...u, upright: false }))), boxArb, fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5)), (specs, box, grow) => {
        const placed = packShipment(specs, box, opts);
        fc.pre(placed !== null);
        const bigger: [number, number, number] = [box[0] + grow[0], box[1] + grow[1], box[2] + grow[2]];
        expect(verifyPlacements(specs, bigger, placed!)).toEqual([]);
        const axis = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
        const s = [...box].sort((a, b) => a - b) as [number, number, number];
        const frontier = computeFitFrontier(specs, { values: [axis(1, s[0]), axis(1, s[1]), axis(1, s[2])], orientation: 'free', maxPoints: 1000 }, opts);
        expect(frontierFits(frontier, box) && frontierFits(frontier, bigger)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('finds every exact fill of a guillotine-cut box, however the pieces are turned', () => {
    fc.assert(
      fc.property(exactFillArb, fc.array(fc.nat(5), { minLength: 12, maxLength: 12 }), ({ box, specs }, turns) => {
        const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] as const;
        const turned = specs.map((u, k) => {
          const d = [u.l, u.w, u.h] as const;
          const r = perms[turns[k] ?? 0]!;
          return { ...u, l: d[r[0]], w: d[r[1]], h: d[r[2]] };
        });
        const a = packShipment(specs, box, opts);
        const b = packShipment(turned, box, opts);
        expect(a !== null).toBe(b !== null);
        expect(a).not.toBeNull();
        expect(verifyPlacements(specs, box, a!)).toEqual([]);
        expect(verifyPlacements(turned, box, b!)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never fits an exact-fill case in a box one unit shorter on any side', () => {
    fc.assert(
      fc.property(exactFillArb, fc.nat(2), ({ box, specs }, axis) => {
        const smaller: [number, number, number] = [...box];
        smaller[axis]! -= 1;
        expect(packShipment(specs, smaller, opts)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('answers the same for a shipment whatever was packed before it (scratch reuse leaks nothing)', () => {
    fc.assert(
      fc.property(specsArb, boxArb, specsArb, boxArb, (specs, box, other, otherBox) => {
        const alone = packShipment(specs, box, opts);
        packShipment(other, otherBox, opts);
        const after = packShipment(specs, box, opts);
        expect(after).toEqual(alone);
        if (after) expect(verifyPlacements(specs, box, after)).toEqual([]);
        const walk = shipmentFitTest(specs, opts);
        expect(walk(otherBox)).toBe(packShipment(specs, otherBox, opts) !== null);
        expect(walk(box)).toBe(alone !== null);
      }),
      { numRuns: 300 },
    );
  });

  it('answers for two units in closed form what the packer answers (frontier options, clearance, compression)', () => {
    const quarter = fc.integer({ min: 1, max: 80 }).map((q) => q / 4);
    const unitArb = fc.record({ l: quarter, w: quarter, h: quarter, qty: fc.constant(1), upright: fc.boolean(), compress: fc.constantFrom(0, 0, 0.3) });
    const pairArb = fc.oneof(
      fc.tuple(unitArb, unitArb),
      unitArb.map((u) => [{ ...u, qty: 2 }]),
    );
    const sideArb = fc.integer({ min: 1, max: 160 }).map((q) => q / 4);
    fc.assert(
      fc.property(pairArb, fc.tuple(sideArb, sideArb, sideArb), fc.constantFrom(0, 0.25), fc.constantFrom(1, 2, 6), (specs, box, clearance, orderings) => {
        const o: PackOptions = { ...opts, orderings, turns: 1, clearance };
        expect(shipmentFitTest(specs, o)(box)).toBe(packShipment(specs, box, o) !== null);
      }),
      { numRuns: 3000 },
    );
  });
});
