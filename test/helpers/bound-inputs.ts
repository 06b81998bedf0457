// Random bound inputs for the property tests: per class a random set of candidates in ascending
// cost (ties included: costs are drawn from few values), sometimes costs per pair (fitCost),
// λ caps, locked candidates, a start for λ; now and then a class whose costs do not ascend.
import fc from 'fast-check';
import type { BoundInput } from '../../src/core/search/index.js';

export interface BoundCase {
  input: BoundInput;
  upper: number;
  iterations: number;
  init: Float64Array | null;
}

export function boundInputs(): fc.Arbitrary<BoundCase> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 25 }),
      m: fc.integer({ min: 1, max: 30 }),
      k: fc.integer({ min: 1, max: 6 }),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      perPair: fc.boolean(),
      capped: fc.boolean(),
      withInit: fc.boolean(),
      unordered: fc.integer({ min: 0, max: 9 }),
      iterations: fc.integer({ min: 1, max: 80 }),
      upperScale: fc.constantFrom(0.5, 1.05, 2, Infinity),
    })
    .map((r) => {
      let s = r.seed;
      const rnd = (): number => {
        s = (Math.imul(s, 1664525) + 1013904223) | 0;
        return (s >>> 0) / 2 ** 32;
      };
      const candCost = Float64Array.from({ length: r.m }, () => 1 + Math.floor(rnd() * 8) * 0.37);
      candCost.sort();
      const candLocked = Uint8Array.from({ length: r.m }, () => (rnd() < 0.08 ? 1 : 0));
      const classWeight = Float64Array.from({ length: r.n }, () => 1 + Math.floor(rnd() * 20) * 0.5);
      const fitStart = new Int32Array(r.n + 1);
      const fitCand: number[] = [];
      const fitCost: number[] = [];
      for (let j = 0; j < r.n; j++) {
        const pairs: [number, number][] = [];
        for (let i = 0; i < r.m; i++) {
          if (rnd() < 0.55) pairs.push([i, r.perPair ? 1 + Math.floor(rnd() * 6) * 0.61 : candCost[i]!]);
        }
        // Ascending cost, ties by index, as BoundInput asks (unless this case tests the contrary).
        if (!(r.unordered === 0 && j === r.n - 1)) pairs.sort((x, y) => x[1] - y[1] || x[0] - y[0]);
        for (const [i, c] of pairs) {
          fitCand.push(i);
          fitCost.push(c);
        }
        fitStart[j + 1] = fitCand.length;
      }
      const lambdaCap = r.capped ? Float64Array.from({ length: r.n }, (_, j) => classWeight[j]! * (1 + rnd() * 4)) : null;
      const init = r.withInit ? Float64Array.from({ length: r.n }, (_, j) => classWeight[j]! * rnd() * 5) : null;
      let cheapest = 0;
      for (let j = 0; j < r.n; j++) if (fitStart[j + 1]! > fitStart[j]!) cheapest += classWeight[j]! * Math.min(...fitCost.slice(fitStart[j]!, fitStart[j + 1]!));
      const input: BoundInput = {
        nClasses: r.n,
        nCandidates: r.m,
        k: r.k,
        classWeight,
        candCost,
        candLocked,
        fitStart,
        fitCand: Int32Array.from(fitCand),
        fitCost: r.perPair ? Float64Array.from(fitCost) : null,
        lambdaCap,
      };
      return { input, upper: cheapest * r.upperScale, iterations: r.iterations, init };
    });
}
