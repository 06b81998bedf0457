import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readBoxes } from '../../src/io/read-boxes.js';
import { scenarioDir } from '../helpers/cli.js';

const boxes = (text: string, units: 'imperial' | 'metric' = 'imperial') =>
  readBoxes(join(scenarioDir({ 'b.csv': text }), 'b.csv'), { units, skipInvalid: false });
const failure = async (p: Promise<unknown>): Promise<string> => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).message;
};

describe('reading the packaging columns of a boxes file', () => {
  it('reads type, price and empty_weight with its unit', async () => {
    const { boxes: b } = await boxes('box_id,length,width,height,type,price,empty_weight_oz\nB,12,10,6,box,1.20,8\nM,10,8,2,Mailer,0.30,\n');
    expect(b[0]).toMatchObject({ id: 'B', type: 'box', price: 1.2, emptyWeight: 0.5 });
    expect(b[1]).toMatchObject({ id: 'M', type: 'mailer', price: 0.3 });
    expect('emptyWeight' in b[1]!).toBe(false);
  });

  it('leaves type, price and empty_weight out when the cells or columns are empty', async () => {
    const { boxes: b } = await boxes('box_id,length,width,height,type,price\nB,12,10,6,,\n');
    expect(b[0]).toEqual({ id: 'B', length: 12, width: 10, height: 6, maxWeight: null, locked: false });
  });

  it('refuses an unknown type and a negative price or empty weight', async () => {
    const msg = await failure(boxes('box_id,length,width,height,type,price,empty_weight\nB,12,10,6,bag,-1,-0.5\n'));
    expect(msg).toContain('b.csv:2: type: must be box or mailer, got "bag"');
    expect(msg).toContain('b.csv:2: price: must be ≥ 0, got -1');
    expect(msg).toContain('b.csv:2: empty_weight: must be ≥ 0, got -0.5');
  });
});
