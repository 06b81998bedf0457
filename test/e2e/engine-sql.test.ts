// The README's warehouse query (SPEC §8), run for real: DuckDB folds a generated history the way the
// README says, and packopt must report the same on the folded file as on the raw one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

// A dev dependency with a native binding: skip, and say why, only where it cannot load.
const duckdb = await import('@duckdb/node-api').catch((e: unknown) => String(e instanceof Error ? e.message : e).split('\n')[0]!);
const unavailable = typeof duckdb === 'string' ? ` (skipped: @duckdb/node-api does not load here: ${duckdb})` : '';
if (unavailable) console.warn(`engine-sql.test.ts${unavailable}`);

/** The ```sql block that follows the README's marker naming this test, so the two cannot drift. */
function readReadmeQuery(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- test\/e2e\/engine-sql\.test\.ts[^>]*-->\s*```sql\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md: no ```sql block after the <!-- test/e2e/engine-sql.test.ts … --> marker');
  return m[1]!.trim();
}

const quoted = (path: string) => `'${path.replaceAll("'", "''")}'`;

// 2,000 shipments: over a quarter are multi-item orders, and some single rows carry several units.
const SHIPMENTS = 2000;
const SEED = 11;

describe.skipIf(typeof duckdb === 'string')(`the README's warehouse query, run in DuckDB${unavailable}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'packopt-engine-sql-'));
  const raw = join(dir, 'shipments.csv');
  const folded = join(dir, 'folded.csv');
  const boxes = join(dir, 'boxes.csv');
  // A shorter search than the default: the point is the same answer on both files, not the best suite.
  const config = join(dir, 'search.json');
  writeFileSync(config, JSON.stringify({ islands: 3, epochs: 3, moves_per_epoch: 4000 }));

  beforeAll(async () => {
    const gen = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/generate-sample.ts'), '--out', dir, '--shipments', String(SHIPMENTS), '--seed', String(SEED)],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (gen.status !== 0) throw new Error(`generate-sample failed: ${gen.stderr}`);

    if (typeof duckdb === 'string') return;
    const db = await duckdb.DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      await conn.run(`CREATE TABLE shipment_lines AS SELECT * FROM read_csv(${quoted(raw)}, header = true)`);
      await conn.run(`COPY (${readReadmeQuery()}) TO ${quoted(folded)} (HEADER, DELIMITER ',')`);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('folds single-row shipments into rows with count and keeps multi-item orders line by line', () => {
    const rawRows = readFileSync(raw, 'utf8').trimEnd().split('\n');
    const [header, ...rows] = readFileSync(folded, 'utf8').trimEnd().split('\n');
    expect(header).toBe('shipment_id,length,width,height,quantity,weight,upright,compress,count');
    const cells = rows.map((r) => r.split(','));
    const total = cells.reduce((n, c) => n + Number(c[8]), 0);
    const idRows = new Map<string, number>();
    for (const c of cells) idRows.set(c[0]!, (idRows.get(c[0]!) ?? 0) + 1);
    const multi = [...idRows.values()].filter((n) => n > 1).length;
    // Every raw row is one folded row's worth: a count of single-row shipments, or a line of an order.
    expect(total).toBe(rawRows.length - 1);
    expect(rows.length).toBeLessThan(rawRows.length - 1);
    expect(cells.some((c) => Number(c[8]) > 1)).toBe(true);
    expect(cells.some((c) => Number(c[4]) > 1 && Number(c[8]) > 1)).toBe(true);
    expect(multi).toBeGreaterThan(SHIPMENTS / 10);
    // count only on single-row shipments (SPEC §3).
    expect(cells.every((c) => c[8] === '1' || idRows.get(c[0]!) === 1)).toBe(true);
  });

  /** Run a command on the raw and the folded history; return both reports. */
  async function both(args: string[]) {
    const [a, b] = await Promise.all(
      [raw, folded].map((file) => runCli([...args, '-s', file, '-b', boxes, '--json'])),
    );
    for (const r of [a!, b!]) expect(r.code, r.stderr).toBe(0);
    return [JSON.parse(a!.stdout), JSON.parse(b!.stdout)];
  }

  it('evaluate reports the same shipments, classes and metrics on both files', async () => {
    const [a, b] = await both(['evaluate']);
    expect(b.input.rows).toBeLessThan(a.input.rows);
    expect(b.input.shipments).toBe(SHIPMENTS);
    expect({ shipments: b.input.shipments, classes: b.input.classes }).toEqual({ shipments: a.input.shipments, classes: a.input.classes });
    expect(a.current.metrics.multi_item).toBeGreaterThan(0);
    expect(b.current).toEqual(a.current);
  });

  it('optimize finds the same suite, savings and bound on both files', async () => {
    const [a, b] = await both(['optimize', '--config', config, '--steps', '2', '--seed', '5', '--threads', '1']);
    expect({ shipments: b.input.shipments, classes: b.input.classes }).toEqual({ shipments: a.input.shipments, classes: a.input.classes });
    expect(b.current.metrics).toEqual(a.current.metrics);
    expect(b.optimized.metrics).toEqual(a.optimized.metrics);
    expect(b.savings).toEqual(a.savings);
    expect(b.bound).toEqual(a.bound);
    // The search itself walked the same path: same levels, classes, candidates and iterations.
    const { seconds: _sa, phases: _pa, ...searchA } = a.search;
    const { seconds: _sb, phases: _pb, ...searchB } = b.search;
    expect(searchB).toEqual(searchA);
  });
});
