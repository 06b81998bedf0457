// Unit suffixes on column names and conversion into the report's units, done once at the edge:
// lengths to in (imperial) or cm (metric), weights to lb or kg.
import type { UnitSystem } from '../core/params.js';
import type { Range } from './cells.js';

export type LengthUnit = 'in' | 'cm' | 'mm';
export type WeightUnit = 'lb' | 'oz' | 'kg' | 'g';

const LENGTH_IN_CM: Record<LengthUnit, number> = { in: 2.54, cm: 1, mm: 0.1 };
const WEIGHT_IN_KG: Record<WeightUnit, number> = { lb: 0.45359237, oz: 0.45359237 / 16, kg: 1, g: 0.001 };

/** Factor that turns a length in `from` into the report's length unit. */
export function lengthFactor(from: LengthUnit, units: UnitSystem): number {
  return units === 'metric' ? LENGTH_IN_CM[from] : LENGTH_IN_CM[from] / 2.54;
}

/** Factor that turns a weight in `from` into the report's weight unit. */
export function weightFactor(from: WeightUnit, units: UnitSystem): number {
  return units === 'metric' ? WEIGHT_IN_KG[from] : WEIGHT_IN_KG[from] / 0.45359237;
}

/** The unit a bare column (no suffix) is read in. */
export function defaultLengthUnit(units: UnitSystem): LengthUnit {
  return units === 'metric' ? 'cm' : 'in';
}
export function defaultWeightUnit(units: UnitSystem): WeightUnit {
  return units === 'metric' ? 'kg' : 'lb';
}

/** Display names of the report's units. */
export const UNIT_LABELS = {
  imperial: { length: 'in', volume: 'in3', area: 'ft2', weight: 'lb' },
  metric: { length: 'cm', volume: 'cm3', area: 'm2', weight: 'kg' },
} as const;

/** Split a header name into its base and unit suffix: `length_mm` → [`length`, `mm`]. */
export function splitUnitSuffix(name: string): { base: string; length?: LengthUnit; weight?: WeightUnit } {
  const m = /^(.*)_(in|cm|mm|lb|oz|kg|g)$/.exec(name);
  if (!m) return { base: name };
  const base = m[1]!;
  const unit = m[2]!;
  if (unit === 'in' || unit === 'cm' || unit === 'mm') return { base, length: unit };
  return { base, weight: unit as WeightUnit };
}

/**
 * Where measured cells must lie, in report units: lengths from 0.000001 to 1,000,000 in, weights up
 * to 1,000,000 lb (and their metric equals). Volumes, areas and totals then stay finite and non-zero.
 */
export function measureRanges(units: UnitSystem): { length: Range; weight: Range } {
  const u = UNIT_LABELS[units];
  const inch = lengthFactor('in', units);
  const lb = weightFactor('lb', units);
  return {
    length: { min: 1e-6 * inch, max: 1e6 * inch, unit: u.length },
    weight: { min: 0, max: 1e6 * lb, unit: u.weight },
  };
}
