// The baseline of `track`: an `optimize` report.json, read and validated against the parts track uses.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';

const boxSchema = z.object({
  box_id: z.string(),
  length: z.number().positive(),
  width: z.number().positive(),
  height: z.number().positive(),
  max_weight: z.number().positive().nullable().optional(),
  type: z.enum(['box', 'mailer']).optional(),
  price: z.number().min(0).optional(),
});

/** The parts of an optimize report that track reads. */
export const baselineSchema = z.object({
  command: z.literal('optimize'),
  units: z.enum(['imperial', 'metric']),
  objective: z.enum(['volume', 'corrugate', 'cost']),
  current: z.object({ metrics: z.object({ boxes: z.array(boxSchema).min(1) }) }),
  optimized: z.object({ metrics: z.object({ boxes: z.array(boxSchema).min(1) }) }),
  savings: z.object({
    total_box_volume_pct: z.number(),
    total_corrugate_weight_pct: z.number(),
    air_per_shipment_pct: z.number(),
    total_cost_pct: z.number().optional(),
  }),
});

export type Baseline = z.infer<typeof baselineSchema>;

/** Read and validate a baseline report (an `optimize` report.json). */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError([{ file, line: null, column: null, reason: code === 'ENOENT' ? 'no such file' : `cannot read (${code})` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError([{ file, line: null, column: null, reason: `not valid JSON: ${(err as Error).message}` }]);
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.slice(0, 20).map((i) => ({
        file,
        line: null,
        column: i.path.join('.') || null,
        reason: `${i.message} (the baseline must be the report.json of \`packopt optimize\`)`,
      })),
    );
  }
  return parsed.data;
}

