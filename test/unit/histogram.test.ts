import { describe, expect, it } from 'vitest';
import { computeAirHistogram, computeEdges, computeHistogram, computeNiceStep, computeUtilizationHistogram } from '../../src/core/histogram.js';

describe('histograms for the report', () => {
  it('bins utilization in tenths from 0 to 1, the last bin closed', () => {
    const h = computeUtilizationHistogram([0.05, 0.15, 0.15, 1], [1, 2, 3, 4]);
    expect(h.edges).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(h.counts).toEqual([1, 5, 0, 0, 0, 0, 0, 0, 0, 4]);
  });

  it('extends the utilization edges past 1 for compressed goods', () => {
    const h = computeUtilizationHistogram([0.5, 1.12], [1, 1]);
    expect(h.edges.at(-1)).toBe(1.2);
    expect(h.counts.at(-1)).toBe(1);
  });

  it('bins air on a 1-2-5 step, counting each shipment once', () => {
    const airs = [0, 3, 17, 230, 999];
    const h = computeAirHistogram(airs, [1, 1, 1, 1, 1]);
    expect(h.edges[0]).toBe(0);
    expect(h.edges.at(-1)).toBeGreaterThanOrEqual(999);
    expect(h.counts.length).toBeLessThanOrEqual(12);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('gives one empty bin when nothing is fitted', () => {
    expect(computeAirHistogram([], [])).toEqual({ edges: [0, 1], counts: [0] });
  });

  it('picks round steps and edges', () => {
    expect(computeNiceStep(999, 12)).toBe(100);
    expect(computeNiceStep(7, 12)).toBe(1);
    expect(computeEdges(-3, 14, 5)).toEqual([-5, 0, 5, 10, 15]);
    expect(computeHistogram([-10, 20], [1, 1], [0, 5, 10]).counts).toEqual([1, 1]);
  });
});
