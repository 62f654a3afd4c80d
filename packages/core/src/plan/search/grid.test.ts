import { describe, expect, it } from 'vitest';
import { expandGrid } from '../expand-grid.js';
import { gridPoints, gridStrategy } from './grid.js';

describe('the grid strategy', () => {
  it("draws a space of choices in expandGrid's order, the last key fastest", () => {
    const grid = { learningRate: [0.1, 0.01], hiddenSize: [8, 16, 32] };
    const space = { learningRate: { kind: 'choice' as const, values: grid.learningRate }, hiddenSize: { kind: 'choice' as const, values: grid.hiddenSize } };
    const strategy = gridStrategy({ space, seed: 1, trials: undefined, options: {} });
    const first = strategy.ask([], 4);
    expect(first).toEqual(expandGrid(grid).slice(0, 4));
    expect(strategy.ask(first.map((params) => ({ params, state: 'running' })), 10)).toEqual(expandGrid(grid).slice(4));
  });

  it("enumerates an int's steps, and every whole number of a log-scaled one", () => {
    expect(gridPoints({ h: { kind: 'int', low: 4, high: 14, step: 4, log: false } })).toEqual([{ h: 4 }, { h: 8 }, { h: 12 }]);
    expect(gridPoints({ h: { kind: 'int', low: 2, high: 5, step: 1, log: true } })).toEqual([{ h: 2 }, { h: 3 }, { h: 4 }, { h: 5 }]);
  });

  it('refuses a continuous dimension, which the spec never lets through', () => {
    expect(() => gridPoints({ lr: { kind: 'uniform', low: 0, high: 1 } })).toThrow(/continuous dimension lr/);
  });
});
