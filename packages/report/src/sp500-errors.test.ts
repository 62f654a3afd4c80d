import { describe, expect, it } from 'vitest';
import { dayBlocks, evenSubset, pairedDifference, sp500Errors, toDollars, verdictOf, type Sp500Errors, type WindowData } from './sp500-errors.js';
import { persistenceVerdict } from './task-sections/forecast.js';

// Two companies, windows of 3 days; the target of a window is the window one day later.
const data: WindowData = {
  x: Float32Array.from([0.1, 0.2, 0.3, 0.5, 0.5, 0.5]),
  target: Float32Array.from([0.2, 0.3, 0.4, 0.5, 0.5, 0.7]),
  groups: Int32Array.from([0, 1]),
  steps: 3,
  stride: 1,
  scalers: [{ name: 'AAA', min: 10, max: 20 }, { name: 'BBB', min: 100, max: 300 }],
};

describe('sp500Errors', () => {
  it('scores the last step against persistence, in scaled units and in each company\'s dollars', () => {
    // The model's last steps: 0.4 (exact) and 0.6 (0.1 short); persistence says 0.3 and 0.5.
    const e = sp500Errors(data, Int32Array.from([0, 1]), Float32Array.from([0.2, 0.3, 0.4, 0.5, 0.5, 0.6]));
    expect(e.windows).toBe(2);
    expect(e.scaled.model).toBeCloseTo((0 + 0.01) / 2, 6);
    expect(e.scaled.persistence).toBeCloseTo((0.01 + 0.04) / 2, 6);
    expect(e.dollars.model).toBeCloseTo((0 + (0.1 * 200) ** 2) / 2, 3);
    expect(e.dollars.persistence).toBeCloseTo(((0.1 * 10) ** 2 + (0.2 * 200) ** 2) / 2, 3);
    expect(e.companies.map((c) => [c.name, c.windows])).toEqual([['AAA', 1], ['BBB', 1]]);
    expect(e.companies[1]!.dollars.model).toBeCloseTo(400, 3);
    expect(e.perStep[2]).toBeCloseTo(0.005, 6);
    expect(e.perStep[0]).toBeCloseTo(0, 6);
  });

  it('tests the paired difference against its standard error over blocks of consecutive days', () => {
    // Blocks {1, 3} and {2, 6}: mean 3; block sums 4 and 8 against 6 each, so se = sqrt(2 * (4 + 4)) / 4 = 1.
    expect(pairedDifference([1, 3, 2, 6], [0, 0, 1, 1])).toEqual({ mean: 3, se: 1, z: 3, blocks: 2, verdict: 'worse' });
    expect(pairedDifference([-1, -3, -2, -6], [0, 0, 1, 1])).toEqual({ mean: -3, se: 1, z: -3, blocks: 2, verdict: 'beats' });
    expect(pairedDifference([1, -1, 2, -2], [0, 0, 1, 1])).toMatchObject({ mean: 0, z: 0, verdict: 'no-better' });
    // One block gives no standard error, so no verdict but "no better".
    expect(pairedDifference([-1, -3], [4, 4])).toMatchObject({ mean: -2, se: NaN, z: NaN, blocks: 1, verdict: 'no-better' });
    expect([verdictOf(-2.01), verdictOf(-2), verdictOf(2), verdictOf(2.01), verdictOf(NaN)]).toEqual(['beats', 'no-better', 'no-better', 'worse', 'no-better']);
    // Days counted back from each company's last window (stride 10, blocks of 30 days): the same dates share a block.
    expect([...dayBlocks({ groups: Int32Array.from([0, 0, 0, 0, 0, 1, 1]), stride: 10 }, Int32Array.from([0, 1, 2, 4, 5, 6]))]).toEqual([1, 1, 0, 0, 0, 0]);
  });

  it('gives one of three plain verdicts: significantly better, no better (within noise), significantly worse', () => {
    // One company, 300 windows of 2 days (10 blocks of 30 days): persistence is off by 0.1 on every window; the model by `err(i)`.
    const n = 300;
    const windows = (err: (i: number) => number): Sp500Errors => {
      const x = new Float32Array(2 * n), target = new Float32Array(2 * n), prediction = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        x[2 * i + 1] = 0.5;
        target[2 * i + 1] = 0.6;
        prediction[2 * i + 1] = 0.6 + err(i);
      }
      const d: WindowData = { x, target, groups: new Int32Array(n), steps: 2, stride: 1, scalers: [{ name: 'AAA', min: 0, max: 1 }] };
      return sp500Errors(d, Int32Array.from({ length: n }, (_, i) => i), prediction);
    };
    const good = windows((i) => (i % 7 ? 0.07 : 0.02));
    expect(good.difference.blocks).toBe(10);
    expect(good.difference.mean).toBeCloseTo(good.scaled.model - good.scaled.persistence, 9);
    expect(good.difference.z).toBeLessThan(-2);
    const v = persistenceVerdict(good);
    expect([v.verdict, v.beats]).toEqual(['beats', true]);
    expect(v.text).toMatch(/^The model beats persistence significantly: its next-day test MSE \(.+\) is [\d.]+% lower than that of predicting that tomorrow equals today \(0\.01\) on the same 300 windows; the paired difference per window \(model squared error less persistence's\) is -[\d.e-]+ ± [\d.e-]+, z = -[\d.]+\.$/);
    // Lower on average, but only thanks to one block of 30 exact days; the other nine are a little worse.
    const hair = windows((i) => (i < 30 ? 0 : i % 2 ? 0.104 : 0.1));
    expect(hair.scaled.model).toBeLessThan(hair.scaled.persistence);
    expect(hair.difference.z).toBeCloseTo(-0.608, 2);
    const h = persistenceVerdict(hair);
    expect([h.verdict, h.beats]).toEqual(['no-better', false]);
    expect(h.text).toMatch(/^The model is no better than persistence: its next-day test MSE .* is [\d.]+% lower than that of .* on the same 300 windows, within noise: .* z = -0\.608\. It has learned nothing useful for next-day prediction beyond "tomorrow equals today"\.$/);
    // Higher on average, within noise: still "no better", never "worse".
    const hairWorse = persistenceVerdict(windows((i) => (i < 30 ? 0.3 : i % 2 ? 0.096 : 0.1)));
    expect(hairWorse.verdict).toBe('no-better');
    expect(hairWorse.text).toMatch(/^The model is no better than persistence: .* is [\d.]+% higher than .* within noise/);
    const bad = persistenceVerdict(windows((i) => (i % 7 ? 0.2 : 0.3)));
    expect([bad.verdict, bad.beats]).toEqual(['worse', false]);
    expect(bad.text).toMatch(/^The model is significantly worse than persistence: .* is [\d.]+% higher than .*; the paired difference .* z = [\d.]+\. It has learned nothing useful for next-day prediction: "tomorrow equals today" does better\.$/);
    // Two windows of two companies on the same dates are one block: too few to tell.
    const few = persistenceVerdict(sp500Errors(data, Int32Array.from([0, 1]), Float32Array.from([0.2, 0.3, 0.4, 0.5, 0.5, 0.7])));
    expect(few.verdict).toBe('no-better');
    expect(few.text).toContain('100% lower than that of predicting that tomorrow equals today (0.025) on the same 2 windows, within noise: there are too few windows (1 block of 30 days) to tell a difference from noise.');
  });

  it('reads prices back in dollars and thins long splits evenly', () => {
    expect(toDollars(0.5, data.scalers[1])).toBe(200);
    expect(toDollars(0.5, undefined)).toBe(0.5);
    expect([...evenSubset(Int32Array.from({ length: 10 }, (_, i) => i), 4)]).toEqual([0, 2, 5, 7]);
    expect(evenSubset(Int32Array.from([1, 2]), 4)).toHaveLength(2);
  });
});
