// Search quality: our suite against the proven optimum of an exact p-median MIP (HiGHS), on
// generated instances small enough for the MIP — catalog mode and a 1-inch grid. Prints figures;
// asserts nothing. Usage: npm run bench:quality [-- --quick | --cost | --multi]
import highsImport from 'highs';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { computeNewPackagePrice, computePackageCost, computeProposedPackageCost, computeShipmentCostTotal } from '../src/core/cost.js';
import { computeBlankArea } from '../src/core/geometry.js';
import { defaultParams } from '../src/core/params.js';
import { optimizeSuite, type DemandClass, type SearchProblem } from '../src/core/search/index.js';
import { multiCase, pmedianText } from './quality-multi.js';

type Box = [number, number, number];

// highs ships CommonJS types but an ESM build: the default import is the loader at run time,
// while the type checker sees the CommonJS module object.
type Loader = (typeof highsImport)['default'];
const loadHighs: Loader =
  typeof highsImport === 'function' ? (highsImport as unknown as Loader) : (highsImport as { default: Loader }).default;

interface Case {
  name: string;
  problem: SearchProblem;
  /** The MIP's candidate universe: every catalog box, or every tight box of the 1-inch grid. */
  universe: Box[];
  /** Under the cost objective: one shipment of class j in universe box i (currency). */
  pairCost?: (j: number, i: number) => number;
}

const quick = process.argv.includes('--quick');
/** `-- --cost`: the cost-objective instances alone. */
const costOnly = process.argv.includes('--cost');
/** `-- --multi`: the multi-item and upright instances alone (drawn from fixtures/sample). */
const multiOnly = process.argv.includes('--multi');

function int(gen: RandomGenerator, lo: number, hi: number): number {
  return unsafeUniformIntDistribution(lo, hi, gen);
}

function sorted(d: number[]): Box {
  return [...d].sort((a, b) => a - b) as Box;
}

/** Heavy-tailed demand: a few shapes carry most shipments, like real order histories. */
function weightOf(gen: RandomGenerator): number {
  const u = (int(gen, 1, 1_000_000) / 1_000_000) ** 3;
  return 1 + Math.floor(u * 500);
}

function catalogCase(seed: number, n: number, m: number, k: number, objective: 'volume' | 'corrugate'): Case {
  const gen = xoroshiro128plus(seed);
  const classes: DemandClass[] = [];
  for (let j = 0; j < n; j++) {
    const d = sorted([int(gen, 10, 160) / 10, int(gen, 10, 200) / 10, int(gen, 10, 240) / 10]);
    classes.push({ weight: weightOf(gen), shipWeight: 0, frontier: [d] });
  }
  const universe: Box[] = [[24, 24, 24]];
  const seen = new Set(['24,24,24']);
  while (universe.length < m) {
    const b = sorted([int(gen, 3, 18), int(gen, 3, 22), int(gen, 4, 26)]);
    if (!seen.has(b.join())) {
      seen.add(b.join());
      universe.push(b);
    }
  }
  const params = defaultParams('imperial');
  return {
    name: `catalog n=${n} m=${m} K=${k} ${objective}`,
    problem: {
      classes,
      k,
      objective,
      orientation: 'free',
      locked: [],
      catalog: universe.map((dims) => ({ dims, maxWeight: null })),
      params,
      seed: 1,
    },
    universe,
  };
}

function gridCase(seed: number, n: number, k: number, objective: 'volume' | 'corrugate', maxSide: number): Case {
  const gen = xoroshiro128plus(seed);
  const classes: DemandClass[] = [];
  for (let j = 0; j < n; j++) {
    const d = sorted([int(gen, 5, maxSide * 10) / 10, int(gen, 5, maxSide * 10) / 10, int(gen, 5, maxSide * 10) / 10]);
    classes.push({ weight: weightOf(gen), shipWeight: 0, frontier: [d] });
  }
  const params = { ...defaultParams('imperial'), steps: [2, 1] };
  // Every tight box of the 1-inch grid: each side a rounded class side on that axis (a ≤ b ≤ c).
  const axis = [0, 1, 2].map((x) => [...new Set(classes.map((c) => Math.max(1, Math.ceil(c.frontier[0]![x]! - 1e-9))))].sort((a, b) => a - b));
  const universe: Box[] = [];
  for (const a of axis[0]!) for (const b of axis[1]!) for (const c of axis[2]!) if (a <= b && b <= c) universe.push([a, b, c]);
  return {
    name: `grid n=${n} tight=${universe.length} K=${k} ${objective}`,
    problem: { classes, k, objective, orientation: 'free', locked: [], params, seed: 1 },
    universe,
  };
}

/** A carrier's card (lb → price): freight is a step function of billable weight; its last row carries the 24-in box. */
const RATES = { maxWeight: [1, 2, 3, 5, 10, 20, 30, 50, 70, 150], price: [4.1, 4.6, 5.2, 6.3, 8.9, 13.5, 17.8, 26.4, 34, 61] };

/**
 * The cost objective (SPEC §10): shipments with weights (0–30 lb) and item volumes, boxes priced
 * (catalog: a price line with ±20 % noise; grid: the proposed-price line), the rate card above and
 * void fill at 0.0005 per in³. The MIP prices every (class, box) pair as the search does.
 */
function costCase(seed: number, n: number, k: number, catalog: boolean): Case {
  const base = catalog ? catalogCase(seed, n, [30, 50, 80][seed % 3]!, k, 'volume') : gridCase(seed, n, k, 'volume', [8, 10, 12][seed % 3]!);
  const gen = xoroshiro128plus(seed + 7919);
  const params = { ...base.problem.params, rates: RATES, void_fill_price: 0.0005 };
  const classes = base.problem.classes.map((c) => {
    const [a, b, d] = c.frontier[0]!;
    return { ...c, shipWeight: int(gen, 0, 300) / 10, itemVolume: 0.6 * a! * b! * d! };
  });
  const newPrices = { boxFixed: 0.12, boxPerArea: 0.11, mailerPerArea: 0 };
  const prices = base.universe.map((b) =>
    catalog ? computeNewPackagePrice('box', b[2], b[1], b[0], newPrices, params) * (0.8 + int(gen, 0, 40) / 100) : 0,
  );
  const pkgs = base.universe.map((b, i) => {
    const box = { id: '', length: b[2], width: b[1], height: b[0], maxWeight: null, locked: false };
    return catalog ? computePackageCost({ ...box, price: prices[i]! }, params) : computeProposedPackageCost('box', b[2], b[1], b[0], newPrices, params);
  });
  const model = { params, rates: RATES };
  return {
    name: base.name.replace(' volume', ' cost'),
    problem: {
      ...base.problem,
      classes,
      objective: 'cost',
      params,
      newPrices,
      ...(catalog ? { catalog: base.universe.map((dims, i) => ({ dims, maxWeight: null, price: prices[i]! })) } : {}),
    },
    universe: base.universe,
    pairCost: (j, i) => computeShipmentCostTotal(pkgs[i]!, classes[j]!.shipWeight, classes[j]!.itemVolume, 0, model),
  };
}

function costOf(objective: SearchProblem['objective'], b: Box): number {
  return objective === 'volume' ? b[0] * b[1] * b[2] : computeBlankArea(b[0], b[1], b[2], 1.5);
}

/** The p-median MIP in CPLEX LP format: y_i open, x_ij assignment (strong x_ij ≤ y_i form). */
function mipText(c: Case, relax = false): string {
  const { classes, k, objective } = c.problem;
  const rows: string[] = [];
  const obj: string[] = [];
  const bounds: string[] = [];
  const used = new Set<number>();
  classes.forEach((cls, j) => {
    const e = cls.frontier[0]!;
    const terms: string[] = [];
    c.universe.forEach((b, i) => {
      const pc = c.pairCost ? c.pairCost(j, i) : costOf(objective, b);
      if (e[0]! <= b[0] + 1e-9 && e[1]! <= b[1] + 1e-9 && e[2]! <= b[2] + 1e-9 && pc < Infinity) {
        const v = `x${j}_${i}`;
        obj.push(`${(cls.weight * pc).toFixed(6)} ${v}`);
        terms.push(v);
        rows.push(` l${j}_${i}: ${v} - y${i} <= 0`);
        bounds.push(` ${v} <= 1`);
        used.add(i);
      }
    });
    rows.push(` a${j}: ${terms.join(' + ')} = 1`);
  });
  rows.push(` k: ${[...used].map((i) => `y${i}`).join(' + ')} = ${k}`);
  const wrap = (terms: string[], sep: string): string => {
    const lines: string[] = [];
    for (let q = 0; q < terms.length; q += 8) lines.push(' ' + terms.slice(q, q + 8).join(sep));
    return lines.join(`\n${sep.trim()} `);
  };
  return [
    'Minimize',
    ` obj: ${wrap(obj, ' + ')}`,
    'Subject To',
    ...rows.map((r) => (r.length > 500 ? r.replace(/ \+ /g, (m, off: number) => (off % 400 < 4 ? '\n + ' : m)) : r)),
    'Bounds',
    ...bounds,
    ...(relax ? [...used].map((i) => ` y${i} <= 1`) : ['Binary', ...[...used].map((i) => ` y${i}`)]),
    'End',
  ].join('\n');
}

/**
 * Multi-item and upright instances: shipments drawn from the generated sample, prepared and
 * searched as `optimize` does, against the MIP over every tight box of the final grid.
 */
async function runMulti(highs: Awaited<ReturnType<Loader>>): Promise<void> {
  // [shipments drawn, K, grid steps, draw seed]
  const plan: [number, number, number[], number][] = [
    [200, 4, [4, 2], 1],
    [200, 8, [4, 2], 2],
    [400, 6, [4, 2], 3],
    [400, 10, [4, 2], 4],
    [600, 4, [4, 2], 5],
    [600, 8, [4, 2], 6],
    [600, 10, [4, 2], 7],
    [400, 8, [4, 2], 1],
    [200, 4, [2, 1], 8],
    [200, 6, [2, 1], 1],
    [200, 8, [2, 1], 9],
    [200, 10, [2, 1], 10],
  ];
  const cases = quick ? plan.slice(0, 3) : plan;
  const gaps: number[] = [];
  const boundGaps: number[] = [];
  const lpGaps: number[] = [];
  console.log(
    'instance | orientation | multi-item / upright shipments | classes (search, MIP) | candidates (final level, MIP distinct, MIP undominated) | ours | optimum (MIP) | suite gap % | bound gap % | LP gap % | ours, full final level | ours s | MIP s',
  );
  for (const [n, k, steps, seed] of cases) {
    const c = await multiCase(n, k, steps, seed);
    const t0 = performance.now();
    const sol = highs.solve(pmedianText(c.mip, k, false), { mip_rel_gap: 1e-9, time_limit: 600, output_flag: false });
    const mipS = (performance.now() - t0) / 1000;
    if (sol.Status !== 'Optimal') {
      console.log(`${c.name} | MIP status ${sol.Status}`);
      continue;
    }
    const opt = sol.ObjectiveValue;
    // LP relaxation of the formulation with every distinct candidate (the one the bound relaxes).
    const lp = highs.solve(pmedianText(c.full, k, true), { output_flag: false });
    const lpGap = lp.Status === 'Optimal' ? (100 * (opt - lp.ObjectiveValue)) / opt : NaN;
    const res = c.result;
    const gap = (100 * (res.objective - opt)) / opt;
    const bgap = (100 * (opt - res.bound)) / opt;
    // The same search with every tight box a candidate on the final level (no neighbourhoods).
    const full = optimizeSuite({ ...c.problem, params: { ...c.problem.params, max_candidates: 1_000_000 } });
    const fullGap = (100 * (full.objective - opt)) / opt;
    gaps.push(gap);
    boundGaps.push(bgap);
    lpGaps.push(lpGap);
    const last = res.stats.levels[res.stats.levels.length - 1]!;
    console.log(
      `${c.name} | ${c.orientation} | ${c.multi} / ${c.upright} | ${last.classes}, ${c.mip.classes} | ${last.candidates}, ${c.full.candidates}, ${c.mip.candidates} | ${res.objective.toFixed(0)} | ${opt.toFixed(0)} | ${gap.toFixed(4)} | ${bgap.toFixed(4)} | ${lpGap.toFixed(4)} | ${fullGap.toFixed(4)} | ${c.ourSeconds.toFixed(2)} | ${mipS.toFixed(1)}`,
    );
    if (res.bound > opt * (1 + 1e-9)) console.log(`  BOUND ABOVE THE OPTIMUM: ${res.bound} > ${opt}`);
  }
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  console.log(`\n${gaps.length} multi-item instances solved to optimality by the MIP`);
  console.log(`suite gap: mean ${mean(gaps).toFixed(4)} %, worst ${Math.max(...gaps).toFixed(4)} %; optimum found ${gaps.filter((g) => g < 1e-6).length} / ${gaps.length}`);
  console.log(`bound below the optimum: mean ${mean(boundGaps).toFixed(4)} %, worst ${Math.max(...boundGaps).toFixed(4)} %, above it: ${boundGaps.filter((g) => g < -1e-7).length}`);
  console.log(`LP relaxation below the optimum: mean ${mean(lpGaps).toFixed(4)} %, worst ${Math.max(...lpGaps).toFixed(4)} %`);
}

async function main(): Promise<void> {
  const highs = await loadHighs();
  if (multiOnly) return runMulti(highs);
  const cases: Case[] = [];
  const ks = [3, 4, 5, 6, 8, 10, 12];
  let s = 100;
  for (let q = 0; q < (quick ? 4 : 14); q++) {
    const n = [50, 100, 200, 300][q % 4]!;
    const m = [30, 50, 80][q % 3]!;
    cases.push(catalogCase(s++, n, m, ks[q % ks.length]!, q % 3 === 2 ? 'corrugate' : 'volume'));
  }
  for (let q = 0; q < (quick ? 4 : 12); q++) {
    const n = [60, 120, 200][q % 3]!;
    cases.push(gridCase(s++, n, ks[(q + 2) % ks.length]!, q % 3 === 1 ? 'corrugate' : 'volume', [8, 10, 12][q % 3]!));
  }

  for (let q = 0; q < (quick ? 2 : 8); q++) cases.push(costCase(s++, [50, 100, 200][q % 3]!, ks[q % ks.length]!, q % 2 === 0));
  if (costOnly) cases.splice(0, cases.length, ...cases.filter((c) => c.problem.objective === 'cost'));

  if (!quick && !costOnly) {
    // Harder: more distinct shapes and a larger tight set (the MIP needs tens of seconds or more).
    for (const k of [4, 8, 12]) cases.push(gridCase(s++, 300, k, k === 8 ? 'corrugate' : 'volume', 14));
    cases.push(catalogCase(s++, 300, 80, 12, 'corrugate'));
  }

  const gaps: number[] = [];
  const costGaps: number[] = [];
  const boundGaps: number[] = [];
  const lpGaps: number[] = [];
  const restrictedGaps: number[] = [];
  const restrictedBoundGaps: number[] = [];
  let ourTime = 0;
  let mipTime = 0;
  console.log('instance | optimum (MIP) | ours | gap % | bound gap % | LP gap % | ours s | MIP s');
  for (const c of cases) {
    const t0 = performance.now();
    const res = optimizeSuite(c.problem);
    const t1 = performance.now();
    const sol = highs.solve(mipText(c), { mip_rel_gap: 1e-9, time_limit: 600, output_flag: false });
    const t2 = performance.now();
    if (sol.Status !== 'Optimal') {
      console.log(`${c.name} | MIP status ${sol.Status}`);
      continue;
    }
    const opt = sol.ObjectiveValue;
    // The LP relaxation is the best any Lagrangian bound of this relaxation can reach.
    const lp = highs.solve(mipText(c, true), { output_flag: false });
    const lpGap = lp.Status === 'Optimal' ? (100 * (opt - lp.ObjectiveValue)) / opt : NaN;
    lpGaps.push(lpGap);
    const gap = (100 * (res.objective - opt)) / opt;
    const bgap = (100 * (opt - res.bound)) / opt;
    gaps.push(gap);
    if (c.problem.objective === 'cost') costGaps.push(gap);
    boundGaps.push(bgap);
    ourTime += t1 - t0;
    mipTime += t2 - t1;
    if (!c.problem.catalog) {
      // Same instance with the candidate set capped at a quarter of the tight boxes, so the levels
      // search only around the coarser level's suites (what large real instances do).
      const cap = Math.max(20, Math.floor(c.universe.length / 4));
      const r2 = optimizeSuite({ ...c.problem, params: { ...c.problem.params, max_candidates: cap } });
      restrictedGaps.push((100 * (r2.objective - opt)) / opt);
      restrictedBoundGaps.push((100 * (opt - r2.bound)) / opt);
    }
    console.log(
      `${c.name} | ${opt.toFixed(0)} | ${res.objective.toFixed(0)} | ${gap.toFixed(4)} | ${bgap.toFixed(4)} | ${lpGap.toFixed(4)} | ${((t1 - t0) / 1000).toFixed(2)} | ${((t2 - t1) / 1000).toFixed(2)}`,
    );
  }
  const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  console.log(`\n${gaps.length} instances solved to optimality by the MIP`);
  console.log(`gap of our suite to the optimum: mean ${mean(gaps).toFixed(4)} %, worst ${Math.max(...gaps).toFixed(4)} %`);
  console.log(`optimum found: ${gaps.filter((g) => g < 1e-6).length} / ${gaps.length}`);
  console.log(`cost objective (pair costs, ${costGaps.length} instances): gap mean ${mean(costGaps).toFixed(4)} %, worst ${Math.max(...costGaps).toFixed(4)} %`);
  console.log(`Lagrangian bound below the optimum: mean ${mean(boundGaps).toFixed(4)} %, worst ${Math.max(...boundGaps).toFixed(4)} %`);
  console.log(`LP relaxation below the optimum (the best a Lagrangian bound can do): mean ${mean(lpGaps).toFixed(4)} %, worst ${Math.max(...lpGaps).toFixed(4)} %`);
  console.log(
    `grid instances with max_candidates = a quarter of the tight set (${restrictedGaps.length}): gap mean ${mean(restrictedGaps).toFixed(4)} %, worst ${Math.max(...restrictedGaps).toFixed(4)} %; bound below the optimum mean ${mean(restrictedBoundGaps).toFixed(4)} %, worst ${Math.max(...restrictedBoundGaps).toFixed(4)} %`,
  );
  console.log(`time: ours ${(ourTime / 1000).toFixed(1)} s, MIP ${(mipTime / 1000).toFixed(1)} s`);
}

await main();
