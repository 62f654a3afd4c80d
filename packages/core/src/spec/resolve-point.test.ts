import { describe, expect, it } from 'vitest';
import { parseSpec } from './parse-spec.js';
import { resolvePoint } from './resolve-point.js';

const spec = parseSpec({
  name: 'cls', task: { name: 'mnist', limit: 100 }, model: { name: 'lstm-ae-classifier', hiddenSize: 16 },
  train: { learningRate: 0.01, batchSize: 32 },
  grid: { learningRate: [0.1, 0.01], denseSize: [8, 16], optimizer: ['adam', 'sgd'] },
});

describe('resolvePoint', () => {
  it('merges the point into the model and train options', () => {
    const point = resolvePoint(spec, { learningRate: 0.1, denseSize: 8, optimizer: 'sgd' });
    expect(point.task).toEqual(spec.task);
    expect(point.model).toEqual({ name: 'lstm-ae-classifier', hiddenSize: 16, denseSize: 8 });
    expect(point.train).toEqual({ ...spec.train, learningRate: 0.1, optimizer: 'sgd' });
    expect(spec.train.learningRate).toBe(0.01);
  });

  it('gives the spec options for the empty point', () => {
    expect(resolvePoint(spec, {})).toEqual({ task: spec.task, model: spec.model, train: spec.train });
  });

  it('throws for a parameter that is no option, or a value that does not fit', () => {
    expect(() => resolvePoint(spec, { colour: 1 })).toThrow(/colour is no option/);
    expect(() => resolvePoint(spec, { learningRate: -1 })).toThrow(/train\.learningRate: expected a positive number/);
  });
});
