// A box suite: the boxes a site stocks, in file order (the order breaks assignment ties).

/** One box of a suite, inner dims in the length unit as given (H is the box's height). */
export interface Box {
  id: string;
  length: number;
  width: number;
  height: number;
  /** Heaviest shipment it may carry (weight unit), or null. */
  maxWeight: number | null;
  /** `optimize` must keep this box. */
  locked: boolean;
}
