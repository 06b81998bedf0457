import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitsItem } from '../../src/core/geometry.js';

const len = fc.integer({ min: 1, max: 400 }).map((x) => x / 8);
const dims = fc.tuple(len, len, len);
const perm = fc.constantFrom([0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]);

describe('single-item fit (properties)', () => {
  it('does not depend on how the item or the box is turned', () => {
    fc.assert(
      fc.property(dims, dims, perm, perm, fc.integer({ min: 0, max: 4 }), (item, box, p, q, c) => {
        const clearance = c / 4;
        const base = fitsItem(item[0], item[1], item[2], box, clearance);
        const turnedItem = [item[p[0]!]!, item[p[1]!]!, item[p[2]!]!] as const;
        const turnedBox = [box[q[0]!]!, box[q[1]!]!, box[q[2]!]!] as const;
        expect(fitsItem(turnedItem[0], turnedItem[1], turnedItem[2], turnedBox, clearance)).toBe(base);
      }),
    );
  });

  it('still fits in any box that is at least as large on every side', () => {
    fc.assert(
      fc.property(dims, dims, dims, fc.boolean(), (item, box, grow, upright) => {
        fc.pre(fitsItem(item[0], item[1], item[2], box, 0, upright));
        const bigger = [box[0] + grow[0], box[1] + grow[1], box[2] + grow[2]] as const;
        expect(fitsItem(item[0], item[1], item[2], bigger, 0, upright)).toBe(true);
      }),
    );
  });

  it('never fits a box with less volume than the item (without compression)', () => {
    fc.assert(
      fc.property(dims, dims, (item, box) => {
        fc.pre(item[0] * item[1] * item[2] > box[0] * box[1] * box[2] * (1 + 1e-6));
        expect(fitsItem(item[0], item[1], item[2], box)).toBe(false);
      }),
    );
  });

  it('an upright fit is also a free fit, and compression only helps', () => {
    fc.assert(
      fc.property(dims, dims, fc.integer({ min: 0, max: 9 }), (item, box, c) => {
        if (fitsItem(item[0], item[1], item[2], box, 0, true)) expect(fitsItem(item[0], item[1], item[2], box)).toBe(true);
        if (fitsItem(item[0], item[1], item[2], box)) expect(fitsItem(item[0], item[1], item[2], box, 0, false, c / 10)).toBe(true);
      }),
    );
  });
});
