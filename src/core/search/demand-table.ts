// Demand classes as columns: at a million distinct shapes, an object and a nested array per class
// took about 400 bytes each; the table takes 30–100 (three numbers, an offset, three per point).

import type { DemandClass } from './types.js';

/**
 * The search's demand, one row per class: shipments (count-weighted), shipment weight, item volume
 * (length³), and its frontier points, class j's being points[3·e .. 3·e+2] for e in
 * start[j] .. start[j+1]−1, in canonical coordinates (DemandClass.frontier).
 */
export interface DemandTable {
  n: number;
  weight: Float64Array;
  shipWeight: Float64Array;
  itemVolume: Float64Array;
  start: Int32Array;
  points: Float64Array;
}

export function isDemandTable(d: readonly DemandClass[] | DemandTable): d is DemandTable {
  return !Array.isArray(d);
}

/** Number of demand classes, in either form. */
export function demandCount(d: readonly DemandClass[] | DemandTable): number {
  return isDemandTable(d) ? d.n : d.length;
}

/** Class j's frontier points as triples (a fresh copy). */
export function frontierAt(t: DemandTable, j: number): number[][] {
  const out: number[][] = [];
  for (let e = t.start[j]!; e < t.start[j + 1]!; e++) out.push([t.points[3 * e]!, t.points[3 * e + 1]!, t.points[3 * e + 2]!]);
  return out;
}

/** Class j as a DemandClass object (for code that takes one class at a time). */
export function demandClassAt(t: DemandTable, j: number): DemandClass {
  return { weight: t.weight[j]!, shipWeight: t.shipWeight[j]!, itemVolume: t.itemVolume[j]!, frontier: frontierAt(t, j) };
}

/** Appends classes row by row; the columns grow by doubling and are trimmed by finish(). */
export class DemandTableBuilder {
  n = 0;
  private nPoints = 0;
  private weight = new Float64Array(1024);
  private shipWeight = new Float64Array(1024);
  private itemVolume = new Float64Array(1024);
  private start = new Int32Array(1025);
  private points = new Float64Array(3 * 1024);

  add(weight: number, shipWeight: number, itemVolume: number, frontier: readonly (readonly number[])[]): void {
    if (this.n === this.weight.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T, size: number): T => {
        const b = new (a.constructor as new (n: number) => T)(size);
        b.set(a);
        return b;
      };
      const cap = 2 * this.weight.length;
      this.weight = grow(this.weight, cap);
      this.shipWeight = grow(this.shipWeight, cap);
      this.itemVolume = grow(this.itemVolume, cap);
      this.start = grow(this.start, cap + 1);
    }
    while (3 * (this.nPoints + frontier.length) > this.points.length) {
      const b = new Float64Array(2 * this.points.length);
      b.set(this.points);
      this.points = b;
    }
    const j = this.n++;
    this.weight[j] = weight;
    this.shipWeight[j] = shipWeight;
    this.itemVolume[j] = itemVolume;
    for (const p of frontier) {
      this.points[3 * this.nPoints] = p[0]!;
      this.points[3 * this.nPoints + 1] = p[1]!;
      this.points[3 * this.nPoints + 2] = p[2]!;
      this.nPoints++;
    }
    this.start[j + 1] = this.nPoints;
  }

  finish(): DemandTable {
    const n = this.n;
    return {
      n,
      weight: this.weight.slice(0, n),
      shipWeight: this.shipWeight.slice(0, n),
      itemVolume: this.itemVolume.slice(0, n),
      start: this.start.slice(0, n + 1),
      points: this.points.slice(0, 3 * this.nPoints),
    };
  }
}

/** A DemandClass list as a table; a table is returned as it is. */
export function toDemandTable(d: readonly DemandClass[] | DemandTable): DemandTable {
  if (isDemandTable(d)) return d;
  const b = new DemandTableBuilder();
  for (const c of d) b.add(c.weight, c.shipWeight, c.itemVolume ?? 0, c.frontier);
  return b.finish();
}
