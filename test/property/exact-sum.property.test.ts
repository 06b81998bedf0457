import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../src/core/exact-sum.js';

/** x · 2^200 as an integer: exact for the doubles generated here (none below 2^-140 in magnitude). */
function scaled(x: number): bigint {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  const hi = v.getUint32(0);
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(v.getUint32(4));
  if (exp === 0 && mant === 0n) return 0n;
  mant |= 1n << 52n;
  const shift = exp - 1075 + 200;
  const m = shift >= 0 ? mant << BigInt(shift) : mant >> BigInt(-shift);
  return hi >>> 31 ? -m : m;
}

/** The correctly rounded sum, by integers: Number() of a BigInt rounds to nearest, ties to even. */
function reference(xs: readonly number[]): number {
  const s = xs.reduce((a, x) => a + scaled(x), 0n);
  return Number(s) * 2 ** -100 * 2 ** -100;
}

const value = fc.oneof(
  fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).filter((x) => x === 0 || Math.abs(x) > 2 ** -140),
  fc.integer({ min: -1000, max: 1000 }).map((k) => k * 2 ** -60),
  fc.constantFrom(1e16, -1e16, 1, 0.1, 0.2, 0.3, 2 ** -53, 2 ** 53),
);

describe('ExactSum (property)', () => {
  it('is the correctly rounded sum, whatever the order of the numbers', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }).chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }))), ([xs, shuffled]) => {
        const a = new ExactSum();
        for (const x of xs) a.add(x);
        const b = new ExactSum();
        for (const x of shuffled) b.add(x);
        expect(Object.is(a.value() + 0, b.value() + 0)).toBe(true);
        expect(a.value()).toBe(reference(xs));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same sum split into parts added together', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.nat(40), (xs, cut) => {
        const whole = new ExactSum();
        for (const x of xs) whole.add(x);
        const left = new ExactSum();
        const right = new ExactSum();
        xs.forEach((x, i) => (i < cut ? left : right).add(x));
        right.addSum(left);
        expect(right.value()).toBe(whole.value());
      }),
    );
  });
});
