import { describe, expect, it } from 'vitest';
import { compareStd, sampleStd } from './fold-stats.js';

describe('sampleStd', () => {
  it('divides by n − 1', () => {
    expect(sampleStd([0.1, 0.2])).toBeCloseTo(Math.SQRT1_2 * 0.1, 15);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 15);
    expect(sampleStd([3, 3, 3])).toBe(0);
  });

  it('is undefined (NaN) for one fold or none, never 0', () => {
    expect(sampleStd([0.5])).toBeNaN();
    expect(sampleStd([])).toBeNaN();
  });
});

describe('compareStd', () => {
  it('puts the smaller std first and an undefined one after every known one', () => {
    expect([NaN, 0.2, 0.1, NaN, 0].sort(compareStd)).toEqual([0, 0.1, 0.2, NaN, NaN]);
    expect(compareStd(NaN, NaN)).toBe(0);
  });
});
