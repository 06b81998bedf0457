import { describe, expect, it } from 'vitest';
import { ExactSum, exactSum } from '../../src/core/exact-sum.js';

const naive = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('ExactSum', () => {
  it('gives the same sum where plain addition depends on the order', () => {
    // Plain addition: 1e16 + 1 rounds back to 1e16, so the 1 is lost or kept by order.
    expect(naive([1e16, 1, -1e16])).toBe(0);
    expect(naive([1e16, -1e16, 1])).toBe(1);
    expect(exactSum([1e16, 1, -1e16])).toBe(1);
    expect(exactSum([1e16, -1e16, 1])).toBe(1);
    expect(exactSum([1, 1e16, -1e16])).toBe(1);
  });

  it('rounds the exact sum once: 0.1 + 0.2 + 0.3 is 0.6 in any order', () => {
    expect(naive([0.1, 0.2, 0.3])).toBe(0.6000000000000001);
    expect(naive([0.3, 0.2, 0.1])).toBe(0.6);
    for (const xs of [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1], [0.2, 0.1, 0.3]]) expect(exactSum(xs)).toBe(0.6);
  });

  it('breaks a half-way tie by the partials below it', () => {
    // 1 + 2^-53 is half-way between 1 and 1 + 2^-52: ties go to even (1) ...
    expect(exactSum([1, 2 ** -53])).toBe(1);
    expect(exactSum([1 + 2 ** -52, 2 ** -53])).toBe(1 + 2 ** -51);
    // ... unless something smaller tips it up (plain addition loses it in every order).
    expect(naive([1, 2 ** -53, 2 ** -106])).toBe(1);
    expect(naive([2 ** -106, 2 ** -53, 1])).toBe(1);
    expect(exactSum([1, 2 ** -53, 2 ** -106])).toBe(1 + 2 ** -52);
    expect(exactSum([2 ** -106, 1, 2 ** -53])).toBe(1 + 2 ** -52);
    expect(exactSum([1, 2 ** -53, -(2 ** -106)])).toBe(1);
  });

  it('is 0 for nothing, and passes infinities and NaN through', () => {
    expect(exactSum([])).toBe(0);
    // An exact zero is +0 in any order, even from negative zeros alone (toBe tells −0 from +0).
    expect(exactSum([-0])).toBe(0);
    expect(exactSum([-0, -0])).toBe(0);
    expect(exactSum([-1, 1])).toBe(0);
    expect(exactSum([1, Infinity, 5])).toBe(Infinity);
    expect(exactSum([Infinity, -Infinity])).toBeNaN();
  });

  it('adds another sum exactly', () => {
    const a = new ExactSum();
    const b = new ExactSum();
    a.add(1e16);
    b.add(1);
    b.add(-1e16);
    a.addSum(b);
    expect(a.value()).toBe(1);
  });
});
