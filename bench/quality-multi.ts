// Multi-item and upright instances for bench/quality.ts: shipments drawn from the generated sample
// (fixtures/sample, scripts/generate-sample.ts: multi-item orders, upright bottles), prepared as
// `optimize` prepares them (prepareOptimization: evaluation, fit frontiers, the current boxes
// added to multi-item frontiers), searched by the same searchSuite, and the exact p-median MIP
// built independently from the same demand classes on the final grid.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { prepareOptimization, searchSuite } from '../src/api/optimize.js';
import { defaultParams } from '../src/core/params.js';
import { demandClassAt, makeCostOf, optimizeSuite, type SearchProblem, type SearchResult } from '../src/core/search/index.js';

const TOL = 1e-9;

export interface MultiCase {
  name: string;
  k: number;
  /** Shipments drawn, of them multi-item (more than one unit) and with an upright item. */
  shipments: number;
  multi: number;
  upright: number;
  orientation: string;
  /** The problem searchSuite handed to the search, and its result. */
  problem: SearchProblem;
  result: SearchResult;
  ourSeconds: number;
  /** The MIP: merged classes on the final grid, distinct boxes (by the classes they fit), fit pairs. */
  mip: MipData;
  /** The same with dominated candidates kept: the formulation whose LP relaxation the bound relaxes. */
  full: MipData;
}

export interface MipData {
  classes: number;
  tightBoxes: number;
  candidates: number;
  pairs: number;
  /** Per candidate, its box (the cheapest of those that fit the same classes). */
  boxes: number[][];
  weight: number[];
  pairsOf: [number, number][][];
}

/** Draw `n` shipments (all rows of each) from a shipments CSV, seeded. */
function drawShipments(csv: string, n: number, seed: number): { text: string; multi: number; upright: number } {
  const lines = csv.trimEnd().split('\n');
  const header = lines[0]!;
  const cols = header.split(',');
  const qty = cols.indexOf('quantity');
  const up = cols.indexOf('upright');
  const rows = new Map<string, string[]>();
  for (const ln of lines.slice(1)) {
    const id = ln.slice(0, ln.indexOf(','));
    if (!rows.has(id)) rows.set(id, []);
    rows.get(id)!.push(ln);
  }
  const ids = [...rows.keys()];
  const gen = xoroshiro128plus(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = unsafeUniformIntDistribution(0, i, gen);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const chosen = ids.slice(0, n);
  let multi = 0;
  let upright = 0;
  const out = [header];
  for (const id of chosen) {
    const rs = rows.get(id)!;
    const units = rs.reduce((s, r) => s + Number(r.split(',')[qty]), 0);
    if (units > 1) multi++;
    if (rs.some((r) => r.split(',')[up] === 'true')) upright++;
    out.push(...rs);
  }
  return { text: out.join('\n') + '\n', multi, upright };
}

/**
 * The MIP's data, built from the search problem's demand classes without the search's code:
 * each frontier entry rounded up to the final grid (and to min_box_side), entries beyond max_box
 * dropped, identical classes merged; the universe is every tight box (each side a rounded entry
 * side on its axis; free a ≤ b ≤ c, upright a ≤ b), and boxes that fit the same classes are one
 * candidate at the cost of the cheapest.
 */
function buildMip(problem: SearchProblem, undominatedOnly: boolean): MipData {
  const { params, orientation } = problem;
  const step = params.steps[params.steps.length - 1]!;
  const up = (x: number) => Math.ceil(x / step - TOL) * step;
  const side = up(params.min_box_side);
  const mb = params.max_box.map((v) => Math.floor(v / step + TOL) * step);
  const canon = (d: readonly number[]): number[] => (orientation === 'free' ? [...d].sort((p, q) => p - q) : [Math.min(d[0]!, d[1]!), Math.max(d[0]!, d[1]!), d[2]!]);
  const byKey = new Map<string, number>();
  const weight: number[] = [];
  const entriesOf: number[][][] = [];
  const limit = params.new_box_max_weight;
  // The search reads its demand from the table when there is one (optimize builds one).
  const demand = problem.demandTable ? Array.from({ length: problem.demandTable.n }, (_, j) => demandClassAt(problem.demandTable!, j)) : problem.classes;
  for (const cls of demand) {
    if (limit !== null && cls.shipWeight > limit * (1 + TOL)) continue;
    const entries: number[][] = [];
    for (const raw of cls.frontier) {
      let e = canon(raw).map((v) => Math.max(up(v), side));
      if (orientation === 'free') e = e.sort((p, q) => p - q);
      if (e.some((v, x) => v > mb[x]! + TOL)) continue;
      entries.push(e);
    }
    if (entries.length === 0) continue;
    const key = entries.map((e) => e.map((v) => v.toFixed(6)).join(',')).sort().join(';');
    let j = byKey.get(key);
    if (j === undefined) {
      j = weight.length;
      byKey.set(key, j);
      weight.push(0);
      entriesOf.push(entries);
    }
    weight[j] = weight[j]! + cls.weight;
  }
  const values = [0, 1, 2].map((x) => [...new Set(entriesOf.flatMap((es) => es.map((e) => e[x]!)))].sort((p, q) => p - q));
  const costOf = makeCostOf(problem);
  const fits = (e: number[], b: number[]) => e[0]! <= b[0]! + TOL && e[1]! <= b[1]! + TOL && e[2]! <= b[2]! + TOL;
  // Distinct fit sets, each at its cheapest box.
  const bySet = new Map<string, { cost: number; classes: number[]; box: number[] }>();
  let tightBoxes = 0;
  for (const a of values[0]!)
    for (const b of values[1]!) {
      if (b < a - TOL) continue;
      for (const c of values[2]!) {
        if (orientation === 'free' && c < b - TOL) continue;
        tightBoxes++;
        const box = [a, b, c];
        const served: number[] = [];
        entriesOf.forEach((es, j) => {
          if (es.some((e) => fits(e, box))) served.push(j);
        });
        if (served.length === 0) continue;
        const key = served.join(',');
        const cost = costOf(a, b, c);
        const known = bySet.get(key);
        if (!known || cost < known.cost) bySet.set(key, { cost, classes: served, box });
      }
    }
  // A candidate another one dominates (it fits a superset of the classes at no higher cost) is
  // never needed: swapping it for the dominating one (or, if that is open already, for any
  // box) costs nothing. Dropping them keeps the MIP's optimum and shrinks it several-fold.
  const sets = [...bySet.values()].sort((p, q) => q.classes.length - p.classes.length || p.cost - q.cost);
  const words = Math.ceil(weight.length / 32);
  const bits = sets.map((s) => {
    const w = new Uint32Array(words);
    for (const j of s.classes) w[j >> 5]! |= 1 << (j & 31);
    return w;
  });
  const kept: number[] = [];
  for (let q = 0; q < sets.length; q++) {
    const dominated = kept.some((r) => sets[r]!.cost <= sets[q]!.cost + TOL && bits[q]!.every((w, x) => (w & ~bits[r]![x]!) === 0));
    if (!dominated || !undominatedOnly) kept.push(q);
  }
  const pairsOf: [number, number][][] = weight.map(() => []);
  let i = 0;
  let pairs = 0;
  const boxes: number[][] = [];
  for (const { cost, classes, box } of kept.map((q) => sets[q]!)) {
    boxes.push(box);
    for (const j of classes) pairsOf[j]!.push([i, cost]);
    pairs += classes.length;
    i++;
  }
  return { classes: weight.length, tightBoxes, candidates: i, pairs, boxes, weight, pairsOf };
}

/** The p-median MIP (or its LP relaxation) in CPLEX LP format, strong x_ij ≤ y_i form. */
export function pmedianText(mip: MipData, k: number, relax: boolean): string {
  const lines: string[] = ['Minimize', ' obj:'];
  const rows: string[] = [];
  mip.pairsOf.forEach((ps, j) => {
    for (const [i, c] of ps) {
      lines.push(` + ${(mip.weight[j]! * c).toFixed(6)} x${j}_${i}`);
      rows.push(` l${j}_${i}: x${j}_${i} - y${i} <= 0`);
    }
    const terms = ps.map(([i]) => `x${j}_${i}`);
    rows.push(` a${j}: ${terms[0]}`);
    for (const t of terms.slice(1)) rows.push(` + ${t}`);
    rows.push(' = 1');
  });
  rows.push(' k: y0');
  for (let i = 1; i < mip.candidates; i++) rows.push(` + y${i}`);
  rows.push(` = ${k}`);
  const bounds: string[] = [];
  mip.pairsOf.forEach((ps, j) => ps.forEach(([i]) => bounds.push(` x${j}_${i} <= 1`)));
  const ys = Array.from({ length: mip.candidates }, (_, i) => ` y${i}`);
  return [
    ...lines,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    ...(relax ? ys.map((y) => `${y} <= 1`) : ['Binary', ...ys]),
    'End',
  ].join('\n');
}

/** One instance: n shipments of the sample (draw `seed`), K boxes, grid steps. */
export async function multiCase(n: number, k: number, steps: number[], seed: number): Promise<MultiCase> {
  const drawn = drawShipments(readFileSync('fixtures/sample/shipments.csv', 'utf8'), n, seed);
  const dir = mkdtempSync(join(tmpdir(), 'packopt-quality-'));
  try {
    const shipmentsFile = join(dir, 'shipments.csv');
    writeFileSync(shipmentsFile, drawn.text);
    let problem: SearchProblem | null = null;
    let result: SearchResult | null = null;
    let ourSeconds = 0;
    const prep = await prepareOptimization({
      shipmentsFile,
      boxesFile: 'fixtures/sample/boxes.csv',
      objective: 'volume',
      params: { ...defaultParams('imperial'), steps },
      skipInvalid: false,
      coverAll: false,
      seed: 1,
      threads: 1,
      runSearch: async (p) => {
        problem = p;
        const t0 = performance.now();
        result = optimizeSuite(p);
        ourSeconds = (performance.now() - t0) / 1000;
        return result;
      },
    });
    await searchSuite(prep, k);
    const p = problem as unknown as SearchProblem;
    return {
      name: `sample n=${n} draw=${seed} step=${steps[steps.length - 1]} K=${k}`,
      k,
      shipments: n,
      multi: drawn.multi,
      upright: drawn.upright,
      orientation: p.orientation,
      problem: p,
      result: result as unknown as SearchResult,
      ourSeconds,
      mip: buildMip(p, true),
      full: buildMip(p, false),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
