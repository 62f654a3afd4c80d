import { describe, expect, it } from 'vitest';
import { paramText, pointsInFlight, searchExhaustedText } from './search-text.js';

describe('how views word a search', () => {
  it('writes a drawn value to 3 significant digits and a whole number as it is', () => {
    expect(paramText(0.012345678)).toBe('0.0123');
    expect(paramText(2.718281828)).toBe('2.72');
    expect(paramText(0.000123456)).toBe('1.23e-4');
    expect(paramText(123456.7)).toBe('1.23e+5');
    expect(paramText(64)).toBe('64');
    expect(paramText(0)).toBe('0');
    expect(paramText('adam')).toBe('adam');
  });

  it('counts the points in flight and says when the space ran out', () => {
    expect(pointsInFlight({ drawn: [{}, {}, {}] }, (i) => [3, 1, 0][i]!, 3)).toBe(2);
    expect(searchExhaustedText(24, 40)).toBe('the space has only 24 points, fewer than search.trials (40): stage one ended early after drawing each once');
  });
});
