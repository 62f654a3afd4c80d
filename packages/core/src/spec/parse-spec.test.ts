import { describe, expect, it } from 'vitest';
import { parseSpec } from './parse-spec.js';
import { specIssues } from '../../test-support/spec-issues.js';

const minimal = { name: 'toy-study', task: { name: 'toy' }, model: { name: 'lstm-ae' } };

describe('parseSpec', () => {
  it('fills every default, including the ones derived from other fields', () => {
    const spec = parseSpec({ ...minimal, train: { epochs: 10 } });
    expect(spec.seed).toBe(42);
    expect(spec.task).toEqual({ name: 'toy', samples: 10_000, length: 50 });
    expect(spec.model).toEqual({ name: 'lstm-ae', hiddenSize: 16 });
    expect(spec.train).toMatchObject({ epochs: 10, batchSize: 128, optimizer: 'adam', learningRate: 0.001, gradientClip: 1, reconstructionWeight: 0.5 });
    expect(spec.grid).toEqual({});
    expect(spec.objective).toEqual({ metric: 'valLoss', mode: 'min' });
    expect(spec.stages).toEqual({ filter: { folds: 3, epochs: 4, keep: 4 }, evaluate: { folds: 5, epochs: 10 } });
    expect(spec.final).toEqual({ testFraction: 0.2, epochs: 10, retrain: true });
  });

  it('derives final epochs from the evaluate stage and stage one epochs from train.epochs', () => {
    const spec = parseSpec({ ...minimal, train: { epochs: 1 }, stages: { evaluate: { epochs: 7 } } });
    expect(spec.stages.filter.epochs).toBe(1);
    expect(spec.stages.evaluate.epochs).toBe(7);
    expect(spec.final.epochs).toBe(7);
  });

  it('defaults the mode to max for valAccuracy and keeps keepFraction without a keep', () => {
    const spec = parseSpec({
      ...minimal, task: { name: 'mnist' }, model: { name: 'lstm-ae-classifier' },
      objective: { metric: 'valAccuracy' }, stages: { filter: { keepFraction: 0.25 } },
    });
    expect(spec.objective).toEqual({ metric: 'valAccuracy', mode: 'max' });
    expect(spec.stages.filter).toEqual({ folds: 3, epochs: 4, keepFraction: 0.25 });
  });

  it('keeps the grid in spec order and accepts optimizer and model options as axes', () => {
    const spec = parseSpec({ ...minimal, grid: { learningRate: [0.1, 0.01], optimizer: ['adam', 'sgd'], hiddenSize: [8, 16], gradientClip: [null, 5] } });
    expect(Object.keys(spec.grid)).toEqual(['learningRate', 'optimizer', 'hiddenSize', 'gradientClip']);
    expect(spec.grid.gradientClip).toEqual([null, 5]);
  });

  it('parses its own output back to the same spec', () => {
    const spec = parseSpec({ ...minimal, grid: { hiddenSize: [8, 16] }, stages: { filter: { keepFraction: 0.5 } } });
    expect(parseSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('lists every problem at once, each with its path, in plain words', () => {
    const issues = specIssues({
      name: 'bad name!',
      seed: 1.5,
      task: { name: 'toy', samples: 'many' },
      model: { name: 'lstm-ae', hiddenSize: 0 },
      train: { lerningRate: 0.1, epochs: 0 },
      grid: { learningRate: [0.1, 0.01, -1], hiddenSize: [8, 16, 32, 16], lerningRate: [1] },
      objective: { metric: 'valAccuracy' },
      stages: { filter: { folds: 1, keep: 2, keepFraction: 0.5 }, evaluate: { folds: 101 } },
      final: { testFraction: 1 },
      extra: true,
    });
    expect(issues).toEqual([
      ['name', 'expected only letters, digits, ".", "_" and "-"'],
      ['seed', 'expected a whole number, got 1.5'],
      ['task.samples', 'expected a number, got a string'],
      ['model.hiddenSize', 'expected a positive whole number'],
      ['train.epochs', 'expected a positive whole number'],
      ['train.lerningRate', 'unknown key; did you mean "learningRate"?'],
      ['grid.learningRate[2]', 'expected a positive number'],
      ['grid.hiddenSize[3]', 'duplicate of grid.hiddenSize[1]'],
      ['grid.lerningRate', 'unknown grid key; did you mean "learningRate"?'],
      ['objective.metric', "valAccuracy needs model lstm-ae-classifier; the spec's model is lstm-ae"],
      ['stages.filter.folds', 'expected at least 2 folds'],
      ['stages.evaluate.folds', 'expected at most 100 folds'],
      ['stages.filter', 'set keep or keepFraction, not both'],
      ['final.testFraction', 'expected a fraction from 0 up to (not including) 1'],
      ['extra', 'unknown key; expected one of name, seed, task, model, train, grid, space, search, objective, stages, final, split'],
    ]);
  });

  it('names the spec and counts the problems in the error message', () => {
    expect(() => parseSpec({ ...minimal, seed: 'x' }, 'study.yaml')).toThrow(/the sweep spec in study\.yaml has 1 problem:\n {2}seed: expected a number, got a string/);
  });

  it('suggests the nearest task and model name and lists the known ones', () => {
    expect(specIssues({ ...minimal, task: { name: 'toyy' }, model: { name: 'lstm-ea' } })).toEqual([
      ['task.name', 'unknown task "toyy"; expected one of toy, mnist, sp500, series, noop, or { module: ./your-file.mjs } (did you mean "toy"?)'],
      ['model.name', 'unknown model "lstm-ea"; expected one of lstm-ae, lstm-ae-classifier, lstm-ae-predictor, or { module: ./your-file.mjs } (did you mean "lstm-ae"?)'],
    ]);
  });

  it('suggests keys inside the chosen task only, and nothing when no key is close', () => {
    expect(specIssues({ ...minimal, task: { name: 'mnist', limt: 10, colour: 'red' } })).toEqual([
      ['task.limt', 'unknown key; did you mean "limit"?'],
      ['task.colour', 'unknown key; expected one of name, mode, limit, dir'],
    ]);
  });

  it('reports missing required keys and a missing task name', () => {
    expect(specIssues({ task: {}, model: { name: 'lstm-ae' } })).toEqual([
      ['name', 'missing; expected a string'],
      ['task.name', 'missing; expected one of toy, mnist, sp500, series, noop, or { module: ./your-file.mjs }'],
    ]);
  });

  it('words wrong types, enum values and non-scalar grid values', () => {
    expect(specIssues({ ...minimal, train: { optimizer: 'adamw', gradientClip: true }, grid: { momentum: 0.5, batchSize: [{ a: 1 }] } })).toEqual([
      ['train.optimizer', 'expected one of adam, sgd, got "adamw" (did you mean "adam"?)'],
      ['train.gradientClip', 'expected a number, got true (true/false)'],
      ['grid.momentum', 'expected a list, got a number'],
      ['grid.batchSize[0]', 'expected a number, a string, true/false or null, got a mapping'],
    ]);
  });

  it('refuses grid keys that belong to another model, the model name, and epochs', () => {
    expect(specIssues({ ...minimal, grid: { denseSize: [4], name: ['lstm-ae'], epochs: [1, 2], hiddenSize: [] } })).toEqual([
      ['grid.hiddenSize', 'expected at least one value'],
      ['grid.denseSize', 'denseSize is an option of model lstm-ae-classifier, not of lstm-ae'],
      ['grid.name', 'the model name cannot be swept; run one sweep per model'],
      ['grid.epochs', 'epochs cannot be swept: each stage sets its own (stages.filter.epochs, stages.evaluate.epochs, final.epochs)'],
    ]);
  });

  it('refuses a grid axis longer than a list on the wire can carry, saying how to split it', () => {
    const learningRate = Array.from({ length: 10_001 }, (_, i) => (i + 1) / 1e6);
    expect(specIssues({ ...minimal, grid: { learningRate } })).toEqual([
      ['grid.learningRate', 'expected at most 10,000 values: split the axis in two (the grid is their product), or draw points with search:'],
    ]);
    expect(parseSpec({ ...minimal, grid: { learningRate: learningRate.slice(0, 10_000) } }).grid.learningRate).toHaveLength(10_000);
  });

  it('checks each grid value with its option schema', () => {
    expect(specIssues({ ...minimal, grid: { reconstructionWeight: [0.5, 2], optimizer: ['adam', 'rmsprop'], patience: [0] } })).toEqual([
      ['grid.reconstructionWeight[1]', 'expected a number from 0 to 1'],
      ['grid.optimizer[1]', 'expected one of adam, sgd, got "rmsprop"'],
      ['grid.patience[0]', 'expected a positive whole number'],
    ]);
  });

  it('refuses metrics the model does not report and models the task cannot feed', () => {
    expect(specIssues({ ...minimal, objective: { metric: 'valTaskLoss' } })).toEqual([
      ['objective.metric', "valTaskLoss needs model lstm-ae-classifier or lstm-ae-predictor; the spec's model is lstm-ae"],
    ]);
    expect(specIssues({ ...minimal, model: { name: 'lstm-ae-predictor' } })).toEqual([
      ['model.name', 'model lstm-ae-predictor cannot train on task "toy"; it needs task sp500 or series'],
    ]);
  });

  it('shows the form a task takes when it is written as a bare name, and refuses infinite grid values once', () => {
    expect(specIssues({ ...minimal, task: 'toy', grid: { learningRate: [0.1, Infinity] } })).toEqual([
      ['task', 'expected a mapping such as { name: toy }, got a string'],
      ['grid.learningRate[1]', 'expected a finite number, got Infinity'],
    ]);
  });

  it('suggests keys in nested sections', () => {
    expect(specIssues({ ...minimal, objective: { metrik: 'valLoss' }, stages: { filter: { kep: 2 }, evaluat: {} } })).toEqual([
      ['objective.metrik', 'unknown key; did you mean "metric"?'],
      ['stages.filter.kep', 'unknown key; did you mean "keep"?'],
      ['stages.evaluat', 'unknown key; did you mean "evaluate"?'],
    ]);
  });

  it('refuses a spec that is not a mapping', () => {
    expect(specIssues(null)).toEqual([['', 'the spec is empty; expected a mapping with at least name, task and model']]);
    expect(specIssues([1])).toEqual([['', 'expected a mapping with at least name, task and model, got a list']]);
  });
});
