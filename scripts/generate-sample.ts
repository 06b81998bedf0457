// Seeded generator of realistic sample data: a SKU catalog drawn from a few product families
// (flat goods, apparel that compresses, small electronics, home goods, upright bottles), shipments
// that pick from it (mostly single items, some multi-item orders), and a current 10-box suite.
//
//   tsx scripts/generate-sample.ts --out fixtures/sample --shipments 3000 --seed 7
//   tsx scripts/generate-sample.ts --out bench/data --shipments 1000000 --single --name ship-1m.csv
//   tsx scripts/generate-sample.ts --out bench/data --shipments 1000000 --distinct --name distinct-1m.csv
//
// --distinct writes single-item rows measured as real exports are (dims on a 0.1 in grid, weights on
// 0.01 lb), so that almost every row is its own shape.
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

interface Sku {
  id: string;
  l: number;
  w: number;
  h: number;
  weight: number;
  upright: boolean;
  compress: number;
  popularity: number;
}

class Rng {
  private g: RandomGenerator;
  constructor(seed: number) {
    this.g = xoroshiro128plus(seed);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return unsafeUniformIntDistribution(0, 0x3fffffff, this.g) / 0x40000000;
  }
  int(min: number, max: number): number {
    return unsafeUniformIntDistribution(min, max, this.g);
  }
  /** Log-normal with the given median and spread (sigma of the log). */
  logNormal(median: number, sigma: number): number {
    const u = Math.max(this.next(), 1e-12);
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * z);
  }
}

const quarter = (x: number) => Math.max(0.25, Math.round(x * 4) / 4);

function makeCatalog(rng: Rng, n: number): Sku[] {
  const skus: Sku[] = [];
  for (let i = 0; i < n; i++) {
    const family = rng.next();
    let l: number, w: number, h: number, weight: number;
    let upright = false;
    let compress = 0;
    if (family < 0.25) {
      // flat goods: books, documents, games
      l = rng.logNormal(10, 0.25); w = l * (0.6 + 0.3 * rng.next()); h = rng.logNormal(1, 0.6);
      weight = (l * w * h) * 0.025;
    } else if (family < 0.5) {
      // apparel: soft, folds flat under pressure
      l = rng.logNormal(12, 0.2); w = l * (0.7 + 0.2 * rng.next()); h = rng.logNormal(2.5, 0.4);
      weight = rng.logNormal(0.8, 0.5); compress = [0.3, 0.5, 0.5, 0.6][rng.int(0, 3)]!;
    } else if (family < 0.75) {
      // small electronics and accessories
      l = rng.logNormal(6, 0.45); w = l * (0.4 + 0.5 * rng.next()); h = w * (0.3 + 0.6 * rng.next());
      weight = (l * w * h) * 0.012;
    } else if (family < 0.93) {
      // home goods: larger, boxy
      l = rng.logNormal(14, 0.4); w = l * (0.5 + 0.45 * rng.next()); h = w * (0.4 + 0.6 * rng.next());
      weight = (l * w * h) * 0.006;
    } else {
      // bottles and jars: must stay upright
      const d = rng.logNormal(3.2, 0.25);
      l = d; w = d; h = d * (2 + 1.5 * rng.next()); upright = true;
      weight = (l * w * h) * 0.03;
    }
    skus.push({
      id: `SKU${String(i + 1).padStart(6, '0')}`,
      l: quarter(Math.min(l, 40)),
      w: quarter(Math.min(w, 30)),
      h: quarter(Math.min(h, 24)),
      weight: Math.round(Math.max(0.05, weight) * 100) / 100,
      upright,
      compress,
      popularity: rng.logNormal(1, 1.2),
    });
  }
  return skus;
}

/** Cumulative popularity, so a pick is one binary search. */
function picker(skus: Sku[], rng: Rng): () => Sku {
  const cum = new Float64Array(skus.length);
  let s = 0;
  skus.forEach((k, i) => (cum[i] = s += k.popularity));
  return () => {
    const x = rng.next() * s;
    let lo = 0;
    let hi = skus.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return skus[lo]!;
  };
}

const SUITE = [
  ['B01', 6, 4, 4], ['B02', 8, 6, 4], ['B03', 10, 8, 4], ['B04', 12, 9, 3], ['B05', 12, 10, 6],
  ['B06', 14, 10, 8], ['B07', 16, 12, 8], ['B08', 18, 14, 10], ['B09', 20, 16, 12], ['B10', 24, 18, 12],
] as const;

async function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'fixtures/sample' },
      shipments: { type: 'string', default: '3000' },
      skus: { type: 'string', default: '' },
      seed: { type: 'string', default: '7' },
      single: { type: 'boolean', default: false },
      name: { type: 'string', default: 'shipments.csv' },
      'no-boxes': { type: 'boolean', default: false },
      distinct: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.shipments);
  const rng = new Rng(Number(values.seed));
  const skuCount = values.skus ? Number(values.skus) : Math.min(20_000, Math.max(300, Math.round(n / 10)));
  const pick = picker(makeCatalog(rng, skuCount), rng);
  await mkdir(values.out, { recursive: true });
  const out = createWriteStream(join(values.out, values.name));
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('shipment_id,sku,quantity,length,width,height,weight,upright,compress,date\n');
  const width = String(n).length;
  const start = Date.UTC(2025, 0, 1);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const id = `S${String(i + 1).padStart(width, '0')}`;
    const date = new Date(start + Math.floor((i / n) * 365) * 86_400_000).toISOString().slice(0, 10);
    const r = rng.next();
    if (values.distinct) {
      // The SKU's nominal size, jittered as a measuring station would record it.
      const k = pick();
      const tenth = (x: number) => Math.max(0.1, Math.round(x * (0.9 + 0.2 * rng.next()) * 10) / 10);
      const weight = Math.max(0.01, Math.round(k.weight * (0.8 + 0.4 * rng.next()) * 100) / 100);
      await write(`${id},${k.id},1,${tenth(k.l)},${tenth(k.w)},${tenth(k.h)},${weight},${k.upright},${k.compress},${date}\n`);
      rows++;
      continue;
    }
    const lines = values.single || r < 0.72 ? 1 : r < 0.9 ? 2 : r < 0.97 ? 3 : 4;
    const seen = new Set<string>();
    let chunk = '';
    for (let j = 0; j < lines; j++) {
      const k = pick();
      if (seen.has(k.id)) continue;
      seen.add(k.id);
      const qty = values.single ? 1 : rng.next() < 0.88 ? 1 : rng.int(2, 4);
      chunk += `${id},${k.id},${qty},${k.l},${k.w},${k.h},${k.weight},${k.upright},${k.compress},${date}\n`;
      rows++;
    }
    await write(chunk);
  }
  out.end();
  await once(out, 'finish');
  if (!values['no-boxes']) {
    const boxes = ['box_id,length,width,height,max_weight', ...SUITE.map(([id, l, w, h]) => `${id},${l},${w},${h},50`)];
    await writeFile(join(values.out, 'boxes.csv'), boxes.join('\n') + '\n');
  }
  process.stderr.write(`wrote ${n} shipments (${rows} rows, ${skuCount} SKUs) to ${join(values.out, values.name)}\n`);
}

await main();
