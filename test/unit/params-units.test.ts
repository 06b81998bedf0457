import { describe, expect, it } from 'vitest';
import { defaultParams, paramsSchema, resolveParams } from '../../src/core/params.js';

const raw = (json: object) => paramsSchema.parse(json);

describe('a config file and units', () => {
  it('reads a config without units in the report units', () => {
    expect(resolveParams(raw({ clearance: 1, steps: [4, 2] }), 'metric')).toMatchObject({ clearance: 1, steps: [4, 2], units: 'metric' });
  });

  it('converts the lengths of a config that states other units', () => {
    const p = resolveParams(raw({ units: 'imperial', clearance: 1, glue_flap: 2, steps: [4, 2], max_box: [10, 10, 20], min_box_side: 3 }), 'metric');
    expect(p.clearance).toBeCloseTo(2.54, 12);
    expect(p.glue_flap).toBeCloseTo(5.08, 12);
    expect(p.steps[0]).toBeCloseTo(10.16, 12);
    expect(p.max_box[2]).toBeCloseTo(50.8, 12);
    expect(p.min_box_side).toBeCloseTo(7.62, 12);
    const back = resolveParams(raw({ units: 'metric', clearance: 2.54 }), 'imperial');
    expect(back.clearance).toBeCloseTo(1, 12);
  });

  it('takes restated defaults of the other system as the defaults of the report units', () => {
    const imperialDefaults = { ...defaultParams('imperial') } as Record<string, unknown>;
    delete imperialDefaults.board_weight_per_area;
    delete imperialDefaults.max_box_given;
    delete imperialDefaults.rates;
    const p = resolveParams(raw(imperialDefaults), 'metric');
    const d = defaultParams('metric');
    expect([p.steps, p.max_box, p.min_box_side, p.glue_flap, p.clearance]).toEqual([d.steps, d.max_box, d.min_box_side, d.glue_flap, d.clearance]);
  });
});
