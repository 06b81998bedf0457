// Shipments and their aggregation into classes: shipments of identical shape (same item lines,
// same weight) behave identically in every box, so memory grows with distinct shapes, not rows.
import { sortDims } from './geometry.js';

/** One item line of a shipment, in the report's units (length unit, weight unit). */
export interface ItemLine {
  /** Item dimensions of one unit (length unit), as given. */
  l: number;
  w: number;
  h: number;
  /** Units of this item (integer ≥ 1). */
  qty: number;
  /** Weight of one unit (weight unit); 0 when the file has none. */
  unitWeight: number;
  /** The item's height must stay vertical. */
  upright: boolean;
  /** Share (0–0.9) by which the item's smallest dimension may shrink when packed. */
  compress: number;
  sku: string;
}

/** Shipments of one shape, weighted by how many there are. */
export interface ShipmentClass {
  lines: ItemLine[];
  /** Total units over the lines. */
  units: number;
  /** Number of shipments of this shape (sum of `count`). */
  count: number;
  /** Item volume of one shipment: Σ units of l·w·h (length³). */
  itemVolume: number;
  /** Weight of one shipment (weight unit); 0 when unknown. */
  weight: number;
  /** The first shipment id seen with this shape, to name it in reports. */
  exampleId: string;
}

/** The canonical key of a shipment's shape: lines in a canonical order, dims sorted unless upright. */
export function computeShapeKey(lines: readonly ItemLine[]): string {
  const parts = lines.map((ln) => {
    const d = ln.upright ? (ln.l <= ln.w ? [ln.l, ln.w, ln.h] : [ln.w, ln.l, ln.h]) : sortDims(ln.l, ln.w, ln.h);
    return `${d[0]}x${d[1]}x${d[2]}*${ln.qty}@${ln.unitWeight}${ln.upright ? 'u' : ''}${ln.compress > 0 ? `c${ln.compress}` : ''}`;
  });
  if (parts.length > 1) parts.sort();
  return parts.join('+');
}

/** Accumulates shipments into classes keyed by shape. */
export class ClassTable {
  readonly classes: ShipmentClass[] = [];
  private readonly index = new Map<string, number>();

  /** Add `count` shipments of this shape; returns the class index. */
  add(lines: ItemLine[], count: number, id: string): number {
    const key = computeShapeKey(lines);
    return this.addKeyed(key, lines, count, id);
  }

  /** Add with a key the caller already computed (the same key computeShapeKey gives). */
  addKeyed(key: string, lines: ItemLine[], count: number, id: string): number {
    const found = this.index.get(key);
    if (found !== undefined) {
      this.classes[found]!.count += count;
      return found;
    }
    let units = 0;
    let itemVolume = 0;
    let weight = 0;
    for (const ln of lines) {
      units += ln.qty;
      itemVolume += ln.qty * ln.l * ln.w * ln.h;
      weight += ln.qty * ln.unitWeight;
    }
    const i = this.classes.length;
    this.classes.push({ lines, units, count, itemVolume, weight, exampleId: id });
    this.index.set(key, i);
    return i;
  }

  /** The class of a shape, if seen. */
  lookup(key: string): number | undefined {
    return this.index.get(key);
  }
}

/** Total weighted shipments over classes. */
export function countShipments(classes: readonly ShipmentClass[]): number {
  let n = 0;
  for (const c of classes) n += c.count;
  return n;
}
