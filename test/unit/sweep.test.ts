import { describe, expect, it } from 'vitest';
import { recommendK } from '../../src/api/sweep.js';

const curve = (gains: (number | null)[]) => gains.map((g, i) => ({ k: i + 3, marginal_gain_pct: g, stopped: 'converged' as 'converged' | 'time_limit' | 'interrupted' }));

describe('recommended K', () => {
  it('is the smallest K whose next box saves less than the threshold', () => {
    // K=3..7; the 6th box still saves 2 %, the 7th only 0.5 %
    expect(recommendK(curve([null, 9, 4, 2, 0.5]), 1).k).toBe(6);
  });

  it('is k_max when every additional box pays', () => {
    expect(recommendK(curve([null, 9, 4, 2]), 1).k).toBe(6);
  });

  it('is k_min when even the second size does not pay', () => {
    expect(recommendK(curve([null, 0.2, 5]), 1).k).toBe(3);
  });

  it('recommends no K when the sweep was cut short before a K whose successor saves too little', () => {
    // K=3..8 searched, K=9 never: K=8 must not be recommended
    const r = recommendK(curve([null, 9, 4, 2, 3, 2]), 1, false);
    expect(r.k).toBeNull();
    expect(r.reason).toContain('cut short');
    expect(r.reason).toContain('K = 3..8');
  });

  it('does not take an interrupted K as evidence', () => {
    const points = curve([null, 9, 0.1]);
    points[2]!.stopped = 'interrupted';
    expect(recommendK(points, 1, false).k).toBeNull();
  });

  it('still recommends a K whose successor was searched when a later K was cut short', () => {
    expect(recommendK(curve([null, 9, 0.5, 7]), 1, false).k).toBe(4);
  });
});

describe('recommended K with a cost model and box_sku_cost', () => {
  const money = (savings: (number | null)[]) =>
    savings.map((m, i) => ({ k: i + 3, marginal_gain_pct: 50, marginal_saving: m, stopped: 'converged' as const }));
  const rule = { kind: 'box_sku_cost' as const, skuCost: 100, currency: 'USD' };

  it('is the smallest K whose next box saves less money than box_sku_cost, and says so', () => {
    // K=3..7: the 5th box saves 400, the 6th 120, the 7th 80 < 100
    const r = recommendK(money([null, 400, 120, 80, 300]), rule);
    expect(r.k).toBe(5);
    expect(r.reason).toBe('K = 6 saves 80.00 USD more, less than box_sku_cost 100.00 USD');
  });

  it('ignores the percentage rule under the money rule', () => {
    // every box saves 50 % of the objective, but the 4th only 10 in money
    expect(recommendK(money([null, 10]), rule).k).toBe(3);
  });
});
