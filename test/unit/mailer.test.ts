import { describe, expect, it } from 'vitest';
import {
  computeFilledMailerDims,
  computeFilledMailerVolume,
  computeItemLoad,
  computeMailerArea,
  fitItemInMailer,
  fitShipmentInMailer,
  mailerCoords,
  mailerCoordsOfBox,
  mailerFitsLoad,
  mailerFlatSize,
  packMailer,
  packMailerViaBox,
} from '../../src/core/mailer.js';
import type { PackOptions, PackUnitSpec } from '../../src/core/packer/index.js';
import { verifyPlacements } from '../helpers/verify-placements.js';

const opts = (clearance = 0): PackOptions => ({ orderings: 6, exactUnits: 6, exactNodes: 20_000, clearance, turns: 3 });
const spec = (l: number, w: number, h: number, qty = 1, extra: Partial<PackUnitSpec> = {}): PackUnitSpec => ({
  l, w, h, qty, upright: false, compress: 0, ...extra,
});

// The mailer 10×8 flat, T = 2: L = 10, W = 8.
const M: [number, number, number] = [10, 8, 2];

describe('the mailer rule a ≤ T, c + a ≤ L, b + a ≤ W', () => {
  it('takes an 8×6×2 load exactly: a = T, c + a = L, b + a = W', () => {
    expect(mailerFitsLoad([8, 6, 2], M)).toBe(true);
  });

  it('refuses a load a hair too long, too wide or too thick', () => {
    expect(mailerFitsLoad([8.01, 6, 2], M)).toBe(false); // c + a = 10.01 > 10
    expect(mailerFitsLoad([8, 6.01, 2], M)).toBe(false); // b + a = 8.01 > 8
    expect(mailerFitsLoad([7, 5, 2.01], M)).toBe(false); // a > T, though c + a and b + a fit
  });

  it('trades thickness for flat size: 8.5×6.5×1.5 fits (10, 8), 8.5×6.5×2 does not', () => {
    expect(mailerFitsLoad([8.5, 6.5, 1.5], M)).toBe(true);
    expect(mailerFitsLoad([8.5, 6.5, 2], M)).toBe(false);
  });

  it('reads the flat size in either order (L ≥ W)', () => {
    expect(mailerFlatSize(8, 10)).toEqual([10, 8]);
    expect(mailerFitsLoad([8, 6, 2], [8, 10, 2])).toBe(true);
    expect(mailerFitsLoad([8.01, 6, 2], [8, 10, 2])).toBe(false);
  });

  it('forgives unit-conversion noise at the edges', () => {
    expect(mailerFitsLoad([8 + 1e-12, 6, 2], M)).toBe(true);
  });
});

describe('a single item in a mailer', () => {
  it('lays the item on its largest face: 2×8×6 → load [8, 6, 2]', () => {
    expect(computeItemLoad(2, 8, 6)).toEqual([8, 6, 2]);
    expect(fitItemInMailer(2, 8, 6, M)).toEqual({ load: [8, 6, 2], placements: null });
  });

  it('refuses 8×6×2.5 in 10×8×3: c + a = 10.5 > 10', () => {
    expect(fitItemInMailer(8, 6, 2.5, [10, 8, 3])).toBeNull();
  });

  it('squeezes a compressible item: 8×6×4 at compress 0.5 → load [8, 6, 2]', () => {
    expect(computeItemLoad(8, 6, 4, 0, false, 0.5)).toEqual([8, 6, 2]);
    expect(fitItemInMailer(8, 6, 4, M, 0, false, 0.5)).not.toBeNull();
    expect(fitItemInMailer(8, 6, 4, M, 0, false, 0.4)).toBeNull(); // a = 2.4 > T
  });

  it('adds the clearance to each extent: 7.5×5.5×1.5 + 0.25 → [7.75, 5.75, 1.75]', () => {
    expect(computeItemLoad(7.5, 5.5, 1.5, 0.25)).toEqual([7.75, 5.75, 1.75]);
    // 7.75 + 1.75 = 9.5 ≤ 10, 5.75 + 1.75 = 7.5 ≤ 8, 1.75 ≤ 2
    expect(fitItemInMailer(7.5, 5.5, 1.5, M, 0.25)).not.toBeNull();
    // clearance 0.5: 8 + 2 = 10 ≤ 10, 6 + 2 = 8 ≤ 8, 2 ≤ 2, exactly at every edge
    expect(fitItemInMailer(7.5, 5.5, 1.5, M, 0.5)).not.toBeNull();
    expect(fitItemInMailer(7.5, 5.5, 1.5, M, 0.51)).toBeNull();
  });

  it('keeps an upright item standing: its height is the thickness', () => {
    // 6×2×4 upright: footprint 6×2, thickness 4 > T = 3; lying on its side (a = 2) it would fit 12×10×3.
    expect(computeItemLoad(6, 2, 4, 0, true)).toEqual([6, 2, 4]);
    expect(fitItemInMailer(6, 2, 4, [12, 10, 3], 0, true)).toBeNull();
    expect(fitItemInMailer(6, 2, 4, [12, 10, 3], 0, false)).toEqual({ load: [6, 4, 2], placements: null });
  });
});

describe('the filled mailer counts as the box (L − a) × (W − a) × a', () => {
  it('10×8 holding a load 2 thick is the box 8×6×2, 96 in³', () => {
    expect(computeFilledMailerDims(10, 8, 2)).toEqual([8, 6, 2]);
    expect(computeFilledMailerVolume(10, 8, 2)).toBe(96);
  });

  it('10×8 holding a load 1 thick is 9×7×1, 63 in³', () => {
    expect(computeFilledMailerVolume(10, 8, 1)).toBe(63);
  });

  it('its film is 2·L·W: 160 in² for 10×8', () => {
    expect(computeMailerArea(10, 8)).toBe(160);
  });
});

describe('several units in a mailer', () => {
  const proven = (items: PackUnitSpec[], fit: NonNullable<ReturnType<typeof packMailer>>, clearance = 0) =>
    verifyPlacements(items, fit.load, fit.placements!, clearance);

  it('lays two 6×4×1 side by side, the thinnest load: [8, 6, 1]', () => {
    const items = [spec(6, 4, 1, 2)];
    const fit = packMailer(items, [10, 8, 3], opts());
    expect(fit).not.toBeNull();
    expect(fit!.load).toEqual([8, 6, 1]);
    expect(proven(items, fit!)).toEqual([]);
  });

  it('stacks four 6×4×1 two high when one layer does not fit: [8, 6, 2]', () => {
    // Thickness 1: the box 9×7×1 cannot hold 4 × 24 in² = 96 > 63. Thickness 2: 8×6×2 holds them.
    const items = [spec(6, 4, 1, 4)];
    const fit = packMailer(items, [10, 8, 3], opts());
    expect(fit!.load).toEqual([8, 6, 2]);
    expect(proven(items, fit!)).toEqual([]);
    expect(packMailer(items, [10, 8, 1.5], opts())).toBeNull();
  });

  it('refuses a load whose single unit does not fit', () => {
    expect(packMailer([spec(6, 4, 1), spec(9.5, 1, 1)], [10, 8, 3], opts())).toBeNull();
  });

  it('adds the clearance around the packing, and the placements stay inside the load minus it', () => {
    const items = [spec(6, 4, 1, 2)];
    const fit = packMailer(items, [10, 8, 3], opts(0.5));
    // 8×6×1 plus 0.5: 8.5 + 1.5 = 10 ≤ 10, 6.5 + 1.5 = 8 ≤ 8.
    expect(fit!.load).toEqual([8.5, 6.5, 1.5]);
    expect(proven(items, fit!, 0.5)).toEqual([]);
  });

  it('squeezes compressible units: two 6×4×2 at compress 0.5 lie side by side 1 thick', () => {
    const items = [spec(6, 4, 2, 2, { compress: 0.5 })];
    const fit = packMailer(items, M, opts());
    expect(fit!.load).toEqual([8, 6, 1]);
    expect(proven(items, fit!)).toEqual([]);
  });

  it('keeps upright units standing: the thickness is their height', () => {
    const items = [spec(3, 2, 1.5, 2, { upright: true }), spec(3, 3, 1, 1)];
    const fit = packMailer(items, [12, 10, 2], opts());
    expect(fit).not.toBeNull();
    expect(fit!.load[2]).toBeGreaterThanOrEqual(1.5);
    expect(proven(items, fit!)).toEqual([]);
  });
});

describe('a shipment in a mailer', () => {
  it('fits one unit by its load, without placements', () => {
    expect(fitShipmentInMailer([spec(2, 8, 6)], M, opts())).toEqual({ load: [8, 6, 2], placements: null });
    expect(fitShipmentInMailer([spec(8, 6, 2.5)], M, opts())).toBeNull();
  });

  it('packs several units, with placements', () => {
    const fit = fitShipmentInMailer([spec(6, 4, 1, 2)], M, opts());
    expect(fit!.load).toEqual([8, 6, 1]);
    expect(fit!.placements).toHaveLength(2);
  });
});

describe('mailers in the search: coordinates [T, W, L] that dominate their loads', () => {
  it('reads a mailer as [T, W, L]', () => {
    expect(mailerCoords([8, 10, 2])).toEqual([2, 8, 10]);
  });

  it('turns a free box a ≤ b ≤ c into [a, b + a, c + a]: 8×2×6 → [2, 8, 10], the mailer 10×8×2 exactly', () => {
    expect(mailerCoordsOfBox([8, 2, 6], 'free')).toEqual([2, 8, 10]);
  });

  it('turns an upright box [a, b, H] into [H, a + H, b + H]: [6, 2, 4] → [4, 6, 10]', () => {
    expect(mailerCoordsOfBox([6, 2, 4], 'upright')).toEqual([4, 6, 10]);
  });

  it('packs through a box the packer fills: two 6×4×1 in 8×6×1 → load [8, 6, 1] in 10×8×3', () => {
    const items = [spec(6, 4, 1, 2)];
    const fit = packMailerViaBox(items, [8, 6, 1], [10, 8, 3], opts());
    expect(fit!.load).toEqual([8, 6, 1]);
    expect(verifyPlacements(items, fit!.load, fit!.placements!)).toEqual([]);
    expect(packMailerViaBox(items, [8, 6, 1], [8.5, 8, 3], opts())).toBeNull(); // 8 + 1 > 8.5
    expect(packMailerViaBox(items, [7, 6, 1], [10, 8, 3], opts())).toBeNull(); // no packing in 7×6×1
  });
});
