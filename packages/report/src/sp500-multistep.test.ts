import { beforeAll, describe, expect, it } from 'vitest';
import { ModelOptions } from '@seqsweep/core';
import { buildModel, selectBackend } from '@seqsweep/ml';
import type { WindowData } from './sp500-errors.js';
import { multiStepErrors } from './sp500-multistep-errors.js';
import { aheadText, multiStepPart, multiStepVerdict, stepRanges } from './sp500-multistep-section.js';
import { closedLoopRollout, modelNextDay, seenDays, type NextDayModel } from './sp500-rollout.js';

// Two companies, windows of 6 days: a ramp and a flat line. The model sees the first 3 days of each.
const data: WindowData = {
  x: Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
  target: Float32Array.from([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]),
  groups: Int32Array.from([0, 1]),
  steps: 6,
  stride: 1,
  scalers: [{ name: 'AAA', min: 10, max: 20 }, { name: 'BBB', min: 100, max: 300 }],
};
const both = Int32Array.from([0, 1]);

/** A causal model of one rule per step, that records every input it is run on. */
function rule(f: (x: Float32Array, t: number) => number): NextDayModel & { inputs: Float32Array[] } {
  const inputs: Float32Array[] = [];
  const next = (x: Float32Array): Float32Array => {
    inputs.push(Float32Array.from(x));
    return Float32Array.from(x, (_, i) => f(x, i));
  };
  return Object.assign(next, { inputs });
}

describe('closedLoopRollout', () => {
  it('feeds the model its own predictions: one run per predicted day, each reading the previous forecasts', () => {
    // "Tomorrow is today plus 0.1": in closed loop it climbs from the last seen day by 0.1 a day.
    const next = rule((x, i) => x[i]! + 0.1);
    const forecasts = closedLoopRollout(data.x, 6, 3, next);
    expect([...forecasts].map((v) => Number(v.toFixed(5)))).toEqual([0.4, 0.5, 0.6, 0.6, 0.7, 0.8]);
    expect(next.inputs).toHaveLength(3);
    // The third run reads the first 3 actual days, then the two forecasts made so far.
    expect([...next.inputs[2]!.subarray(0, 5)].map((v) => Number(v.toFixed(5)))).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect([...next.inputs[2]!.subarray(6, 11)].map((v) => Number(v.toFixed(5)))).toEqual([0.5, 0.5, 0.5, 0.6, 0.7]);
  });

  it('never shows the model the days it predicts, even a model that reads ahead', () => {
    // This model answers with the next input: with the actual days hidden it can only repeat the last seen day.
    const peek = rule((x, i) => x[i % 6 === 5 ? i : i + 1]!);
    expect([...closedLoopRollout(data.x, 6, 3, peek)].map((v) => Number(v.toFixed(5)))).toEqual([0.3, 0.3, 0.3, 0.5, 0.5, 0.5]);
    for (const input of peek.inputs) expect(input[3]).not.toBeCloseTo(0.4, 5);
  });

  it('rejects windows and seen days that do not fit', () => {
    const id = rule((x, i) => x[i]!);
    expect(() => closedLoopRollout(data.x, 6, 6, id)).toThrow(/seen days must be a whole number in \[1, 5\]/);
    expect(() => closedLoopRollout(data.x, 6, 0, id)).toThrow(/seen days/);
    expect(() => closedLoopRollout(data.x.subarray(0, 7), 6, 3, id)).toThrow(/not whole windows/);
    expect(() => closedLoopRollout(data.x, 6, 3, () => new Float32Array(3))).toThrow(/returned 3 outputs for 12 inputs/);
    expect([seenDays(6), seenDays(7), seenDays(2), seenDays(30)]).toEqual([3, 3, 1, 15]);
  });
});

describe('multiStepErrors', () => {
  it('scores each horizon step against persistence, in scaled units and in each company\'s dollars', () => {
    // Forecasts: the ramp exact (0.4, 0.5, 0.6); the flat line 0.1, 0.2, 0.3 too high. Persistence: 0.3 and 0.5.
    const e = multiStepErrors(data, both, 3, Float32Array.from([0.4, 0.5, 0.6, 0.6, 0.7, 0.8]));
    expect([e.windows, e.seen, e.horizon]).toEqual([2, 3, 3]);
    const near = (v: Float64Array): number[] => [...v].map((x) => Number(x.toFixed(6)));
    expect(near(e.perStep.scaled.model)).toEqual([0.005, 0.02, 0.045]);
    // Persistence misses the ramp by 0.1, 0.2, 0.3 and the flat line by nothing.
    expect(near(e.perStep.scaled.persistence)).toEqual([0.005, 0.02, 0.045]);
    // In dollars the flat line's errors are scaled by 200, the ramp's by 10.
    expect([...e.perStep.dollars.model].map((x) => Number(x.toFixed(2)))).toEqual([200, 800, 1800]);
    expect([...e.perStep.dollars.persistence].map((x) => Number(x.toFixed(2)))).toEqual([0.5, 2, 4.5]);
    expect(e.scaled.model).toBeCloseTo((0.005 + 0.02 + 0.045) / 3, 6);
    expect(e.dollars.persistence).toBeCloseTo((0.5 + 2 + 4.5) / 3, 3);
    expect(() => multiStepErrors(data, both, 3, new Float32Array(5))).toThrow(/expected 6 forecasts, got 5/);
  });

  it('says plainly whether the model beats persistence over the horizon, and at which steps', () => {
    // Exact on both windows: better than persistence at every step where persistence errs (all three).
    const exact = multiStepErrors(data, both, 3, Float32Array.from([0.4, 0.5, 0.6, 0.5, 0.5, 0.5]));
    // Two windows on the same dates are one block: no standard error, so no better.
    const few = multiStepVerdict(exact);
    expect(exact.difference).toMatchObject({ blocks: 1, verdict: 'no-better' });
    expect([few.verdict, few.beats]).toEqual(['no-better', false]);
    expect(few.text).toMatch(/^The model is no better than persistence over the horizon: fed its own predictions for the last 3 days of each window after seeing the first 3 days, its MSE over those days \(0\) is 100% lower than .* on the same 2 windows, within noise: there are too few windows \(1 block of 30 days\) to tell a difference from noise\. It has learned nothing useful for multi-step prediction beyond holding the last day flat\. It is lower at 3 of the 3 horizon steps\.$/);
    // The same two windows with a significant difference either way.
    const good = multiStepVerdict({ ...exact, difference: { mean: -0.02, se: 0.005, z: -4, blocks: 40, verdict: 'beats' } });
    expect([good.verdict, good.beats]).toEqual(['beats', true]);
    expect(good.text).toMatch(/^The model beats persistence significantly over the horizon: .* is 100% lower than that of .*; the paired difference per window .* is -0\.02 ± 0\.01, z = -4\. It is lower at 3 of the 3 horizon steps\.$/);
    const bad = multiStepVerdict({ ...exact, difference: { mean: 0.02, se: 0.005, z: 4, blocks: 40, verdict: 'worse' } });
    expect([bad.verdict, bad.beats]).toEqual(['worse', false]);
    expect(bad.text).toMatch(/^The model is significantly worse than persistence over the horizon: .* z = 4\. It has learned nothing useful for multi-step prediction: holding the last day flat does better\./);
    // Persistence itself: never better. Then worse at steps 1 and 3, better only at step 2.
    const flat = multiStepVerdict(multiStepErrors(data, both, 3, Float32Array.from([0.3, 0.3, 0.3, 0.5, 0.5, 0.5])));
    expect(flat.beats).toBe(false);
    expect(flat.text).toMatch(/^The model is no better than persistence over the horizon: .* is equal to that of holding the last seen day flat .* It is not lower at any horizon step\.$/);
    const mixed = multiStepVerdict(multiStepErrors(data, both, 3, Float32Array.from([0.7, 0.5, 1.0, 0.5, 0.5, 0.5])));
    expect(mixed.beats).toBe(false);
    expect(mixed.text).toMatch(/It is lower at 1 of the 3 horizon steps \(2 days ahead\)\.$/);
    expect([stepRanges([1, 2, 3, 5, 7, 8]), stepRanges([4]), stepRanges([1, 3])]).toEqual(['1-3, 5 and 7-8', '4', '1 and 3']);
    expect([aheadText([1]), aheadText([2]), aheadText([1, 3])]).toEqual(['1 day ahead', '2 days ahead', '1 and 3 days ahead']);
  });
});

describe('the multi-step part with a real predictor', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('an LSTM predictor is causal, so the closed loop can run it on whole windows', () => {
    const model = buildModel(ModelOptions.parse({ name: 'lstm-ae-predictor', hiddenSize: 4 }), { steps: 6, features: 1 }, 11);
    try {
      const next = modelNextDay(model, 6);
      const a = next(data.x);
      const changed = Float32Array.from(data.x);
      changed.fill(0.9, 3, 6);
      const b = next(changed);
      // Outputs 0..2 read only days 0..2, which are the same; output 3 reads the changed day 3.
      for (const t of [0, 1, 2]) expect(b[t]).toBeCloseTo(a[t]!, 6);
      expect(b[3]).not.toBeCloseTo(a[3]!, 6);
    } finally {
      model.dispose();
    }
  });

  it('renders the verdict, the per-step table and the chart, and states the cap on windows', async () => {
    const model = buildModel(ModelOptions.parse({ name: 'lstm-ae-predictor', hiddenSize: 4 }), { steps: 6, features: 1 }, 11);
    try {
      const seen = seenDays(6);
      const windows = Float32Array.from(data.x);
      const html = await multiStepPart(multiStepErrors(data, both, seen, closedLoopRollout(windows, 6, seen, modelNextDay(model, 6))), both.length);
      expect(html).toMatch(/<p class="verdict( good)?">The model (beats persistence significantly|is no better than persistence|is significantly worse than persistence) over the horizon/);
      expect(html).toContain('Scored on all 2 test windows (at most 200 are rolled out, to bound the cost)');
      expect(html.match(/<td>\d days? ahead<\/td>/g)).toHaveLength(3);
      expect(html).toContain('model MSE ($²)');
      expect(html.match(/<svg[\s>]/g)).toHaveLength(1);
    } finally {
      model.dispose();
    }
  });
});
