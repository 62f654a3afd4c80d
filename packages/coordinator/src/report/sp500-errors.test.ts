import { describe, expect, it } from 'vitest';
import { evenSubset, sp500Errors, toDollars, type WindowData } from './sp500-errors.js';
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
    const better = persistenceVerdict(sp500Errors(data, Int32Array.from([0, 1]), Float32Array.from([0.2, 0.3, 0.4, 0.5, 0.5, 0.7])));
    expect(better.beats).toBe(true);
    expect(better.text).toMatch(/^The model beats persistence: .* 100% lower/);
  });

  it('reads prices back in dollars and thins long splits evenly', () => {
    expect(toDollars(0.5, data.scalers[1])).toBe(200);
    expect(toDollars(0.5, undefined)).toBe(0.5);
    expect([...evenSubset(Int32Array.from({ length: 10 }, (_, i) => i), 4)]).toEqual([0, 2, 5, 7]);
    expect(evenSubset(Int32Array.from([1, 2]), 4)).toHaveLength(2);
  });
});
