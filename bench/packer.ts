// Packer benchmark: exact fills of guillotine-cut boxes (found / falsely claimed), the BoxPacker
// real orders against their shop's 4 boxes, and binpackingjs on the same cases, every placement
// checked by the independent verifier. Prints figures; asserts nothing.
// Run: npm run bench:packer [-- --cases 2000 --repeats 5]
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import * as binpacking from 'binpackingjs';
import { computeFitFrontier, frontierFits, packShipment, type PackOptions, type PackUnitSpec, type PackedUnit } from '../src/core/packer/index.js';
import { verifyPlacements } from '../test/helpers/verify-placements.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const CASES = arg('cases', 1000);
const REPEATS = arg('repeats', 5);
const SEED = arg('seed', 1);
const OPTS: PackOptions = { orderings: 6, exactUnits: 6, exactNodes: 20_000, clearance: 0, turns: 3 };
/** What `optimize` walks fit frontiers with (frontier_orderings 2, one box turn): cheaper, never wrong. */
const WALK_OPTS: PackOptions = { ...OPTS, orderings: 2, turns: 1 };

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)} %`;

interface Case { box: [number, number, number]; specs: PackUnitSpec[] }

/** A random integer box cut by random guillotine cuts into `pieces` pieces, shuffled and turned. */
function exactFillCase(rnd: () => number): Case {
  const ri = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const box: [number, number, number] = [ri(6, 40), ri(6, 40), ri(6, 40)];
  const target = ri(2, 12);
  const pieces: Array<[number, number, number]> = [[...box]];
  for (let guard = 0; pieces.length < target && guard < 1000; guard++) {
    const k = ri(0, pieces.length - 1);
    const p = pieces[k]!;
    const axis = ri(0, 2);
    if (p[axis]! < 2) continue;
    const at = ri(1, p[axis]! - 1);
    const a: [number, number, number] = [...p];
    const b: [number, number, number] = [...p];
    a[axis] = at;
    b[axis] = p[axis]! - at;
    pieces.splice(k, 1, a, b);
  }
  for (let i = pieces.length - 1; i > 0; i--) {
    const j = ri(0, i);
    [pieces[i], pieces[j]] = [pieces[j]!, pieces[i]!];
  }
  const specs = pieces.map((p) => {
    const d = [...p];
    for (let i = 2; i > 0; i--) {
      const j = ri(0, i);
      [d[i], d[j]] = [d[j]!, d[i]!];
    }
    return { l: d[0]!, w: d[1]!, h: d[2]!, qty: 1, upright: false, compress: 0 };
  });
  return { box, specs };
}

// binpackingjs 4 ships its 3D packer as pack3D (the BP3D name is from v3); its .d.ts files use
// extensionless re-exports that NodeNext cannot follow, hence this minimal local typing.
interface Item3D { name: string; width: number; height: number; depth: number; weight: number }
interface Pack3DResult {
  packedBins: ReadonlyArray<{ items: ReadonlyArray<{ name: string; position: readonly number[]; dimension: readonly number[] }> }>;
  unfitItems: readonly Item3D[];
}
const { pack3D } = binpacking as unknown as {
  pack3D: (o: { bins: Array<{ name: string; width: number; height: number; depth: number; maxWeight: number }>; items: Item3D[] }) => Pack3DResult;
};

/** binpackingjs on one box; its placements as ours, or null when it leaves a unit out. */
function packPeer(specs: readonly PackUnitSpec[], box: readonly [number, number, number]): PackedUnit[] | null {
  const items: Item3D[] = [];
  specs.forEach((s, line) => {
    for (let q = 0; q < s.qty; q++) items.push({ name: `${line}:${q}`, width: s.l, height: s.w, depth: s.h, weight: 0 });
  });
  const r = pack3D({ bins: [{ name: 'box', width: box[0], height: box[1], depth: box[2], maxWeight: 1e12 }], items });
  if (r.unfitItems.length > 0) return null;
  const placed = r.packedBins[0]?.items ?? [];
  return placed.map((it) => ({
    line: Number(it.name.split(':')[0]),
    x: it.position[0]!, y: it.position[1]!, z: it.position[2]!,
    l: it.dimension[0]!, w: it.dimension[1]!, h: it.dimension[2]!,
  }));
}

type Packer = (specs: readonly PackUnitSpec[], box: readonly [number, number, number]) => PackedUnit[] | null;
const PACKERS: Array<[string, Packer]> = [
  ['packopt', (s, b) => packShipment(s, b, OPTS)],
  ['binpackingjs', packPeer],
];
// Without exact searches (exactNodes 0): the bounds, columns and extreme-point heuristics alone.
const HEURISTIC_ONLY: [string, Packer] = ['packopt heuristics only', (s, b) => packShipment(s, b, { ...OPTS, exactNodes: 0 })];

function benchExactFill(): void {
  const rnd = mulberry32(SEED);
  const cases = Array.from({ length: CASES }, () => exactFillCase(rnd));
  console.log(`\n## Exact fill: ${CASES} guillotine-cut boxes, 2-12 pieces, seed ${SEED}`);
  for (const [name, pack] of [...PACKERS, HEURISTIC_ONLY]) {
    let found = 0, invalid = 0, falseClaims = 0;
    const byPieces = new Map<number, [number, number]>();
    const times: number[] = [];
    for (let rep = 0; rep < REPEATS; rep++) {
      const t0 = performance.now();
      for (const c of cases) pack(c.specs, c.box);
      times.push(performance.now() - t0);
    }
    for (const c of cases) {
      const placed = pack(c.specs, c.box);
      const k = c.specs.length;
      const row = byPieces.get(k) ?? [0, 0];
      row[1]++;
      if (placed !== null) {
        if (verifyPlacements(c.specs, c.box, placed).length > 0) invalid++;
        else {
          found++;
          row[0]++;
        }
      }
      byPieces.set(k, row);
      for (let axis = 0; axis < 3; axis++) {
        const smaller: [number, number, number] = [...c.box];
        smaller[axis]! -= 1;
        const s = pack(c.specs, smaller);
        if (s !== null) falseClaims++;
      }
    }
    console.log(`${name}: found ${found}/${CASES} (${pct(found, CASES)}), invalid placements ${invalid}, ` +
      `claimed fits with a side 1 smaller ${falseClaims}/${3 * CASES}, median ${median(times).toFixed(1)} ms for all cases (${REPEATS} runs)`);
    // With slack (every side 1 longer) the zero-slack searches no longer apply.
    let slackFound = 0;
    for (const c of cases) {
      const bigger: [number, number, number] = [c.box[0] + 1, c.box[1] + 1, c.box[2] + 1];
      const s = pack(c.specs, bigger);
      if (s !== null && verifyPlacements(c.specs, bigger, s).length === 0) slackFound++;
    }
    console.log(`  same pieces, box 1 longer on every side: found ${slackFound}/${CASES} (${pct(slackFound, CASES)})`);
    const rows = [...byPieces.entries()].sort((a, b) => a[0] - b[0]).map(([k, [f, n]]) => `${k}:${pct(f, n)}`);
    console.log(`  found by piece count: ${rows.join('  ')}`);
  }
}

interface Order { id: string; specs: PackUnitSpec[]; weight: number; volume: number; units: number }
interface Box { id: string; dims: [number, number, number]; maxWeight: number; emptyWeight: number }

function readBoxPacker(dir: string): { orders: Order[]; boxes: Box[] } {
  const rows = parse(readFileSync(`${dir}/shipments.csv`), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const orders: Order[] = [];
  let cur: Order | null = null;
  for (const r of rows) {
    const id = r['shipment_id']!;
    if (cur === null || cur.id !== id) {
      cur = { id, specs: [], weight: 0, volume: 0, units: 0 };
      orders.push(cur);
    }
    const qty = Number(r['quantity']);
    const [l, w, h] = [Number(r['length_mm']), Number(r['width_mm']), Number(r['height_mm'])];
    cur.specs.push({ l, w, h, qty, upright: false, compress: 0 });
    cur.weight += qty * Number(r['weight_g']);
    cur.volume += qty * l * w * h;
    cur.units += qty;
  }
  const boxRows = parse(readFileSync(`${dir}/boxes.csv`), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const boxes = boxRows.map((r) => ({
    id: r['box_id']!,
    dims: [Number(r['length_mm']), Number(r['width_mm']), Number(r['height_mm'])] as [number, number, number],
    maxWeight: Number(r['max_weight_g']),
    emptyWeight: Number(r['empty_weight_g'] ?? 0),
  }));
  return { orders, boxes };
}

function benchBoxPacker(): void {
  const dir = fileURLToPath(new URL('../../shared/data/boxpacker', import.meta.url));
  if (!existsSync(`${dir}/shipments.csv`)) {
    console.log(`\n## BoxPacker orders: skipped (${dir} not found)`);
    return;
  }
  const { orders, boxes } = readBoxPacker(dir);
  benchFrontier(orders);
  const units = orders.reduce((s, o) => s + o.units, 0);
  console.log(`\n## BoxPacker orders: ${orders.length} orders, ${units} units, ${boxes.length} boxes`);
  for (const [name, pack] of PACKERS) {
    // Timing: every order against every box (weight checked first, as the product does).
    const times: number[] = [];
    const timesAll: number[] = [];
    for (let rep = 0; rep < REPEATS; rep++) {
      let t0 = performance.now();
      for (const o of orders) for (const b of boxes) if (o.weight <= b.maxWeight) pack(o.specs, b.dims);
      times.push(performance.now() - t0);
      t0 = performance.now();
      for (const o of orders) for (const b of boxes) pack(o.specs, b.dims);
      timesAll.push(performance.now() - t0);
    }
    let fitted = 0, fittedWithBoxWeight = 0, invalid = 0, geometric = 0;
    let utilSum = 0;
    for (const o of orders) {
      let best: Box | null = null;
      let bestWithBoxWeight = false;
      let anyGeometric = false;
      for (const b of boxes) {
        const placed = pack(o.specs, b.dims);
        if (placed === null) continue;
        if (verifyPlacements(o.specs, b.dims, placed).length > 0) {
          invalid++;
          continue;
        }
        anyGeometric = true;
        if (o.weight > b.maxWeight) continue;
        if (o.weight + b.emptyWeight <= b.maxWeight) bestWithBoxWeight = true;
        const vol = b.dims[0] * b.dims[1] * b.dims[2];
        if (best === null || vol < best.dims[0] * best.dims[1] * best.dims[2]) best = b;
      }
      if (anyGeometric) geometric++;
      if (bestWithBoxWeight) fittedWithBoxWeight++;
      if (best !== null) {
        fitted++;
        utilSum += o.volume / (best.dims[0] * best.dims[1] * best.dims[2]);
      }
    }
    console.log(`${name}: fit one box ${fitted}/${orders.length} (${pct(fitted, orders.length)}; ` +
      `${fittedWithBoxWeight} counting the box's own weight, ${geometric} ignoring weight), ` +
      `mean utilization of the smallest fitting box ${pct(utilSum, fitted)}, invalid placements ${invalid}`);
    console.log(`  time, all orders x all boxes: median ${median(times).toFixed(0)} ms with the weight check first, ` +
      `${median(timesAll).toFixed(0)} ms packing every pair (${REPEATS} runs)`);
  }
}

/** Fit frontiers of real orders on a 25 mm grid up to 1200 mm (about the default 1 in grid). */
function benchFrontier(orders: Order[]): void {
  const axis = Array.from({ length: 48 }, (_, i) => 25 * (i + 1));
  const sample = orders.filter((_, i) => i % 8 === 0);
  const times: number[] = [];
  let evaluations = 0, points = 0, truncated = 0, checked = 0, wrong = 0;
  for (const o of sample) {
    const t0 = performance.now();
    const f = computeFitFrontier(o.specs, { values: [axis, axis, axis], orientation: 'free', maxPoints: 64 }, WALK_OPTS);
    times.push(performance.now() - t0);
    evaluations += f.evaluations;
    points += f.points.length / 3;
    if (f.truncated) truncated++;
    // Every frontier point must carry a real, verified packing.
    for (let k = 0; k < f.points.length; k += 3) {
      const box: [number, number, number] = [f.points[k]!, f.points[k + 1]!, f.points[k + 2]!];
      const placed = packShipment(o.specs, box, OPTS);
      checked++;
      if (placed === null || verifyPlacements(o.specs, box, placed).length > 0 || !frontierFits(f, box)) wrong++;
    }
  }
  const total = times.reduce((a, b) => a + b, 0);
  console.log(`\n## Fit frontiers: ${sample.length} BoxPacker orders (every 8th), 48 values per axis (25-1200 mm), maxPoints 64, walk options ${JSON.stringify(WALK_OPTS)}`);
  console.log(`median ${median(times).toFixed(2)} ms per order, total ${total.toFixed(0)} ms, ${(evaluations / sample.length).toFixed(1)} packer calls per order ` +
    `(of ${48 * 48 * 48} grid boxes), ${(points / sample.length).toFixed(1)} points per order, truncated ${truncated}, points not re-proved ${wrong}/${checked}`);
}

console.log(`packer bench: node ${process.version}, options ${JSON.stringify(OPTS)}`);
benchExactFill();
benchBoxPacker();
