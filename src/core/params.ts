// The advanced ("scientific") parameters: one validated schema with defaults, so an analyst never
// has to touch them. Lengths are in the report's length unit (in or cm); unit-dependent defaults
// are filled in by resolveParams() for the chosen unit system.
import { z } from 'zod';

export type UnitSystem = 'imperial' | 'metric';

const positive = z.number().positive();
const triple = z.tuple([positive, positive, positive]);

export const paramsSchema = z
  .strictObject({
    // --- geometry and materials ---
    /** Added to every item dimension before fitting (length unit). */
    clearance: z.number().min(0).default(0),
    /** Glue flap of the FEFCO 0201 blank (length unit); default 1.5 in / 3.81 cm. */
    glue_flap: z.number().min(0).nullable().default(null),
    /** Board basis weight in lb per 1000 ft² (single-wall 32 ECT C-flute ≈ 125). */
    board_basis_weight_lb_per_1000ft2: positive.default(125),

    // --- candidate grid ---
    /** Grid steps, coarse to fine, each dividing the previous (length unit); default 2,1 in / 5,2.5 cm. */
    steps: z.array(positive).min(1).nullable().default(null),
    /** Largest box the search may propose, inner dims (length unit); default 48 in / 120 cm a side. */
    max_box: triple.nullable().default(null),
    /** Smallest box side the search may propose (length unit); default one grid step. */
    min_box_side: z.number().min(0).nullable().default(null),

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
    /** Candidate boxes tried per closed slot in one swap scan (0: all). */
    neighbourhood_size: z.int().min(0).default(0),
    /** On finer grid levels, how many grid steps around each coarse box to search. */
    refine_radius: z.int().min(1).default(2),
    /** Largest set of candidate boxes searched in full on one grid level; beyond it the level
     * searches refine_radius steps around the coarser level's best suites. */
    max_candidates: z.int().min(1).default(4000),
    /** Subgradient iterations of the Lagrangian lower bound. */
    bound_iterations: z.int().min(0).default(300),

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
    /** track: exit 1 when this % of new shipments fit no box of the deployed suite. */
    track_max_unfit_pct: z.number().min(0).max(100).default(2),
  });

/** Parameters as given in a config file (all optional). */
export type ParamsInput = z.input<typeof paramsSchema>;
/** Parameters after defaults, before unit-dependent values are resolved. */
export type ParamsRaw = z.output<typeof paramsSchema>;

/** Parameters with every unit-dependent default filled in for one unit system. */
export interface Params extends Omit<ParamsRaw, 'glue_flap' | 'steps' | 'max_box' | 'min_box_side'> {
  units: UnitSystem;
  glue_flap: number;
  steps: number[];
  max_box: [number, number, number];
  min_box_side: number;
  /** Corrugate weight per unit of blank area, in report units (lb/in² or kg/cm²). */
  board_weight_per_area: number;
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

/** Fill in unit-dependent defaults and derived values. */
export function resolveParams(raw: ParamsRaw, units: UnitSystem): Params {
  const inch = INCH[units];
  const steps = raw.steps ?? (units === 'imperial' ? [2, 1] : [5, 2.5]);
  const side = units === 'imperial' ? 48 : 120;
  // 125 lb / 1000 ft² → lb/in² (imperial) or kg/cm² (metric), converted exactly.
  const lbPerIn2 = raw.board_basis_weight_lb_per_1000ft2 / (1000 * 144);
  const board = units === 'imperial' ? lbPerIn2 : (lbPerIn2 * 0.45359237) / (2.54 * 2.54);
  return {
    ...raw,
    units,
    glue_flap: raw.glue_flap ?? 1.5 * inch,
    steps,
    max_box: raw.max_box ?? [side, side, side],
    min_box_side: raw.min_box_side ?? steps[steps.length - 1]!,
    board_weight_per_area: board,
  };
}

/** All defaults resolved, for `packopt config --defaults`. */
export function defaultParams(units: UnitSystem): Params {
  return resolveParams(paramsSchema.parse({}), units);
}
