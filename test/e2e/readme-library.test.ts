// The README's "Use as a library" example, run as written against the built package.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scenarioDir } from '../helpers/cli.js';

describe('README: Use as a library', () => {
  it('runs the example: evaluate and optimize on fixtures/sample, imported from packopt', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use as a library'));
    const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    const dir = scenarioDir({ 'example.mjs': code! });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'packopt'), 'dir');
    const r = spawnSync(process.execPath, [join(dir, 'example.mjs')], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^current suite: \d+ of 3000 shipments fit$/);
    expect(lines[1]).toMatch(/^8 boxes save \d+\.\d% of the box volume$/);
    expect(lines.slice(2)).toHaveLength(8);
  }, 120_000);
});
