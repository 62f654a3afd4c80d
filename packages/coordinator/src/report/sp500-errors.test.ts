import { describe, expect, it } from 'vitest';
import { evenSubset, sp500Errors, toDollars, type Sp500Errors, type WindowData } from './sp500-errors.js';
import { persistenceVerdict } from './sp500-section.js';

// Two companies, windows of 3 days; the target of a window is the window one day later.
const data: WindowData = {
  x: Float32Array.from([0.1, 0.2, 0.3, 0.5, 0.5, 0.5]),
  target: Float32Array.from([0.2, 0.3, 0.4, 0.5, 0.5, 0.7]),
  groups: Int32Array.from([0, 1]),
  steps: 3,
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

  it('says plainly when the model does not beat persistence', () => {
    const worse = sp500Errors(data, Int32Array.from([0, 1]), Float32Array.from([0, 0, 0, 0, 0, 0]));
    const v = persistenceVerdict(worse);
    expect(v.beats).toBe(false);
    expect(v.text).toMatch(/^The model does not beat persistence: .* it has learned nothing useful for next-day prediction\.$/);
    // Exact on both windows, but two windows are one block: too few to tell a difference from noise.
    const few = persistenceVerdict(sp500Errors(data, Int32Array.from([0, 1]), Float32Array.from([0.2, 0.3, 0.4, 0.5, 0.5, 0.7])));
    expect(few.beats).toBe(false);
    expect(few.text).toMatch(/is lower, but within noise: there are too few test windows \(2 blocks of up to 30\)|is lower, but within noise: .*z = /);
  });

  it('beats persistence only by more than twice the blocked standard error of the paired difference', () => {
    // One company, 300 windows of 2 days: persistence is off by 0.1 on every window; the model by `err(i)`.
    const n = 300;
    const windows = (err: (i: number) => number): Sp500Errors => {
      const x = new Float32Array(2 * n), target = new Float32Array(2 * n), prediction = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        x[2 * i + 1] = 0.5;
        target[2 * i + 1] = 0.6;
        prediction[2 * i + 1] = 0.6 + err(i);
      }
      const d: WindowData = { x, target, groups: new Int32Array(n), steps: 2, scalers: [{ name: 'AAA', min: 0, max: 1 }] };
      return sp500Errors(d, Int32Array.from({ length: n }, (_, i) => i), prediction);
    };
    // Clearly better: errors of 0.05 or 0.06 against 0.1.
    const good = windows((i) => (i % 2 ? 0.05 : 0.06));
    expect(good.difference.blocks).toBe(10);
    expect(good.difference.mean).toBeCloseTo((0.0025 + 0.0036) / 2 - 0.01, 6);
    expect(good.difference.z).toBeLessThan(-2);
    const v = persistenceVerdict(good);
    expect(v.beats).toBe(true);
    expect(v.text).toMatch(/^The model beats persistence: .*% lower, more than noise: the paired difference per window is .* over 10 blocks of up to 30 consecutive test windows of one company, z = /);
    // Better by a hair on average, but most blocks worse and one much better: within noise.
    const hair = windows((i) => (i < 30 ? 0 : i % 2 ? 0.104 : 0.1));
    expect(hair.scaled.model).toBeLessThan(hair.scaled.persistence);
    expect(Math.abs(hair.difference.z)).toBeLessThanOrEqual(2);
    const h = persistenceVerdict(hair);
    expect(h.beats).toBe(false);
    expect(h.text).toMatch(/^The model does not beat persistence: .* is lower, but within noise: .*; so it has learned nothing useful for next-day prediction\.$/);
    // Clearly worse.
    const bad = persistenceVerdict(windows((i) => (i % 2 ? 0.2 : 0.3)));
    expect(bad.beats).toBe(false);
    expect(bad.text).toMatch(/^The model does not beat persistence: .* is not lower \(the paired difference/);
  });

  it('reads prices back in dollars and thins long splits evenly', () => {
    expect(toDollars(0.5, data.scalers[1])).toBe(200);
    expect(toDollars(0.5, undefined)).toBe(0.5);
    expect([...evenSubset(Int32Array.from({ length: 10 }, (_, i) => i), 4)]).toEqual([0, 2, 5, 7]);
    expect(evenSubset(Int32Array.from([1, 2]), 4)).toHaveLength(2);
  });
});
