import { describe, expect, it } from 'vitest';
import { applyOverrides, applySearch } from './overrides.js';
import { parseRange } from './range-override.js';

const raw = { name: 'o', task: { name: 'toy' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1, 0.01], hiddenSize: [8, 16] } };

describe('a range on the command line', () => {
  it('reads A..B and log:A..B, and nothing else', () => {
    expect(parseRange('1e-4..0.3')).toEqual({ low: 1e-4, high: 0.3, log: false });
    expect(parseRange('log:1e-4..0.3')).toEqual({ low: 1e-4, high: 0.3, log: true });
    expect(parseRange('-1..2.5')).toEqual({ low: -1, high: 2.5, log: false });
    expect(parseRange('adam')).toBeUndefined();
    expect(parseRange('1..')).toBeUndefined();
    expect(parseRange(0.1)).toBeUndefined();
  });

  it('becomes a space entry in place of the grid axis: an int range for a whole-number option', () => {
    expect(applyOverrides(raw, { learningRate: 'log:1e-4..0.3', hiddenSize: '4..64', gradientClip: '0.5..5', batchSize: 'log:16..256' })).toMatchObject({
      grid: {},
      space: { learningRate: { loguniform: [1e-4, 0.3] }, hiddenSize: { int: [4, 64] }, gradientClip: { uniform: [0.5, 5] }, batchSize: { int: [16, 256], log: true } },
    });
  });

  it('is replaced by a list or a value given for the same option', () => {
    const withSpace = { ...raw, space: { gradientClip: { uniform: [0.5, 5] } } };
    expect(applyOverrides(withSpace, { gradientClip: [1, 2] })).toMatchObject({ space: {}, grid: { gradientClip: [1, 2] } });
    expect(applyOverrides(withSpace, { gradientClip: 2 })).toMatchObject({ space: {}, train: { gradientClip: 2 } });
  });
});

describe('applySearch', () => {
  it('sets the strategy and trials, dropping the options of the strategy it replaces', () => {
    expect(applySearch({ ...raw, search: { strategy: 'tpe', trials: 30, startup: 5 } }, { strategy: 'random' })).toMatchObject({ search: { strategy: 'random', trials: 30 } });
    expect((applySearch({ ...raw, search: { strategy: 'tpe', trials: 30, startup: 5 } }, { strategy: 'random' }) as { search: object }).search).not.toHaveProperty('startup');
    expect(applySearch(raw, { strategy: 'sobol', trials: 16 })).toMatchObject({ search: { strategy: 'sobol', trials: 16 } });
    expect(applySearch({ ...raw, search: { strategy: 'tpe', trials: 30, startup: 5 } }, { trials: 60 })).toMatchObject({ search: { strategy: 'tpe', trials: 60, startup: 5 } });
    expect((applySearch({ ...raw, search: { strategy: 'random', trials: 30 } }, { strategy: 'grid' }) as { search: object }).search).toEqual({ strategy: 'grid' });
    expect(applySearch(raw, {})).toBe(raw);
  });
});
