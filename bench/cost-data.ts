// Priced boxes for the cost case of bench:optimize: a boxes CSV (box_id, length, width, height,
// max_weight, in inches and pounds) gets a `type` and a `price` column, the price a line through
// the box's corrugate blank area (SPEC §5, FEFCO 0201, glue flap 1.5 in), plus one mailer row like
// the sample's M01. Nothing here is random: the same boxes file gives the same priced file.
//
//   npx tsx bench/cost-data.ts bench/data/cost100k/boxes.csv > bench/data/cost100k/boxes-priced.csv
import { readFileSync } from 'node:fs';

export const PRICE_FIXED = 0.35;
export const PRICE_PER_FT2 = 0.12;
export const GLUE_FLAP_IN = 1.5;
export const MAILER_ROW = 'M01,mailer,12,9,2,50,0.18';

/** Blank area (in²) of a regular slotted carton with inner sides l, w, h, in its least-board orientation. */
export function blankArea(l: number, w: number, h: number): number {
  const [a, b, c] = [l, w, h].sort((x, y) => x - y) as [number, number, number];
  return Math.min((2 * (c + a) + GLUE_FLAP_IN) * (a + b), (2 * (b + a) + GLUE_FLAP_IN) * (a + c));
}

export function priceBoxes(csv: string): string {
  const lines = csv.trim().split(/\r?\n/);
  const head = lines[0]!.split(',').map((s) => s.trim().toLowerCase());
  const col = (name: string) => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`boxes file: no ${name} column`);
    return i;
  };
  const [id, l, w, h, mw] = ['box_id', 'length', 'width', 'height', 'max_weight'].map(col) as number[];
  const out = ['box_id,type,length,width,height,max_weight,price', MAILER_ROW];
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const area = blankArea(Number(f[l!]), Number(f[w!]), Number(f[h!]));
    const price = PRICE_FIXED + (PRICE_PER_FT2 * area) / 144;
    out.push([f[id!], 'box', f[l!], f[w!], f[h!], f[mw!], price.toFixed(2)].join(','));
  }
  return out.join('\n') + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(priceBoxes(readFileSync(process.argv[2]!, 'utf8')));
}
