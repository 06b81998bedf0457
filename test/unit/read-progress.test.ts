import { describe, expect, it } from 'vitest';
import { formatReadProgress } from '../../src/cli/progress.js';

describe('progress of a long read', () => {
  it('tells the share of the file read, the pace and the time left', () => {
    // A quarter of 400 MB in 10 s: 30 s to go.
    expect(formatReadProgress(2_500_000, 100e6, 400e6, 0, 10_000)).toBe('reading shipments: 25 % of 400 MB, 250,000 rows/s, 0:30 left');
  });

  it('counts rows only when the size is unknown (a pipe)', () => {
    expect(formatReadProgress(65_536, 5e6, 0, 0, 2_000)).toBe('reading shipments: 65,536 rows, 32,768 rows/s');
  });
});
