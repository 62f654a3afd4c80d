import { describe, expect, it } from 'vitest';
import { resample, sparkline } from './sparkline.js';

describe('sparkline', () => {
  it('draws one block per value between the smallest and largest', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0.9, 0.5, 0.3, 0.2, 0.15, 0.1])).toBe('█▅▃▂▁▁');
  });

  it('keeps the last values when narrower than the series, and draws gaps and flat series', () => {
    expect(sparkline([8, 1, 2, 3], 3)).toBe('▁▅█');
    expect(sparkline([1, null, Number.NaN, 3])).toBe('▁  █');
    expect(sparkline([2, 2, 2])).toBe('▁▁▁');
    expect(sparkline([])).toBe('');
  });

  it('resamples long series to bucket means', () => {
    expect(resample([1, 3, 5, 7, null, 9], 3)).toEqual([2, 6, 9]);
    expect(resample([1, null], 4)).toEqual([1, null]);
  });
});
