import { describe, expect, it } from 'vitest';
import { parseSpec } from '@seqsweep/core';
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

  it('takes the scale a spec\'s space declares over the detected one; a grid axis is left to its values', () => {
    const spec = parseSpec({
      name: 'axes', task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1, 0.001] }, search: { strategy: 'random', trials: 4 },
      space: { hiddenSize: { int: [4, 64], log: true }, gradientClip: { uniform: [0.01, 5] }, reconstructionWeight: { loguniform: [0.01, 1] } },
    });
    const declared = declaredScaleOf(spec);
    expect(['learningRate', 'hiddenSize', 'gradientClip', 'reconstructionWeight'].map(declared)).toEqual([undefined, 'log', 'linear', 'log']);
    // Declared log over a narrow range, declared linear over a wide one; the grid's 2 decades detected.
    const axes = paramAxes([
      { learningRate: 0.1, hiddenSize: 8, gradientClip: 0.01, reconstructionWeight: 0.5 },
      { learningRate: 0.001, hiddenSize: 9, gradientClip: 5, reconstructionWeight: 0.6 },
    ], declared);
    expect(axes.map((a) => a.scale)).toEqual(['log', 'log', 'linear', 'log']);
  });
});
