import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readShipments } from '../../src/io/read-shipments.js';
import { readBoxes } from '../../src/io/read-boxes.js';
import { firstInvalidUtf8, readCsv } from '../../src/io/csv.js';
import { InputError } from '../../src/errors.js';
import { escapeText, quoteText } from '../../src/text.js';
import { scenarioDir } from '../helpers/cli.js';

const HEAD = 'shipment_id,sku,length,width,height';

function file(content: string | Buffer, name = 's.csv'): string {
  const dir = scenarioDir({});
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function problems(content: string | Buffer, units: 'imperial' | 'metric' = 'imperial'): Promise<string> {
  const err = await readShipments(file(content), { units, skipInvalid: false }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).message;
}

async function boxProblems(content: string): Promise<string> {
  const err = await readBoxes(file(content, 'b.csv'), { units: 'imperial', skipInvalid: false }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).message;
}

describe('malformed CSV', () => {
  it('locates a stray quote inside an unquoted cell and names its column', async () => {
    const msg = await problems(`${HEAD}\nA,p,1,1,1\nB,12" tube,1,1,1\n`);
    expect(msg).toMatch(/^.*s\.csv:3: sku: a quote \(\"\) inside a cell that does not start with one/);
  });

  it('locates a quote that is not doubled inside a quoted cell', async () => {
    expect(await problems(`${HEAD}\nA,"ab"c,1,1,1\n`)).toMatch(/s\.csv:2: sku: a quote inside a quoted field must be doubled/);
  });

  it('locates a quoted cell that is never closed', async () => {
    expect(await problems(`${HEAD}\nA,p,1,1,1\nB,"open,1,1,1\nC,p,1,1,1\n`)).toMatch(/s\.csv:3: a quoted field opened on this line is never closed/);
  });
});

describe('open files', () => {
  it.runIf(existsSync('/proc/self/fd'))('closes the file of a read that stops early, on either reading path', async () => {
    const bad = [`${HEAD}\nA,"p,1,1,1\nB,q,1,1,1\n`, `${HEAD}\nA,p,1,1,1\nB,q"r,1,1,1\nC,s,1,1,1\n`, Buffer.from(`${HEAD}\nA,caf\xe9,1,1,1\nB,q,1,1,1\n`, 'latin1')];
    const files = bad.map((content, i) => file(content, `bad${i}.csv`));
    const visitor = { header: () => [], record: () => {} };
    // The header refused: the read stops on its first record.
    const refused = { header: () => [{ file: 'x', line: 1, column: null, reason: 'no' }], record: () => {} };
    const open = () => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let round = 0; round < 20; round++) {
      for (const f of files) {
        for (const fast of [true, false]) {
          await readCsv(f, visitor, undefined, { fast, blockBytes: 8 }).catch(() => null);
          await readCsv(f, refused, undefined, { fast, blockBytes: 8 }).catch(() => null);
        }
      }
    }
    expect(open()).toBeLessThan(before + 5);
  });
});

describe('line numbers', () => {
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
    it(`stay right after quoted cells that hold ${name} newlines, and after blank lines`, async () => {
      const text = [HEAD, `A,"a${eol}b${eol}c",1,1,1`, '', `B,"x${eol}y",1,1,1`, 'C,p,1,x,1', `D,"z${eol}",1,-1,1`].join(eol) + eol;
      const msg = await problems(text);
      // header 1; A on 2–4; blank 5; B on 6–7; C on 8; D on 9–10.
      expect(msg).toContain('s.csv:8: width: "x" is not a number');
      expect(msg).toContain('s.csv:9: width: must be > 0, got -1');
    });
  }
});

describe('numbers', () => {
  const cases: [string, string, RegExp][] = [
    ['a hex dimension', 'A,p,0x1A,1,1', /s\.csv:2: length: "0x1A" is not a plain decimal number/],
    ['a binary dimension', 'A,p,1,0b11,1', /s\.csv:2: width: "0b11" is not a plain decimal number/],
    ['Infinity', 'A,p,1,1,Infinity', /s\.csv:2: height: "Infinity" is not a number/],
    ['a dimension beyond the range', 'A,p,1e200,1,1', /s\.csv:2: length: "1e200" is out of range \(from 0.000001 to 1000000 in\)/],
    ['a dimension that overflows', 'A,p,1e400,1,1', /s\.csv:2: length: "1e400" is out of range/],
    ['a dimension too small to have a volume', 'A,p,1e-300,1,1', /s\.csv:2: length: "1e-300" is out of range/],
  ];
  for (const [what, row, message] of cases) {
    it(`refuses ${what}`, async () => {
      expect(await problems(`${HEAD}\n${row}\n`)).toMatch(message);
    });
  }

  it('accepts plain decimals with exponents', async () => {
    const r = await readShipments(file(`${HEAD}\nA,p,1.5e1,.5,2.\n`), { units: 'imperial', skipInvalid: false });
    expect(r.classes[0]!.lines[0]).toMatchObject({ l: 15, w: 0.5, h: 2 });
  });

  it('applies the range after unit conversion', async () => {
    expect(await problems('shipment_id,length_mm,width,height\nA,3e10,1,1\n')).toMatch(/length_mm: "3e10" is out of range \(from 0.000001 to 1000000 in\)/);
    expect(await problems('shipment_id,length,width,height,weight\nA,1,1,1,0x10\n')).toMatch(/weight: "0x10" is not a plain decimal number/);
    expect(await problems('shipment_id,length,width,height,weight_kg\nA,1,1,1,1e9\n')).toMatch(/weight_kg: "1e9" is out of range/);
  });

  it('bounds quantity and count', async () => {
    expect(await problems('shipment_id,length,width,height,quantity\nA,1,1,1,9999999\n')).toMatch(/quantity: must be at most 1000000/);
    expect(await problems('shipment_id,length,width,height,count\nA,1,1,1,' + '9'.repeat(400) + '\n')).toMatch(/count: must be at most 1000000000000/);
  });

  it('applies to box files too', async () => {
    expect(await boxProblems('box_id,length,width,height,max_weight\nS,0x10,4,4,\nM,1e200,1,1,\nL,1,1,1,Infinity\n')).toMatch(
      /b\.csv:2: length: "0x10" is not a plain decimal number[^]*b\.csv:3: length: "1e200" is out of range[^]*b\.csv:4: max_weight: "Infinity" is not a number/,
    );
  });
});

describe('encoding', () => {
  it('refuses Latin-1 bytes and names the line', async () => {
    const latin1 = Buffer.concat([Buffer.from(`${HEAD}\nA,cafe,1,1,1\n`), Buffer.from('B,caf\xe9,1,1,1\nC,x,1,1,1\n', 'latin1')]);
    expect(await problems(latin1)).toMatch(/s\.csv:3: invalid UTF-8 \(byte 0xE9.*save the file as UTF-8/);
  });

  it('finds a bad byte far into a long file, and none in multi-byte text cut by chunk boundaries', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `S${i},crème brûlée 🍮 ${i},1,1,1`);
    const good = [HEAD, ...rows].join('\n') + '\n';
    const r = await readShipments(file(good), { units: 'imperial', skipInvalid: false });
    expect(r.shipments).toBe(20_000);
    const bad = Buffer.concat([Buffer.from(good), Buffer.from('X,\xff,1,1,1\n', 'latin1')]);
    expect(await problems(bad)).toMatch(/s\.csv:20002: invalid UTF-8 \(byte 0xFF/);
  });

  it('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('aé€🍮'))).toBe(Buffer.from('aé€🍮').length);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc3]))).toBe(1); // cut short
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // a surrogate
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0x80]))).toBe(0); // overlong
  });
});

describe('input text in messages', () => {
  it('escapes control characters and cuts long values', () => {
    expect(escapeText('a\u001b[31mred\u0007')).toBe('a\\x1b[31mred\\x07');
    expect(escapeText('x'.repeat(100))).toBe('x'.repeat(60) + '…');
    expect(quoteText('\u202eevil')).toBe('"\\u202eevil"');
  });

  it('never lets an ANSI escape from a cell reach the terminal', async () => {
    const msg = await problems(`${HEAD}\nA,p,1,\u001b[2J\u001b[31mboom,1\n`);
    expect(msg).not.toContain('\u001b');
    expect(msg).toContain('"\\x1b[2J\\x1b[31mboom"');
  });

  it('quotes a huge header line once, cut short', async () => {
    const msg = await problems('x'.repeat(1_000_000) + '\nA\n');
    expect(msg.length).toBeLessThan(2_000);
    expect(msg).toContain('…');
  });

  it('escapes the header cells it lists', async () => {
    const msg = await problems('shipment_id,length,width,\u001b[1mheight\nA,1,1,1\n');
    expect(msg).not.toContain('\u001b');
    expect(msg).toContain('found: shipment_id, length, width, \\x1b[1mheight)');
  });
});
