import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeLagrangianBound,
  createBoundState,
  fillSegments,
  planSegments,
  runSubgradient,
  segmentRho,
  segmentSubgradient,
  type BoundInput,
} from '../../src/core/search/index.js';
import { boundInputs, type BoundCase } from '../helpers/bound-inputs.js';

/**
 * The bound as the worker threads compute it, on one thread: the segments filled and every
 * phase's chunks run in the order `order` gives (as threads may take them), the norm summed from
 * per-chunk partials.
 */
function chunkedBound(c: BoundCase, chunks: number, order: (phase: number) => number[]): number | null {
  const b: BoundInput = c.input;
  const st = createBoundState(b, c.init);
  const seg = planSegments(b, chunks);
  const n = b.nClasses;
  // Class ranges of about equal pair counts, as the parallel layer cuts them (any cut would do).
  const classBound = Array.from({ length: chunks + 1 }, (_, r) => Math.round((n * r) / chunks));
  let phase = 0;
  for (const q of order(phase++)) fillSegments(b, seg, classBound[q]!, classBound[q + 1]!);
  if (seg.unordered[0] !== 0) return null;
  return runSubgradient(
    b,
    st,
    c.upper,
    c.iterations,
    {
      rho: () => {
        for (const q of order(phase++)) segmentRho(seg, st, n, q);
      },
      subgradient: () => {
        const norms = new Float64Array(chunks);
        for (const q of order(phase++)) norms[q] = segmentSubgradient(seg, st, classBound[q]!, classBound[q + 1]!);
        return norms.reduce((a, x) => a + x, 0);
      },
    },
  );
}

describe('the bound split into chunks', () => {
  it('equals the in-thread bound bit for bit, whatever the chunk count and the order chunks run in', () => {
    fc.assert(
      fc.property(boundInputs(), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (c, chunks, seed) => {
        let s = seed | 1;
        const order = (): number[] => {
          const q = Array.from({ length: chunks }, (_, i) => i);
          for (let i = q.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) | 0;
            const j = (s >>> 8) % (i + 1);
            [q[i], q[j]] = [q[j]!, q[i]!];
          }
          return q;
        };
        const inThread = computeLagrangianBound(c.input, c.upper, c.iterations, c.init);
        const chunked = chunkedBound(c, chunks, order);
        if (chunked === null) return; // unordered pair costs: the parallel layer runs the in-thread steps
        expect(Object.is(chunked, inThread)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('flags a class whose pair costs do not ascend', () => {
    const b: BoundInput = {
      nClasses: 1,
      nCandidates: 2,
      k: 1,
      classWeight: Float64Array.of(1),
      candCost: Float64Array.of(5, 3),
      candLocked: new Uint8Array(2),
      fitStart: Int32Array.of(0, 2),
      fitCand: Int32Array.of(0, 1),
      lambdaCap: null,
    };
    const seg = planSegments(b, 2);
    fillSegments(b, seg, 0, 1);
    expect(seg.unordered[0]).toBe(1);
  });
});
