import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundUp } from '../../src/core/cost.js';
import {
  computeFilledMailerVolume,
  computeItemLoad,
  fitItemInMailer,
  mailerCoords,
  mailerCoordsOfBox,
  mailerFitsLoad,
  packMailer,
} from '../../src/core/mailer.js';
import type { PackUnitSpec } from '../../src/core/packer/index.js';
import { verifyPlacements } from '../helpers/verify-placements.js';

// Items 0.5–5 and mailers 4–24 flat, 1–6 thick: about half the draws fit, most of them with several units.
const len = fc.integer({ min: 2, max: 20 }).map((x) => x / 4);
const line = fc.record({
  l: len,
  w: len,
  h: len,
  qty: fc.integer({ min: 1, max: 3 }),
  upright: fc.boolean(),
  compress: fc.constantFrom(0, 0, 0.3, 0.5),
});
const lines = fc.array(line, { minLength: 1, maxLength: 3 });
const mailer = fc.tuple(fc.integer({ min: 16, max: 96 }), fc.integer({ min: 16, max: 96 }), fc.integer({ min: 4, max: 24 }))
  .map(([l, w, t]) => [l / 4, w / 4, t / 4] as [number, number, number]);
const clearance = fc.constantFrom(0, 0, 0.25);

/** The rule as SPEC §9 words it, written apart from the code: sorted extents a ≤ b ≤ c. */
function specRule(load: readonly number[], m: readonly number[]): boolean {
  const [a, b, c] = [...load].sort((x, y) => x - y) as [number, number, number];
  const L = Math.max(m[0]!, m[1]!);
  const W = Math.min(m[0]!, m[1]!);
  const eps = 1e-9 * Math.max(1, L);
  return a <= m[2]! + eps && c + a <= L + eps && b + a <= W + eps;
}

describe('mailer fits (properties)', () => {
  it('a multi-unit fit is proven: placements inside the load, no overlaps, and the load obeys the rule', () => {
    fc.assert(
      fc.property(lines, mailer, clearance, (items: PackUnitSpec[], m, cl) => {
        const fit = packMailer(items, m, { orderings: 3, exactUnits: 4, exactNodes: 2000, clearance: cl, turns: 3 });
        if (fit === null) return;
        expect(fit.placements).not.toBeNull();
        expect(verifyPlacements(items, fit.load, fit.placements!, cl)).toEqual([]);
        expect(specRule(fit.load, m)).toBe(true);
        expect(fit.load[0]).toBeGreaterThanOrEqual(fit.load[1]);
        if (!items.some((s) => s.upright)) expect(fit.load[2]).toBeLessThanOrEqual(fit.load[1]);
      }),
      { numRuns: 200 },
    );
  });

  it('a single item fits exactly when its load obeys the rule as SPEC words it', () => {
    fc.assert(
      fc.property(line, mailer, clearance, (s, m, cl) => {
        const fit = fitItemInMailer(s.l, s.w, s.h, m, cl, false, s.compress);
        const load = computeItemLoad(s.l, s.w, s.h, cl, false, s.compress);
        expect(fit !== null).toBe(specRule(load, m));
      }),
    );
  });

  it('an upright fit is also a free fit, and a fit survives a bigger mailer', () => {
    fc.assert(
      fc.property(line, mailer, fc.tuple(len, len, len), (s, m, grow) => {
        const upright = fitItemInMailer(s.l, s.w, s.h, m, 0, true);
        if (upright) expect(fitItemInMailer(s.l, s.w, s.h, m, 0, false)).not.toBeNull();
        if (fitItemInMailer(s.l, s.w, s.h, m)) {
          const bigger = [m[0] + grow[0], m[1] + grow[1], m[2] + grow[2]] as const;
          expect(mailerFitsLoad(computeItemLoad(s.l, s.w, s.h), bigger)).toBe(true);
        }
      }),
    );
  });

  it('the filled mailer holds the load it was sized on: (L − a)(W − a)a ≥ abc', () => {
    fc.assert(
      fc.property(line, mailer, (s, m) => {
        const fit = fitItemInMailer(s.l, s.w, s.h, m);
        fc.pre(fit !== null);
        const [c, b, a] = fit!.load;
        const L = Math.max(m[0], m[1]);
        const W = Math.min(m[0], m[1]);
        expect(computeFilledMailerVolume(L, W, a)).toBeGreaterThanOrEqual(a * b * c * (1 - 1e-12));
      }),
    );
  });
});

describe('mailers as points (properties)', () => {
  it('a mailer takes an item iff its [T, W, L] dominates the item box turned into mailer coordinates', () => {
    fc.assert(
      fc.property(line, mailer, clearance, (s, m, cl) => {
        const fits = fitItemInMailer(s.l, s.w, s.h, m, cl, s.upright, s.compress) !== null;
        const [c, b, a] = computeItemLoad(s.l, s.w, s.h, cl, s.upright, s.compress);
        // The load's box in the search's canonical coordinates: sorted, or footprint then height.
        const point = s.upright ? mailerCoordsOfBox([b, c, a], 'upright') : mailerCoordsOfBox([a, b, c], 'free');
        const have = mailerCoords(m);
        const eps = 1e-9 * Math.max(1, ...have);
        expect(point.every((x, i) => x <= have[i]! + eps)).toBe(fits);
      }),
    );
  });
});

describe('round_up (properties)', () => {
  it('is the smallest multiple of the step at or above x, up to one part in 10⁹ of x or the step', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.constantFrom(0.1, 0.25, 0.5, 1, 2), (x, q) => {
        const r = roundUp(x, q);
        const k = Math.round(r / q);
        expect(Math.abs(r / q - k)).toBeLessThan(1e-9);
        expect(r).toBeGreaterThanOrEqual(x - 1e-9 * Math.max(x, q));
        expect(r - q).toBeLessThan(x);
      }),
    );
  });
});
