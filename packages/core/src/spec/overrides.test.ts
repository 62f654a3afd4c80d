import { describe, expect, it } from 'vitest';
import { SpecError } from '../errors.js';
import { applyDataPath, applyOverrides } from './overrides.js';
import { parseSpec } from './parse-spec.js';

const raw = {
  name: 'toy',
  task: { name: 'toy' },
  model: { name: 'lstm-ae', hiddenSize: 16 },
  train: { epochs: 12, learningRate: 0.01 },
  grid: { learningRate: [0.1, 0.01], hiddenSize: [8, 16] },
  stages: { filter: { epochs: 3 }, evaluate: { epochs: 12, folds: 4 } },
  final: { epochs: 12 },
};

describe('applyOverrides', () => {
  it('turns a list of two or more values into a grid axis, in place of an axis of the same name', () => {
    const out = applyOverrides(raw, { hiddenSize: [4, 8, 12], gradientClip: [1, 5] }) as typeof raw & { grid: Record<string, unknown> };
    expect(out.grid).toEqual({ learningRate: [0.1, 0.01], hiddenSize: [4, 8, 12], gradientClip: [1, 5] });
    expect(Object.keys(out.grid)).toEqual(['learningRate', 'hiddenSize', 'gradientClip']);
  });

  it('sets a single value on the option owner and drops its grid axis', () => {
    const spec = parseSpec(applyOverrides(raw, { learningRate: 0.5, hiddenSize: [32], batchSize: 64, optimizer: 'sgd' }));
    expect(spec.train).toMatchObject({ learningRate: 0.5, batchSize: 64, optimizer: 'sgd' });
    expect(spec.model).toEqual({ name: 'lstm-ae', hiddenSize: 32 });
    expect(spec.grid).toEqual({});
  });

  it('makes every stage follow an epochs override', () => {
    const spec = parseSpec(applyOverrides(raw, { epochs: 30 }));
    expect(spec.train.epochs).toBe(30);
    expect(spec.stages.filter.epochs).toBe(10);
    expect(spec.stages.evaluate).toEqual({ folds: 4, epochs: 30 });
    expect(spec.final.epochs).toBe(30);
  });

  it('does not change its input', () => {
    const before = JSON.stringify(raw);
    applyOverrides(raw, { learningRate: 0.5, hiddenSize: [1, 2], epochs: 3 });
    expect(JSON.stringify(raw)).toBe(before);
  });

  it('creates train and grid when the spec has none', () => {
    const out = applyOverrides({ name: 'a', task: { name: 'toy' }, model: { name: 'lstm-ae' } }, { learningRate: [0.1, 0.2], batchSize: 16 });
    expect(out).toMatchObject({ train: { batchSize: 16 }, grid: { learningRate: [0.1, 0.2] } });
  });

  it('leaves invalid values for the parser, so they are reported with their spec path', () => {
    const out = applyOverrides(raw, { learningRate: [0.1, -2], batchSize: 'big' });
    expect(() => parseSpec(out)).toThrow(SpecError);
    try {
      parseSpec(out);
    } catch (e) {
      expect((e as SpecError).issues).toEqual([
        { path: 'train.batchSize', message: 'expected a number, got a string' },
        { path: 'grid.learningRate[1]', message: 'expected a positive number' },
      ]);
    }
  });

  it('refuses keys that are no option of the training loop or the model', () => {
    expect(() => applyOverrides(raw, { lerningRate: 0.1 })).toThrow(/overrides\.lerningRate: unknown option; did you mean "learningRate"\?/);
    expect(() => applyOverrides(raw, { denseSize: 8 })).toThrow(/denseSize is an option of model lstm-ae-classifier, not of lstm-ae/);
  });
});

describe('applyDataPath', () => {
  it('sets path for sp500 and dir for mnist', () => {
    expect(applyDataPath({ task: { name: 'sp500' } }, '/d/all_stocks_5yr.csv')).toEqual({ task: { name: 'sp500', path: '/d/all_stocks_5yr.csv' } });
    expect(applyDataPath({ task: { name: 'mnist', mode: 'rows' } }, '/d/mnist')).toEqual({ task: { name: 'mnist', mode: 'rows', dir: '/d/mnist' } });
  });

  it('refuses tasks that read no data files', () => {
    expect(() => applyDataPath({ task: { name: 'toy' } }, '/d')).toThrow(/task\.name: --data sets the data of task mnist \(a folder\), sp500 \(a file\), series \(a file\); task "toy" reads no data files/);
  });
});
