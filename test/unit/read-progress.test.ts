import { describe, expect, it } from 'vitest';
import { createLogProgress, formatReadProgress } from '../../src/cli/progress.js';

describe('progress of a long read', () => {
  it('tells the share of the file read, the pace and the time left', () => {
    // A quarter of 400 MB in 10 s: 30 s to go.
    expect(formatReadProgress(2_500_000, 100e6, 400e6, 0, 10_000)).toBe('reading shipments: 25 % of 400 MB, 250,000 rows/s, 0:30 left');
  });

  it('counts rows only when the size is unknown (a pipe)', () => {
    expect(formatReadProgress(65_536, 5e6, 0, 0, 2_000)).toBe('reading shipments: 65,536 rows, 32,768 rows/s');
  });
});

describe('--verbose progress as log lines', () => {
  it('prints a starting step at once, then at most one line per 5 s, stamped with the elapsed time', () => {
    let now = 0;
    const lines: string[] = [];
    const p = createLogProgress((l) => lines.push(l), () => now);
    p.status(() => 'lower bound: step 0/1', true);
    now = 1000;
    p.update('reading shipments: 10 rows');
    now = 6500;
    p.update('reading shipments: 90 rows');
    p.status(() => 'lower bound: step 0/1', true);
    now = 7000;
    p.status(() => 'lower bound: step 0/1', true); // announced again at once: not repeated
    p.update('evaluating');
    p.done();
    expect(lines).toEqual([
      'packopt 0:00 lower bound: step 0/1\n',
      'packopt 0:06 reading shipments: 90 rows\n',
      'packopt 0:06 lower bound: step 0/1\n',
      'packopt 0:07 evaluating\n',
    ]);
  });
});
