import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, scenarioDir } from '../helpers/cli.js';

interface BoxRow {
  box_id: string;
  length: number;
  width: number;
  height: number;
  shipments: number;
}

// 60 single-item shipments of 10 shapes; the config makes a search that would run for hours.
const shapes = [[3, 2, 1], [4, 3, 2], [6, 4, 2], [7, 5, 3], [9, 6, 2], [10, 8, 3], [12, 9, 5], [14, 10, 6], [5, 5, 5], [11, 7, 4]];
const SHIPMENTS = ['shipment_id,length,width,height', ...Array.from({ length: 60 }, (_, i) => {
  const [l, w, h] = shapes[(i * 7) % shapes.length]!;
  return `S${String(i).padStart(3, '0')},${l},${w},${h}`;
})].join('\n');
const BOXES = 'box_id,length,width,height\nA,8,8,8\nB,12,12,6\nC,16,12,8\nD,20,16,12\n';
const ENDLESS = JSON.stringify({ islands: 4, epochs: 1_000_000, moves_per_epoch: 2000, restarts: 1000, stall_limit: 1000 });

function endless() {
  const dir = scenarioDir({ 's.csv': SHIPMENTS, 'b.csv': BOXES, 'endless.json': ENDLESS });
  return ['-s', join(dir, 's.csv'), '-b', join(dir, 'b.csv'), '--config', join(dir, 'endless.json')];
}

describe('packopt optimize --threads (built CLI)', () => {
  it('gives the same report on the sample at --threads 1 and 2, timings aside', async () => {
    const sample = ['optimize', '-s', 'fixtures/sample/shipments.csv', '-b', 'fixtures/sample/boxes.csv', '--json', '--units', 'imperial'];
    const one = await runCli([...sample, '--threads', '1']);
    const two = await runCli([...sample, '--threads', '2']);
    for (const r of [one, two]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(a.search.threads).toBe(1);
    expect(b.search.threads).toBe(2);
    expect(b.optimized.metrics.boxes as BoxRow[]).toEqual(a.optimized.metrics.boxes as BoxRow[]);
    expect(b.bound).toEqual(a.bound);
    expect(b.search.iterations).toBe(a.search.iterations);
    // Everything else too (the bound's subgradient runs in every thread): only timings differ.
    for (const r of [a, b]) {
      delete r.search.threads;
      delete r.search.seconds;
      delete r.search.phases;
    }
    expect(b).toEqual(a);
  }, 300_000);

  it('stops at --time-limit with the best suite so far, and the process exits by itself', async () => {
    const started = performance.now();
    const r = await runCli(['optimize', ...endless(), '--json', '--threads', '2', '--time-limit', '2', '--units', 'imperial']);
    // A search cut short says so, on stderr even under --json.
    expect(r.stderr).toBe('packopt: warning: the search was cut short (--time-limit): the suite is the best found so far\n');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.search.stopped).toBe('time_limit');
    expect(report.optimized.metrics.boxes).toHaveLength(4);
    expect(report.warnings).toEqual(['the search was cut short (--time-limit): the suite is the best found so far']);
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it('on Ctrl-C reports the best suite so far and exits 130', async () => {
    const child = spawn(process.execPath, [BIN, 'optimize', ...endless(), '--json', '--threads', '2'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Reading 60 rows takes well under the 3 s wait: the interrupt lands mid-search.
    await new Promise((r) => setTimeout(r, 3000));
    const interruptedAt = performance.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done(-1);
      }, 20_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    expect(code).toBe(130);
    expect(performance.now() - interruptedAt).toBeLessThan(10_000);
    expect(stderr).toMatch(/^packopt: interrupted: the report shows the best suite found before Ctrl-C$/m);
    expect(stderr).not.toMatch(/interrupted: interrupted/);
    const report = JSON.parse(stdout);
    expect(report.search.stopped).toBe('interrupted');
    expect(report.optimized.metrics.boxes).toHaveLength(4);
  }, 60_000);
});
