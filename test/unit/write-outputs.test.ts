import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvFile, jsonFile, spreadsheetSafe, writeOutputs, type OutputFile } from '../../src/io/write-outputs.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'packopt-out-'));
const failing: OutputFile = { name: 'assignments.csv', write: async (path) => { await writeFile(path, 'half'); throw new Error('disk gone'); } };

describe('CSV cells a spreadsheet may open safely (SPEC §12)', () => {
  it('prefixes text that begins with =, +, - or @ with a quote', () => {
    expect(spreadsheetSafe('=HYPERLINK("http://x","y")')).toBe(`'=HYPERLINK("http://x","y")`);
    expect(spreadsheetSafe('+SUM(1)')).toBe(`'+SUM(1)`);
    expect(spreadsheetSafe('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(spreadsheetSafe('-1+2')).toBe(`'-1+2`);
  });

  it('leaves numbers, text that is a plain number, and other text alone', () => {
    expect(spreadsheetSafe(-3.5)).toBe(-3.5);
    expect(spreadsheetSafe('-5')).toBe('-5');
    expect(spreadsheetSafe('+1.5e3')).toBe('+1.5e3');
    expect(spreadsheetSafe('A=1')).toBe('A=1');
    expect(spreadsheetSafe('')).toBe('');
  });

  it('escapes in the CSV sink itself, so every CSV file gets it', async () => {
    const dir = join(tmp(), 'out');
    await writeOutputs(dir, [csvFile('suite.csv', ['box_id', 'length_in'], [['=1+1', -2]])]);
    expect(readFileSync(join(dir, 'suite.csv'), 'utf8')).toBe("box_id,length_in\n'=1+1,-2\n");
  });
});

describe('--out folder, replaced as a whole', () => {
  it('writes a new folder, creating its parents', async () => {
    const dir = join(tmp(), 'a', 'b');
    expect(await writeOutputs(dir, [jsonFile('report.json', { x: 1 })])).toEqual([join(dir, 'report.json')]);
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toEqual({ x: 1 });
  });

  it('drops files of an earlier run that the new run does not write', async () => {
    const dir = join(tmp(), 'out');
    await writeOutputs(dir, [jsonFile('report.json', 1), csvFile('suite.csv', ['box_id'], [['A']]), jsonFile('placements.jsonl', 0)]);
    await writeOutputs(dir, [jsonFile('report.json', 2)]);
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('2\n');
  });

  it('leaves the earlier set untouched, and nothing beside it, when a file fails to write', async () => {
    const parent = tmp();
    const dir = join(parent, 'out');
    await writeOutputs(dir, [jsonFile('report.json', 1), csvFile('assignments.csv', ['x'], [[1]])]);
    await expect(writeOutputs(dir, [jsonFile('report.json', 2), failing])).rejects.toThrow(/cannot write to .*disk gone/);
    expect(readdirSync(dir).sort()).toEqual(['assignments.csv', 'report.json']);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('1\n');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('refuses a folder that holds files packopt did not write, and leaves it alone', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(writeOutputs(dir, [jsonFile('report.json', 1)])).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('notes.txt') });
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('replaces an earlier output folder that a file browser has visited (.DS_Store, Thumbs.db)', async () => {
    const dir = join(tmp(), 'out');
    await writeOutputs(dir, [jsonFile('report.json', 1)]);
    writeFileSync(join(dir, '.DS_Store'), 'finder');
    writeFileSync(join(dir, '._report.json'), 'finder');
    writeFileSync(join(dir, 'Thumbs.db'), 'explorer');
    await writeOutputs(dir, [jsonFile('report.json', 2)]);
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('2\n');
  });

  it('removes the hidden folders a killed run left beside DIR, once they are an hour old and hold only its files', async () => {
    const parent = tmp();
    const dir = join(parent, 'out');
    const stale = join(parent, '.out.new-0123456789ab');
    const fresh = join(parent, '.out.old-ba9876543210');
    const foreign = join(parent, '.out.new-aaaaaaaaaaaa');
    for (const d of [stale, fresh, foreign]) mkdirSync(d);
    writeFileSync(join(stale, 'report.json'), '{}');
    writeFileSync(join(fresh, 'report.json'), '{}');
    writeFileSync(join(foreign, 'thesis.docx'), 'mine');
    const old = new Date(Date.now() - 2 * 3600 * 1000);
    utimesSync(stale, old, old);
    utimesSync(foreign, old, old);
    await writeOutputs(dir, [jsonFile('report.json', 1)]);
    expect(readdirSync(parent).sort()).toEqual(['.out.new-aaaaaaaaaaaa', '.out.old-ba9876543210', 'out']);
  });

  it('still refuses a folder holding browser litter beside a file of the user\'s', async () => {
    const dir = tmp();
    writeFileSync(join(dir, '.DS_Store'), 'finder');
    writeFileSync(join(dir, 'budget.xlsx'), 'mine');
    await expect(writeOutputs(dir, [jsonFile('report.json', 1)])).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('budget.xlsx') });
    expect(readdirSync(dir).sort()).toEqual(['.DS_Store', 'budget.xlsx']);
  });

  it('refuses a folder that holds one of the run\'s input files', async () => {
    const dir = join(tmp(), 'q1');
    mkdirSync(dir);
    writeFileSync(join(dir, 'report.json'), '{}');
    await expect(writeOutputs(dir, [jsonFile('report.json', 1)], [join(dir, 'report.json')])).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('holds the input file'),
    });
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe('{}');
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
  });
});
