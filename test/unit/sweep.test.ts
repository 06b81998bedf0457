import { describe, expect, it } from 'vitest';
import { recommendK } from '../../src/api/sweep.js';

const curve = (gains: (number | null)[]) => gains.map((g, i) => ({ k: i + 3, marginal_gain_pct: g }));

describe('recommended K', () => {
  it('is the smallest K whose next box saves less than the threshold', () => {
    // K=3..7; the 6th box still saves 2 %, the 7th only 0.5 %
    expect(recommendK(curve([null, 9, 4, 2, 0.5]), 1)).toBe(6);
  });

  it('is k_max when every additional box pays', () => {
    expect(recommendK(curve([null, 9, 4, 2]), 1)).toBe(6);
  });

  it('is k_min when even the second size does not pay', () => {
    expect(recommendK(curve([null, 0.2, 5]), 1)).toBe(3);
  });
});
