import { describe, expect, it } from 'vitest';
import { expandGrid } from './expand-grid.js';

describe('expandGrid', () => {
  it('gives the Cartesian product with keys in grid order and the last key varying fastest', () => {
    expect(expandGrid({ learningRate: [0.1, 0.01], hiddenSize: [8, 16, 32], optimizer: ['adam'] })).toEqual([
      { learningRate: 0.1, hiddenSize: 8, optimizer: 'adam' },
      { learningRate: 0.1, hiddenSize: 16, optimizer: 'adam' },
      { learningRate: 0.1, hiddenSize: 32, optimizer: 'adam' },
      { learningRate: 0.01, hiddenSize: 8, optimizer: 'adam' },
      { learningRate: 0.01, hiddenSize: 16, optimizer: 'adam' },
      { learningRate: 0.01, hiddenSize: 32, optimizer: 'adam' },
    ]);
  });

  it('keeps each point in grid key order', () => {
    const [first] = expandGrid({ b: [1], a: [2] });
    expect(Object.keys(first!)).toEqual(['b', 'a']);
  });

  it('gives one empty point for an empty grid', () => {
    expect(expandGrid({})).toEqual([{}]);
  });

  it('counts 3 x 3 x 2 = 18 points for the study grid', () => {
    expect(expandGrid({ learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16, 32], gradientClip: [1, 5] })).toHaveLength(18);
  });
});
