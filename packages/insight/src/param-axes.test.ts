import { describe, expect, it } from 'vitest';
import { coordinate, declaredScaleOf, paramAxes } from './param-axes.js';

describe('paramAxes', () => {
  it('reads a positive grid spanning more than 1.5 decades on a log scale, a narrower one linearly, text as categories', () => {
    const params = [
      { learningRate: 0.1, hiddenSize: 8, optimizer: 'adam', seedless: 1 },
      { learningRate: 0.001, hiddenSize: 32, optimizer: 'sgd', seedless: 1 },
      { learningRate: 0.01, hiddenSize: 16, optimizer: 'adam', seedless: 1 },
    ];
    const axes = paramAxes(params);
    expect(axes.map((a) => [a.key, a.scale])).toEqual([['learningRate', 'log'], ['hiddenSize', 'linear'], ['optimizer', 'categorical']]);
    expect(axes[0]!.values).toEqual([0.001, 0.01, 0.1]);
    expect(coordinate(axes[0]!, 0.01)).toBeCloseTo(-2, 12);
    expect(coordinate(axes[2]!, 'sgd')).toBe(1);
  });

  it('takes the scale a spec\'s space declares over the detected one, and never logs a range that reaches 0', () => {
    const declared = declaredScaleOf({ space: { hiddenSize: { int: [4, 64], log: true }, clip: { uniform: [0.01, 5] }, rate: { kind: 'loguniform', low: 0, high: 1 } } });
    const axes = paramAxes([{ hiddenSize: 4, clip: 0.01, rate: 0 }, { hiddenSize: 64, clip: 5, rate: 0.5 }], declared);
    expect(axes.map((a) => a.scale)).toEqual(['log', 'linear', 'linear']);
    expect(declaredScaleOf({ grid: {} })('hiddenSize')).toBeUndefined();
  });
});
