// The advanced ("scientific") parameters: one validated schema with defaults, so an analyst never
// has to touch them. Lengths are in the report's length unit (in or cm); unit-dependent defaults
// are filled in by resolveParams() for the chosen unit system.
import { z } from 'zod';
import type { RateCard } from './cost.js';

export type UnitSystem = 'imperial' | 'metric';

const positive = z.number().positive();
/** A length no box comes near (100 m / 10,000 cm): beyond it a config value is a mistake, not a box. */
const MAX_LENGTH = 10_000;
const length = positive.max(MAX_LENGTH, `must be at most ${MAX_LENGTH} (a length in the report's unit)`);
const triple = z.tuple([length, length, length]);

export const paramsSchema = z
  .strictObject({
    /** The units of this file's lengths; absent: the report's units. Converted to the report's on reading. */
    units: z.enum(['imperial', 'metric']).optional(),

    // --- geometry and materials ---
    /** Added to every item dimension before fitting (length unit). */
    clearance: z.number().min(0).max(MAX_LENGTH).default(0),
    /** Glue flap of the FEFCO 0201 blank (length unit); default 1.5 in / 3.81 cm. */
    glue_flap: z.number().min(0).max(MAX_LENGTH).nullable().default(null),
    /** Board basis weight in lb per 1000 ft² (single-wall 32 ECT C-flute ≈ 125). */
    board_basis_weight_lb_per_1000ft2: positive.default(125),

    // --- candidate grid ---
    /** Grid steps, coarse to fine, each dividing the previous (length unit); default 2,1 in / 5,2.5 cm. */
    steps: z.array(length.min(1e-3, 'must be at least 0.001')).min(1).max(6).nullable().default(null),
    /** Largest box the search may propose, inner dims (length unit); default 48 in / 120 cm a side. */
    max_box: triple.nullable().default(null),
    /** Smallest box side the search may propose (length unit); default one grid step. */
    min_box_side: z.number().min(0).max(MAX_LENGTH).nullable().default(null),
    /** Weight limit of the boxes the search proposes (weight unit); default: the current suite's
     * largest max_weight, none when no current box has one. */
    new_box_max_weight: positive.nullable().default(null),

    // --- local search ---
    /** Independent searches ("islands"); fixed, independent of --threads, so results do not depend on it. */
    islands: z.int().min(1).max(256).default(8),
    /** Rounds of search between two exchanges of the best suite among islands. */
    epochs: z.int().min(1).default(6),
    /** Swap moves an island tries per epoch before it reports back. */
    moves_per_epoch: z.int().min(1).default(20_000),
    /** Start points per island (the first from the current suite or the previous grid level). */
    restarts: z.int().min(1).default(2),
    /** Boxes swapped at random when a local optimum is perturbed (variable neighbourhood). */
    perturbation_max: z.int().min(1).default(3),
    /** Perturbations without improvement before an island stops early. */
    stall_limit: z.int().min(1).default(10),
    /** The same for an island perturbing the best suite it adopted at an exchange: the islands that
     * adopt it share its neighbourhood, so each tries fewer perturbations there. */
    exchange_stall_limit: z.int().min(1).default(3),
    /** Candidate boxes tried per closed slot in one swap scan (0: all). */
    neighbourhood_size: z.int().min(0).default(0),
    /** On finer grid levels, how many grid steps around each coarse box to search. */
    refine_radius: z.int().min(1).default(2),
    /** Largest set of candidate boxes searched in full on one grid level (its tight boxes, or on a
     * small level with more of them the cheapest box of each class set they serve); beyond it the
     * level searches refine_radius steps around the coarser level's best suites. */
    max_candidates: z.int().min(1).default(4000),
    /** Subgradient iterations of the Lagrangian lower bound (fewer where its fit relation is
     * large: a work budget of about 10⁹ fit-pair or 2.5·10⁹ run visits). */
    bound_iterations: z.int().min(0).default(1000),

    // --- multi-item packing ---
    /** Item orderings the packer tries per box. */
    packer_orderings: z.int().min(1).default(6),
    /** Box turns (each axis vertical) the packer's extreme-point heuristic tries per box. */
    packer_turns: z.int().min(1).max(3).default(3),
    /** Orders of at most this many units are also tried by exact search when the heuristic fails. */
    packer_exact_units: z.int().min(0).max(12).default(6),
    /** Node budget of the exact packer per (order, box). */
    packer_exact_nodes: z.int().min(0).default(20_000),
    /** Most grid boxes kept on one multi-item shipment's fit frontier. */
    frontier_max_points: z.int().min(1).default(64),
    /** Item orderings the packer tries per box while walking a fit frontier (tens of boxes per shipment). */
    frontier_orderings: z.int().min(1).default(2),
    /** Multi-item shapes shipped at most this many times walk their fit frontier on the coarsest
     * grid step, points then tightened on the finest (about 40 % of the packer calls at steps 2,1,
     * but a less tight frontier, which can cost savings: bench/README.md); 0: every shape walks the finest. */
    frontier_coarse_max_count: z.int().min(0).default(0),

    // --- decisions ---
    /** sweep: the recommended K is the smallest whose next box saves less than this (% of objective). */
    sweep_min_gain_pct: z.number().min(0).default(1),
    /** track: exit 1 when realised savings fall below this share of the baseline savings (%). */
    track_min_retained_pct: z.number().min(0).max(100).default(50),
    /** track: exit 1 when more than this % of the new shipments the replaced suite serves fit no deployed box. */
    track_max_unfit_pct: z.number().min(0).max(100).default(2),
    /** --holdout / --holdout-from: bootstrap resamples of the held-out shipments for the savings' 95 % intervals. */
    bootstrap_resamples: z.int().min(10).max(1_000_000).default(1000),

    // --- packaging types and money (SPEC §9, §10) ---
    /** Label of the currency every price is in (not converted). */
    currency: z.string().default(''),
    /** Price of corrugated board per weight unit (lb or kg). */
    corrugate_price: z.number().min(0).default(0),
    /** Price of void fill per volume unit of air (in³ or cm³). */
    void_fill_price: z.number().min(0).default(0),
    /** Freight per billable weight unit when no rate card is given. */
    freight_price_per_weight: z.number().min(0).default(0),
    /** Board thickness added twice to each inner dim for a box's outer size (length unit); default 0.16 in / 0.4 cm. */
    board_thickness: z.number().min(0).nullable().default(null),
    /** Dimensional-weight divisor (volume unit per weight unit); default 139 in³/lb / 5000 cm³/kg. */
    dim_divisor: positive.nullable().default(null),
    /** Billable weight is rounded up to a multiple of this (weight unit; 0: no rounding); default 1 lb / 0.5 kg. */
    billable_step: z.number().min(0).nullable().default(null),
    /** Price of a proposed box: fixed part (currency); default: fitted to the current suite's prices. */
    new_box_price_fixed: z.number().min(0).nullable().default(null),
    /** Price of a proposed box per area unit of blank (ft² or m²); default: fitted to the current suite's prices. */
    new_box_price_per_area: z.number().min(0).nullable().default(null),
    /** Price of a proposed mailer per area unit of 2·L·W (ft² or m²); default: fitted to the current mailers' prices. */
    new_mailer_price_per_area: z.number().min(0).nullable().default(null),
    /** Cost of stocking one more box size over the period of the history (currency); 0 keeps sweep_min_gain_pct. */
    box_sku_cost: z.number().min(0).default(0),
    /** Carrier limit on outer length + 2·(width + height) (length unit); boxes beyond it are never proposed. */
    max_length_plus_girth: positive.nullable().default(null),
    /** Whether the search proposes mailers: 'none', or 'grid' (mailer sizes on the box grid). */
    mailer_candidates: z.enum(['none', 'grid']).default('none'),
    /** Thickest load T of a proposed mailer (length unit); default 3 in / 7.5 cm. */
    mailer_max_thickness: positive.nullable().default(null),
  });

/** Parameters as given in a config file (all optional). */
export type ParamsInput = z.input<typeof paramsSchema>;
/** Parameters after defaults, before unit-dependent values are resolved. */
export type ParamsRaw = z.output<typeof paramsSchema>;

/** Parameters with every unit-dependent default filled in for one unit system. */
export interface Params
  extends Omit<ParamsRaw, 'units' | 'glue_flap' | 'steps' | 'max_box' | 'min_box_side' | 'board_thickness' | 'dim_divisor' | 'billable_step' | 'mailer_max_thickness'> {
  units: UnitSystem;
  glue_flap: number;
  steps: number[];
  max_box: [number, number, number];
  min_box_side: number;
  /** max_box came from the config (else it is the default, which optimize widens to the current suite's largest box). */
  max_box_given: boolean;
  /** Corrugate weight per unit of blank area, in report units (lb/in² or kg/cm²). */
  board_weight_per_area: number;
  board_thickness: number;
  dim_divisor: number;
  billable_step: number;
  mailer_max_thickness: number;
  /** The carrier's rate card (--rates FILE, SPEC §10), not a config key; null: freight_price_per_weight. */
  rates: RateCard | null;
}

/** Length of one inch in each unit system's length unit. */
export const INCH = { imperial: 1, metric: 2.54 } as const;

/** Issues found while validating a config object: `key: reason`. */
export interface ParamsValidation {
  params: ParamsRaw | null;
  errors: string[];
}

/** Validate a config object (pure: the caller adds the file name). */
export function validateParams(input: unknown): ParamsValidation {
  const parsed = paramsSchema.safeParse(input ?? {});
  if (parsed.success) return { params: parsed.data, errors: [] };
  const errors = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    const key = issue.path.join('.') || '(root)';
    return `${key}: ${issue.message}`;
  });
  return { params: null, errors };
}

/** The parameters that are lengths (in the config's units); the schema holds no weights. */
const LENGTH_KEYS = ['clearance', 'glue_flap', 'steps', 'max_box', 'min_box_side'] as const;

/**
 * A config written in other units than the report's, in the report's: lengths converted. A value
 * equal to its own system's default stands for the default (`config --defaults` output restates
 * them): 2 in steps become the metric 5 cm steps, not 5.08 cm ones.
 */
function convertParams(raw: ParamsRaw, units: UnitSystem): ParamsRaw {
  const from = raw.units;
  if (from === undefined || from === units) return raw;
  const own = unitDefaults(from);
  const steps = raw.steps ?? own.steps;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const factor = INCH[units] / INCH[from];
  const out: ParamsRaw = { ...raw, units };
  for (const key of LENGTH_KEYS) {
    const v = raw[key];
    if (v === null) continue;
    const isDefault = key === 'min_box_side' ? same(steps, own.steps) && v === steps[steps.length - 1] : key !== 'clearance' && same(v, own[key]);
    if (isDefault) (out as Record<string, unknown>)[key] = null;
    else (out as Record<string, unknown>)[key] = Array.isArray(v) ? v.map((x) => x * factor) : v * factor;
  }
  return out;
}

/** The unit-dependent defaults of one system. */
function unitDefaults(units: UnitSystem): { glue_flap: number; steps: number[]; max_box: [number, number, number]; clearance: number } {
  const side = units === 'imperial' ? 48 : 120;
  return { clearance: 0, glue_flap: 1.5 * INCH[units], steps: units === 'imperial' ? [2, 1] : [5, 2.5], max_box: [side, side, side] };
}

/** Fill in unit-dependent defaults and derived values; a config in other units is converted first. */
export function resolveParams(given: ParamsRaw, units: UnitSystem): Params {
  const { units: _from, ...raw } = convertParams(given, units);
  const own = unitDefaults(units);
  const steps = raw.steps ?? own.steps;
  // 125 lb / 1000 ft² → lb/in² (imperial) or kg/cm² (metric), converted exactly.
  const lbPerIn2 = raw.board_basis_weight_lb_per_1000ft2 / (1000 * 144);
  const board = units === 'imperial' ? lbPerIn2 : (lbPerIn2 * 0.45359237) / (2.54 * 2.54);
  return {
    ...raw,
    units,
    glue_flap: raw.glue_flap ?? own.glue_flap,
    steps,
    max_box: raw.max_box ?? own.max_box,
    max_box_given: raw.max_box !== null,
    min_box_side: raw.min_box_side ?? steps[steps.length - 1]!,
    board_weight_per_area: board,
    ...resolveMoneyDefaults(raw, units),
    rates: null,
  };
}

/** Unit-dependent defaults of the cost model (SPEC §10): carriers' usual figures for each system. */
function resolveMoneyDefaults(raw: ParamsRaw, units: UnitSystem) {
  const imperial = units === 'imperial';
  return {
    board_thickness: raw.board_thickness ?? (imperial ? 0.16 : 0.4),
    dim_divisor: raw.dim_divisor ?? (imperial ? 139 : 5000),
    billable_step: raw.billable_step ?? (imperial ? 1 : 0.5),
    mailer_max_thickness: raw.mailer_max_thickness ?? (imperial ? 3 : 7.5),
  };
}

/** All defaults resolved, for `packopt config --defaults`. */
export function defaultParams(units: UnitSystem): Params {
  return resolveParams(paramsSchema.parse({}), units);
}
