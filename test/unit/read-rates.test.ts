import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readRates } from '../../src/io/read-rates.js';
import { scenarioDir } from '../helpers/cli.js';

const rates = (text: string, units: 'imperial' | 'metric' = 'imperial', skipInvalid = false) =>
  readRates(join(scenarioDir({ 'r.csv': text }), 'r.csv'), { units, skipInvalid });
const failure = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).message;
};

describe('reading a rate card', () => {
  it('sorts the rows ascending by max_weight', async () => {
    const { rates: card } = await rates('max_weight,price\n10,12\n1,5\n5,8\n');
    expect(card).toEqual({ maxWeight: [1, 5, 10], price: [5, 8, 12] });
  });

  it('converts a unit-suffixed max_weight into the report unit: 16 oz → 1 lb, 1 lb → 0.4536 kg', async () => {
    const { rates: lb } = await rates('max_weight_oz,price\n16,5\n');
    expect(lb.maxWeight[0]).toBeCloseTo(1, 12);
    const { rates: kg } = await rates('MAX_WEIGHT_LB,Price\n1,5\n', 'metric');
    expect(kg.maxWeight[0]).toBeCloseTo(0.45359237, 12);
  });

  it('reads bare max_weight in the report unit', async () => {
    const { rates: card } = await rates('max_weight,price\n2.5,7\n', 'metric');
    expect(card.maxWeight).toEqual([2.5]);
  });

  it('reports every bad row at file:line: column', async () => {
    const msg = await failure(rates('max_weight,price\n1,5\n-2,3\n3,-1\n1,6\nx,2\n'));
    expect(msg).toContain('r.csv:3: max_weight: must be > 0, got -2');
    expect(msg).toContain('r.csv:4: price: must be ≥ 0, got -1');
    expect(msg).toContain('r.csv:5: max_weight: max_weight 1 appears twice (first at line 2)');
    expect(msg).toContain('r.csv:6: max_weight: "x" is not a number');
  });

  it('needs both columns and at least one row', async () => {
    expect(await failure(rates('max_weight\n1\n'))).toContain('price: required column is missing');
    expect(await failure(rates('max_weight,price\n'))).toContain('has no rates');
  });

  it('skips bad rows when asked, and counts them', async () => {
    const r = await rates('max_weight,price\n1,5\n0,3\n', 'imperial', true);
    expect(r.rates.maxWeight).toEqual([1]);
    expect(r.skipped).toBe(1);
  });
});
