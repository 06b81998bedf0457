// --config FILE: the advanced parameters as JSON, validated against the one schema (SPEC §7).
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { validateParams, type ParamsRaw } from '../core/params.js';

export async function readConfig(file: string | undefined): Promise<ParamsRaw> {
  let json: unknown = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (err as Error).message})`;
      throw new InputError([{ file, line: null, column: null, reason }]);
    }
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw new InputError([{ file, line: null, column: null, reason: `not valid JSON: ${(err as Error).message}` }]);
    }
  }
  const { params, errors } = validateParams(json);
  if (!params) {
    throw new InputError(errors.map((reason) => ({ file: file ?? '--config', line: null, column: null, reason })));
  }
  return params;
}
