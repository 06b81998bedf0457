// Public shapes of the multi-item packer (re-exported by index.ts).

/** One item line of a shipment. Lengths in the caller's one length unit. */
export interface PackUnitSpec {
  /** Item dims. */
  l: number;
  w: number;
  h: number;
  /** Integer >= 1 units of this line. */
  qty: number;
  /** The item's own h must stay along the box's H (third dim); only the footprint turns. */
  upright: boolean;
  /** 0..0.9: the item's smallest dimension may shrink by this share when packed. */
  compress: number;
}

/**
 * One placed unit. `line` indexes the specs array; x/y/z is the corner nearest the box origin and
 * l/w/h the placed extents (after rotation and compression) along the box's x/y/z.
 */
export interface PackedUnit {
  line: number;
  x: number;
  y: number;
  z: number;
  l: number;
  w: number;
  h: number;
}

export interface PackOptions {
  /** Item orderings the extreme-point heuristic tries (each with several merit rules). */
  orderings: number;
  /** Orders of at most this many units also get the exact search when the heuristics fail. */
  exactUnits: number;
  /** Node budget of the exact search per (order, box). */
  exactNodes: number;
  /** Shrinks the usable box by this much in each dimension (length unit). */
  clearance: number;
  /**
   * Turns of the box (each axis as the vertical one, canonical turn first) that the extreme-point
   * heuristic tries when no unit is upright; 1 (the default) tries the canonical turn only.
   */
  turns?: number;
}

/** Candidate box coordinates of the search, per canonical axis, each sorted ascending. */
export interface FrontierGrid {
  values: [number[], number[], number[]];
  /**
   * 'free': boxes are sorted triples a <= b <= c (no item is upright, so the box may turn);
   * 'upright': boxes are [a, b, H] with a <= b the footprint and H vertical.
   */
  orientation: 'free' | 'upright';
  /** Most points kept; when more are minimal, those of smallest volume are kept. */
  maxPoints: number;
  /**
   * A finer grid (each of `values` on it too): after the walk on `values`, each point is
   * tightened on it, one axis after the other, down to the next coarser value.
   */
  fine?: [number[], number[], number[]];
}

/** The minimal grid boxes the packer proved feasible, in canonical coordinates. */
export interface FitFrontier {
  orientation: 'free' | 'upright';
  /** Points as consecutive triples [a, b, c], sorted by volume ascending. */
  points: Float64Array;
  /** True when more minimal points existed than maxPoints allowed (the largest were dropped). */
  truncated: boolean;
  /** Packer calls spent building it. */
  evaluations: number;
}
