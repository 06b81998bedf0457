import { describe, expect, it } from 'vitest';
import { findStepsProblem, parseStepList } from '../../src/core/steps.js';

describe('grid steps (SPEC §6: coarse to fine, each dividing the previous)', () => {
  it('accepts 2,1,0.5 and 5,2.5 and 0.3,0.1 (a ratio of 3 through decimal text)', () => {
    expect(parseStepList('2,1,0.5')).toEqual({ steps: [2, 1, 0.5] });
    expect(parseStepList(' 5 , 2.5 ')).toEqual({ steps: [5, 2.5] });
    expect(findStepsProblem([0.3, 0.1])).toBeNull();
  });

  it('refuses text that is not a list of positive numbers', () => {
    expect(parseStepList('abc')).toEqual({ problem: '"abc" is not a positive number' });
    expect(parseStepList('0')).toEqual({ problem: '"0" is not a positive number' });
    expect(parseStepList('-1')).toEqual({ problem: '"-1" is not a positive number' });
    expect(parseStepList('2,,1')).toEqual({ problem: 'has an empty entry' });
    expect(parseStepList('')).toEqual({ problem: 'has an empty entry' });
  });

  it('refuses a step that does not divide the previous one, or is not finer', () => {
    expect(findStepsProblem([2, 0.75])).toBe('0.75 does not divide 2 (each step must divide the previous one)');
    expect(findStepsProblem([1, 2])).toBe('2 is not finer than 1 (list the steps coarse to fine)');
    expect(findStepsProblem([1, 1])).toBe('1 is not finer than 1 (list the steps coarse to fine)');
    expect(findStepsProblem([])).toBe('needs at least one step');
  });
});
