// Seeded generator of an e-commerce order history, written independently of generate-sample.ts to
// check figures on data that packopt's own sample generator did not shape: a catalogue of 20,000
// SKUs that changes over two years (SKUs launched and retired along the order dates), six product
// categories, Zipf-like popularity, about 40 % multi-line orders (2-8 lines, 1-3 units a line),
// dimensions measured to 0.1 in and weights to 0.01 lb, and a current suite of 13 stock carton
// sizes. Every order fits the largest carton: an order the packer cannot fit is trimmed.
//
//   tsx scripts/generate-orders.ts --out bench/data/orders100k --shipments 100000 --seed 5
//
// Writes DIR/shipments.csv (order_id, sku, qty, length_in, width_in, height_in, weight_lb,
// upright, compress, date; sorted by date, so ids follow time) and DIR/boxes.csv.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { unsafeUniformIntDistribution, xorshift128plus, type RandomGenerator } from 'pure-rand';
import { packShipment } from '../src/core/packer/index.js';
import { packOptionsOf } from '../src/core/fit.js';
import { defaultParams } from '../src/core/params.js';
import type { PackUnitSpec } from '../src/core/packer/types.js';

class Random {
  private readonly g: RandomGenerator;
  constructor(seed: number) {
    this.g = xorshift128plus(seed);
  }
  /** Uniform in [0, 1), 53 random bits. */
  float(): number {
    const hi = unsafeUniformIntDistribution(0, (1 << 26) - 1, this.g);
    const lo = unsafeUniformIntDistribution(0, (1 << 27) - 1, this.g);
    return (hi * 2 ** 27 + lo) / 2 ** 53;
  }
  between(a: number, b: number): number {
    return a + (b - a) * this.float();
  }
  int(a: number, b: number): number {
    return unsafeUniformIntDistribution(a, b, this.g);
  }
  /** Log-normal: the median times e^(sigma · a standard normal draw, Box-Muller). */
  lognormal(median: number, sigma: number): number {
    const z = Math.sqrt(-2 * Math.log(1 - this.float())) * Math.cos(2 * Math.PI * this.float());
    return median * Math.exp(sigma * z);
  }
  /** Index drawn with the given relative weights. */
  choose(weights: readonly number[]): number {
    let x = this.float() * weights.reduce((s, w) => s + w, 0);
    for (let i = 0; i < weights.length - 1; i++) if ((x -= weights[i]!) < 0) return i;
    return weights.length - 1;
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** Lengths measured to 0.1 in, weights to 0.01 lb. */
const tenth = (x: number) => Math.max(0.1, Math.round(x * 10) / 10);
const cent = (x: number) => Math.max(0.01, Math.round(x * 100) / 100);

interface Item {
  l: number;
  w: number;
  h: number;
  lb: number;
  upright?: boolean;
  compress?: number;
}

/** Product categories: share of the catalogue, and one SKU's size and weight (in, lb). */
const CATEGORIES: ReadonlyArray<{ name: string; share: number; draw: (r: Random) => Item }> = [
  { name: 'apparel', share: 0.3, draw: (r) => {
    if (r.float() < 0.2) { // shoes, in their shoe box
      const l = clamp(r.lognormal(12.5, 0.12), 8, 15);
      return { l, w: l * r.between(0.55, 0.68), h: l * r.between(0.3, 0.4), lb: r.lognormal(2, 0.3) };
    } // folded garments in a poly bag: flat, soft, light
    const l = clamp(r.lognormal(11.5, 0.18), 6, 18);
    const h = clamp(r.lognormal(1.3, 0.55), 0.3, 5);
    return { l, w: l * r.between(0.6, 0.85), h, lb: 0.1 + l * l * h * 0.004, compress: Math.round(r.between(3, 7)) / 10 };
  } },
  { name: 'books and media', share: 0.15, draw: (r) => {
    const l = clamp(r.lognormal(8.5, 0.15), 5, 12.5);
    const h = clamp(r.lognormal(0.9, 0.55), 0.2, 3.5);
    const w = l * r.between(0.62, 0.78);
    return { l, w, h, lb: l * w * h * 0.024 };
  } },
  { name: 'electronics', share: 0.15, draw: (r) => {
    const l = clamp(r.lognormal(7, 0.45), 2, 20);
    const w = l * r.between(0.45, 0.9);
    const h = Math.max(0.5, w * r.between(0.15, 0.7));
    return { l, w, h, lb: 0.1 + l * w * h * 0.014 };
  } },
  { name: 'household', share: 0.17, draw: (r) => {
    const l = clamp(r.lognormal(11, 0.4), 4, 22);
    const w = Math.min(16, l * r.between(0.5, 0.95));
    const h = clamp(w * r.between(0.3, 1), 1, 16);
    return { l, w, h, lb: l * w * h * 0.007 };
  } },
  { name: 'bottles', share: 0.1, draw: (r) => { // must ship standing up
    const d = clamp(r.lognormal(2.8, 0.2), 1.5, 4.5);
    const h = Math.min(12, d * r.between(2, 3.6));
    return { l: d, w: d, h, lb: 0.15 + d * d * h * 0.028, upright: true };
  } },
  { name: 'small hardware', share: 0.13, draw: (r) => {
    const l = clamp(r.lognormal(3.5, 0.5), 1, 10);
    const w = l * r.between(0.35, 0.9);
    const h = Math.max(0.2, w * r.between(0.2, 0.9));
    return { l, w, h, lb: l * w * h * 0.06 };
  } },
];

interface Sku extends Item {
  id: string;
  category: number;
  /** Days on sale: from `from` (inclusive) to `to` (exclusive); `from` < 0 for SKUs on sale before the history starts. */
  from: number;
  to: number;
  popularity: number;
}

const DAYS = 730;
const START = Date.UTC(2024, 0, 1);
/** A carton's 32 ECT weight limit, lb. */
const MAX_WEIGHT = 65;
/** Stock carton sizes (inner, in; height vertical for upright items), small mailer cartons to a large 24×18×18. */
const SUITE: ReadonlyArray<readonly [number, number, number]> = [
  [6, 4, 4], [8, 6, 4], [9, 6, 2], [10, 8, 4], [8, 8, 10], [12, 9, 3], [12, 10, 6],
  [14, 10, 4], [14, 12, 12], [16, 12, 8], [18, 14, 10], [20, 16, 12], [24, 18, 18],
];
const LARGEST = SUITE[SUITE.length - 1]!;

function makeCatalogue(r: Random, n: number): Sku[] {
  // Zipf popularity over a random ranking: rank k sells in proportion to 1 / k.
  const rank = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = n - 1; i > 0; i--) {
    const j = r.int(0, i);
    [rank[i], rank[j]] = [rank[j]!, rank[i]!];
  }
  return rank.map((k, i) => {
    const category = r.choose(CATEGORIES.map((c) => c.share));
    const it = CATEGORIES[category]!.draw(r);
    const life = clamp(r.lognormal(420, 0.6), 60, 3 * DAYS);
    // 40 % are on sale when the history starts; the rest launch along it.
    const from = r.float() < 0.4 ? -Math.floor(r.float() * life * 0.9) : r.int(0, DAYS - 1);
    return {
      id: `P${String(i + 1).padStart(5, '0')}`, category, from, to: Math.max(from + Math.round(life), 30), popularity: 1 / k,
      l: tenth(it.l), w: tenth(it.w), h: tenth(it.h), lb: cent(Math.min(it.lb, 40)), upright: it.upright ?? false, compress: it.compress ?? 0,
    };
  });
}

/** The SKUs on sale on one day, with cumulative popularity overall and per category. */
class Shelf {
  skus: Sku[] = [];
  cum: number[] = [];
  byCategory = CATEGORIES.map(() => ({ skus: [] as Sku[], cum: [] as number[] }));
  constructor(catalogue: readonly Sku[], day: number) {
    for (const s of catalogue) {
      if (s.from > day || s.to <= day) continue;
      this.skus.push(s);
      this.cum.push((this.cum.at(-1) ?? 0) + s.popularity);
      const c = this.byCategory[s.category]!;
      c.skus.push(s);
      c.cum.push((c.cum.at(-1) ?? 0) + s.popularity);
    }
  }
  pick(r: Random, category?: number): Sku {
    const { skus, cum } = category === undefined || this.byCategory[category]!.skus.length === 0 ? this : this.byCategory[category]!;
    const x = r.float() * cum.at(-1)!;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return skus[lo]!;
  }
}

const packOptions = packOptionsOf(defaultParams('imperial'));
const toSpecs = (lines: ReadonlyArray<{ sku: Sku; qty: number }>): PackUnitSpec[] =>
  lines.map(({ sku, qty }) => ({ l: sku.l, w: sku.w, h: sku.h, qty, upright: sku.upright ?? false, compress: sku.compress ?? 0 }));

/** Does the order fit the largest carton, weight included? */
function fitsLargest(lines: ReadonlyArray<{ sku: Sku; qty: number }>): boolean {
  if (lines.reduce((s, { sku, qty }) => s + sku.lb * qty, 0) > MAX_WEIGHT) return false;
  return packShipment(toSpecs(lines), LARGEST, packOptions) !== null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench/data/orders' },
      shipments: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '5' },
      skus: { type: 'string', default: '20000' },
    },
  });
  const n = Number(values.shipments);
  const r = new Random(Number(values.seed));
  const catalogue = makeCatalogue(r, Number(values.skus));
  await mkdir(values.out, { recursive: true });
  const out = createWriteStream(join(values.out, 'shipments.csv'));
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('order_id,sku,qty,length_in,width_in,height_in,weight_lb,upright,compress,date\n');
  const used = new Set<string>();
  let shelf: Shelf | null = null;
  let shelfDay = -1;
  let shelfMin = Infinity;
  let shelfMax = 0;
  let rows = 0, multiLine = 0, multiUnit = 0, trimmed = 0;
  for (let i = 0; i < n; i++) {
    // Orders grow by half over the two years: day = inverse of the cumulative density 1 + g·t.
    const g = 0.5;
    const u = (i + 0.5) / n;
    const day = Math.min(DAYS - 1, Math.floor((DAYS * (Math.sqrt(1 + 2 * g * u * (1 + g / 2)) - 1)) / g));
    if (day !== shelfDay) {
      shelf = new Shelf(catalogue, (shelfDay = day));
      shelfMin = Math.min(shelfMin, shelf.skus.length);
      shelfMax = Math.max(shelfMax, shelf.skus.length);
    }
    const lineCount = r.float() < 0.6 ? 1 : 2 + r.choose([40, 24, 14, 9, 6, 4, 3]);
    const lines: Array<{ sku: Sku; qty: number }> = [];
    for (let j = 0; j < lineCount; j++) {
      // Half of the later lines come from the first line's category (a basket of shirts, of books).
      const sku = shelf!.pick(r, j > 0 && r.float() < 0.5 ? lines[0]!.sku.category : undefined);
      if (lines.some((x) => x.sku === sku)) continue;
      const qty = 1 + (lineCount === 1 ? r.choose([95, 4, 1]) : r.choose([78, 15, 7]));
      lines.push({ sku, qty });
    }
    // A unit or a line at a time off the end until the order fits the largest carton.
    let cut = false;
    while ((lines.length > 1 || lines[0]!.qty > 1) && !fitsLargest(lines)) {
      const last = lines.at(-1)!;
      if (last.qty > 1) last.qty--;
      else lines.pop();
      cut = true;
    }
    if (cut) trimmed++;
    if (lines.length > 1) multiLine++;
    if (lines.length > 1 || lines[0]!.qty > 1) multiUnit++;
    const id = `O${String(i + 1).padStart(String(n).length, '0')}`;
    const date = new Date(START + day * 86_400_000).toISOString().slice(0, 10);
    let chunk = '';
    for (const { sku, qty } of lines) {
      used.add(sku.id);
      chunk += `${id},${sku.id},${qty},${sku.l},${sku.w},${sku.h},${sku.lb},${sku.upright},${sku.compress},${date}\n`;
      rows++;
    }
    await write(chunk);
  }
  out.end();
  await once(out, 'finish');
  const boxes = SUITE.map(([l, w, h]) => `C${l}-${w}-${h},${l},${w},${h},${MAX_WEIGHT}`);
  await writeFile(join(values.out, 'boxes.csv'), ['box_id,length_in,width_in,height_in,max_weight_lb', ...boxes].join('\n') + '\n');
  const pct = (x: number) => `${((100 * x) / n).toFixed(1)} %`;
  process.stderr.write(
    `wrote ${n} orders (${rows} rows) to ${join(values.out, 'shipments.csv')}: ${pct(multiLine)} multi-line, ${pct(multiUnit)} multi-unit, ` +
      `${pct(trimmed)} trimmed to fit; ${used.size} of ${catalogue.length} SKUs sold, ${shelfMin}-${shelfMax} on sale on a day\n`,
  );
}

await main();
