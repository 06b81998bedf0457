import { describe, expect, it } from 'vitest';
import { defaultParams } from '../../src/core/params.js';
import { ClassTable, type ItemLine, type ShipmentClass } from '../../src/core/shipments.js';
import type { Box } from '../../src/core/suite.js';
import { computeGrowth, explainUnfit, findLargestUnit } from '../../src/core/unfit.js';

const item = (l: number, w: number, h: number, extra: Partial<ItemLine> = {}): ItemLine => ({
  l, w, h, qty: 1, unitWeight: 0, upright: false, compress: 0, sku: '', ...extra,
});
const box = (id: string, length: number, width: number, height: number, maxWeight: number | null = null): Box => ({
  id, length, width, height, maxWeight, locked: false,
});
const shape = (...lines: ItemLine[]): ShipmentClass => {
  const t = new ClassTable();
  t.add(lines, 1, 'x');
  return t.classes[0]!;
};
const params = defaultParams('imperial');

// S 6×4×4 (V 96) carries 5 lb, M 12×9×4 (V 432) 15 lb, L 16×12×8 (V 1536) 10 lb.
const SUITE = [box('L', 16, 12, 8, 10), box('S', 6, 4, 4, 5), box('M', 12, 9, 4, 15)];

describe('why a shipment fits no package (SPEC §12 unfit.csv)', () => {
  it('calls a 20×3×3 item too large, nearest the 6×4×4, which grows least (to 4×4×20: +224 in³)', () => {
    const c = shape(item(20, 3, 3));
    expect(computeGrowth(c, SUITE[1]!, 0)).toBe(4 * 4 * 20 - 96);
    expect(computeGrowth(c, SUITE[2]!, 0)).toBe(4 * 9 * 20 - 432);
    expect(computeGrowth(c, SUITE[0]!, 0)).toBe(8 * 12 * 20 - 1536);
    expect(explainUnfit(c, SUITE, params)).toEqual({ reason: 'too_large', nearest: 1 });
  });

  it('calls a 5×3×3 item of 20 lb too heavy, nearest the smallest box it would fit but for weight (S)', () => {
    const c = shape(item(5, 3, 3, { unitWeight: 20 }));
    expect(explainUnfit(c, SUITE, params)).toEqual({ reason: 'too_heavy', nearest: 1 });
  });

  it('calls a 14×10×6 item of 12 lb too heavy for the only box it fits (L, 10 lb)', () => {
    const c = shape(item(14, 10, 6, { unitWeight: 12 }));
    expect(explainUnfit(c, SUITE, params)).toEqual({ reason: 'too_heavy', nearest: 0 });
  });

  it('finds no packing for two 7×7×3 units in 12×9×4: large enough by volume (294 ≤ 432) and by each unit', () => {
    // Only the 3 in side stands in the 4 in height, and two 7×7 footprints need 14 in > 12 in.
    const c = shape(item(7, 7, 3, { qty: 2 }));
    expect(explainUnfit(c, [box('S', 6, 4, 4), box('M', 12, 9, 4)], params)).toEqual({ reason: 'no_packing_found', nearest: 1 });
  });

  it('calls a shipment too large when its volume exceeds every box though each unit fits', () => {
    // Six 5×3×3 units: 270 in³ > 96 in³ of the only box, in which each unit fits alone.
    const c = shape(item(5, 3, 3, { qty: 6 }));
    expect(explainUnfit(c, [box('S', 6, 4, 4)], params)).toEqual({ reason: 'too_large', nearest: 0 });
    expect(computeGrowth(c, box('S', 6, 4, 4), 0)).toBe(270 - 96);
  });

  it('names no nearest package in an empty suite', () => {
    expect(explainUnfit(shape(item(1, 1, 1)), [], params)).toEqual({ reason: 'too_large', nearest: -1 });
  });

  it('shows the largest unit of a multi-item shipment (by volume; the first of equals)', () => {
    const u = findLargestUnit(shape(item(2, 2, 2), item(9, 1, 1), item(3, 3, 1)));
    expect([u.l, u.w, u.h]).toEqual([9, 1, 1]);
  });
});
