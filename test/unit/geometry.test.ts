import { describe, expect, it } from 'vitest';
import { computeBlankArea, computeBoxVolume, fitsItem, sortDims } from '../../src/core/geometry.js';

describe('box geometry', () => {
  it('sorts dimensions ascending', () => {
    expect(sortDims(10, 4, 8)).toEqual([4, 8, 10]);
    expect(sortDims(3, 2, 1)).toEqual([1, 2, 3]);
  });

  it('computes inner volume', () => {
    expect(computeBoxVolume(12, 9, 4)).toBe(432);
  });

  it('computes the FEFCO 0201 blank of a 10×8×4 box as 354 in² with a 1.5 in glue flap', () => {
    // a=4, b=8, c=10: (2(c+a)+J)(a+b) = 29.5·12 = 354; (2(b+a)+J)(a+c) = 25.5·14 = 357
    expect(computeBlankArea(10, 8, 4, 1.5)).toBe(354);
    expect(computeBlankArea(4, 10, 8, 1.5)).toBe(354);
  });

  it('takes the least-board of the two orientations', () => {
    // a=1, b=10, c=11, J=1.5: 25.5·11 = 280.5 vs 23.5·12 = 282
    expect(computeBlankArea(11, 10, 1, 1.5)).toBe(280.5);
    // Without a glue flap both layouts use the same board: (2(c+a))(a+b) = (2(b+a))(a+c) here 28·12 = 24·14
    expect(computeBlankArea(10, 8, 4, 0)).toBe(336);
  });

  it('puts a 10×8×3 item in a 12×9×4 box in any orientation', () => {
    expect(fitsItem(10, 8, 3, [12, 9, 4])).toBe(true);
    expect(fitsItem(3, 10, 8, [4, 12, 9])).toBe(true);
    expect(fitsItem(10, 8, 5, [12, 9, 4])).toBe(false);
  });

  it('adds the clearance to every item dimension', () => {
    expect(fitsItem(10, 8, 3, [12, 9, 4], 1)).toBe(true);
    expect(fitsItem(10, 8, 3, [12, 9, 4], 1.01)).toBe(false);
  });

  it('keeps an upright item standing: a 3×3×9 bottle fits a 10×4×4 box only lying down', () => {
    expect(fitsItem(3, 3, 9, [10, 4, 4], 0, false)).toBe(true);
    expect(fitsItem(3, 3, 9, [10, 4, 4], 0, true)).toBe(false);
    expect(fitsItem(3, 3, 9, [4, 4, 10], 0, true)).toBe(true);
  });

  it('lets a compressible item shrink its smallest side by its share', () => {
    // a 12×10×4 sweater, compress 0.5, fits a 13×11×2 mailer (4 → 2) but not at 0.4 (4 → 2.4)
    expect(fitsItem(12, 10, 4, [13, 11, 2], 0, false, 0.5)).toBe(true);
    expect(fitsItem(12, 10, 4, [13, 11, 2], 0, false, 0.4)).toBe(false);
  });

  it('tolerates unit-conversion noise at an exact fit', () => {
    const inch = 2.54;
    expect(fitsItem((30 * 0.1) / inch * inch, 1, 1, [3, 1, 1])).toBe(true);
  });
});
