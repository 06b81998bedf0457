// Box geometry: sorted dimensions, volume, the corrugate blank of a regular slotted container,
// and the single-item fit test. Unit-agnostic: every length is in the caller's one length unit.

/** Three lengths, any order unless the name says "sorted" (ascending). */
export type Dims = readonly [number, number, number];

/** Tolerance for comparisons of lengths that went through unit conversion (one part in 10^9). */
export const EPS = 1e-9;

/** The three lengths sorted ascending. */
export function sortDims(l: number, w: number, h: number): [number, number, number] {
  let a = l;
  let b = w;
  let c = h;
  if (a > b) [a, b] = [b, a];
  if (b > c) [b, c] = [c, b];
  if (a > b) [a, b] = [b, a];
  return [a, b, c];
}

/** Inner volume of a box (length³). */
export function computeBoxVolume(l: number, w: number, h: number): number {
  return l * w * h;
}

/**
 * Blank area (length²) of a FEFCO 0201 regular slotted container with inner dims l×w×h and glue
 * flap `glueFlap`, in its least-board orientation. With sorted dims a ≤ b ≤ c the smallest side is
 * the blank's width: it sets the flap depth, so the cheaper of the two layouts that keep it there wins.
 */
export function computeBlankArea(l: number, w: number, h: number, glueFlap: number): number {
  const [a, b, c] = sortDims(l, w, h);
  return Math.min((2 * (c + a) + glueFlap) * (a + b), (2 * (b + a) + glueFlap) * (a + c));
}

/** `x ≤ y` up to the conversion tolerance. */
export function leq(x: number, y: number): boolean {
  return x <= y + EPS * Math.max(1, Math.abs(y));
}

/**
 * Does one item (dims in any order) fit a box with inner dims `box` ([L, W, H], H the box's height)?
 * Any axis-aligned rotation is allowed, unless `upright`: then the item's own height `h` must stay
 * along the box's H and only its footprint turns. `compress` (0–0.9) lets the item's smallest
 * dimension shrink by that share. `clearance` is added to each item dimension.
 */
export function fitsItem(
  l: number,
  w: number,
  h: number,
  box: Dims,
  clearance = 0,
  upright = false,
  compress = 0,
): boolean {
  if (upright) {
    // Compression squeezes the smallest of the item's three sides, wherever it lies.
    let il = l;
    let iw = w;
    let ih = h;
    if (compress > 0) {
      const m = Math.min(il, iw, ih);
      if (ih === m) ih *= 1 - compress;
      else if (il === m) il *= 1 - compress;
      else iw *= 1 - compress;
    }
    const [fa, fb] = il <= iw ? [il, iw] : [iw, il];
    const [ba, bb] = box[0] <= box[1] ? [box[0], box[1]] : [box[1], box[0]];
    return leq(ih + clearance, box[2]) && leq(fa + clearance, ba) && leq(fb + clearance, bb);
  }
  // sortDims twice, without its arrays: this runs once per class and box (millions of times).
  let a = l;
  let b = w;
  let c = h;
  let t: number;
  if (a > b) { t = a; a = b; b = t; }
  if (b > c) { t = b; b = c; c = t; }
  if (a > b) { t = a; a = b; b = t; }
  let x = box[0];
  let y = box[1];
  let z = box[2];
  if (x > y) { t = x; x = y; y = t; }
  if (y > z) { t = y; y = z; z = t; }
  if (x > y) { t = x; x = y; y = t; }
  return leq(a * (1 - compress) + clearance, x) && leq(b + clearance, y) && leq(c + clearance, z);
}
