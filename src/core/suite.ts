// A box suite: the boxes a site stocks, in file order (the order breaks assignment ties).

/** A regular slotted carton, or a flat mailer / poly bag (SPEC §9). */
export type PackageType = 'box' | 'mailer';

/**
 * One package of a suite, inner dims in the length unit as given (H is the box's height). For a
 * mailer, length × width is the flat inner size and height the thickest load it takes.
 */
export interface Box {
  id: string;
  length: number;
  width: number;
  height: number;
  /** Heaviest shipment it may carry (weight unit), or null. */
  maxWeight: number | null;
  /** `optimize` must keep this box. */
  locked: boolean;
  /** Absent: a box. */
  type?: PackageType;
  /** Purchase price of one unit (currency); absent when the file gives none (it then counts 0). */
  price?: number;
  /** Weight of the empty package (weight unit); absent: a box's corrugate weight, a mailer's 0. */
  emptyWeight?: number;
}

/** The package's type, `box` unless it says otherwise. */
export function packageTypeOf(box: Box): PackageType {
  return box.type ?? 'box';
}

export function isMailer(box: Box): boolean {
  return box.type === 'mailer';
}
