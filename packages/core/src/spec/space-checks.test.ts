import { describe, expect, it } from 'vitest';
import { STRATEGY_TRAITS } from '../plan/search/strategy-traits.js';
import { checkSearch } from './space-checks.js';
import { parseSpec } from './parse-spec.js';
import { searchSpaceOf } from './search-spec.js';
import { specIssues } from '../../test-support/spec-issues.js';

const minimal = { name: 'space-study', task: { name: 'toy' }, model: { name: 'lstm-ae' } };

/** The issues checkSearch finds with every strategy's traits known (the registry on this branch may hold fewer). */
function searchIssues(spec: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  checkSearch({ ...minimal, ...spec }, 'lstm-ae', (i) => out.push([i.path.map(String).join('.'), i.message]), STRATEGY_TRAITS);
  return out;
}

describe('space: distributions checked like the options they set', () => {
  it('accepts every form and turns it into the search space, grid axes first', () => {
    const spec = parseSpec({
      ...minimal,
      grid: { gradientClip: [1, 5] },
      space: { hiddenSize: { int: [4, 64], log: true }, batchSize: { int: [16, 128], step: 16 }, reconstructionWeight: [0.1, 0.5] },
    });
    expect(Object.keys(searchSpaceOf(spec))).toEqual(['gradientClip', 'hiddenSize', 'batchSize', 'reconstructionWeight']);
    expect(searchSpaceOf(spec)).toEqual({
      gradientClip: { kind: 'choice', values: [1, 5] },
      hiddenSize: { kind: 'int', low: 4, high: 64, step: 1, log: true },
      batchSize: { kind: 'int', low: 16, high: 128, step: 16, log: false },
      reconstructionWeight: { kind: 'choice', values: [0.1, 0.5] },
    });
    const ranges = { learningRate: { loguniform: [1e-4, 0.3] as [number, number] }, momentum: { uniform: [0, 0.9] as [number, number] } };
    expect(searchSpaceOf({ grid: {}, space: ranges })).toEqual({
      learningRate: { kind: 'loguniform', low: 1e-4, high: 0.3 }, momentum: { kind: 'uniform', low: 0, high: 0.9 },
    });
    expect(searchIssues({ search: { strategy: 'tpe', trials: 20 }, space: ranges })).toEqual([]);
    // Not for grid: continuous ranges; the int and the choices are fine.
    expect(searchIssues({ space: { learningRate: { loguniform: [1e-4, 0.3] } } })).toEqual([
      ['space.learningRate', 'strategy grid cannot sweep the continuous range learningRate (loguniform); give a list of values, or set search.strategy to one that samples ranges (random, sobol, tpe)'],
    ]);
  });

  it('reports every problem of every distribution, each with its path', () => {
    expect(searchIssues({
      search: { strategy: 'random', trials: 20 },
      space: {
        hiddenSize: { int: [0, 2.5] },
        learningRate: { loguniform: [0, 0.3] },
        gradientClip: { uniform: [5, 1] },
        batchSize: { uniform: [16, 128] },
        patience: { int: [1, 10], log: true, step: 2 },
        reconstructionWeight: { unifrom: [0, 1] },
        momentum: 'often',
        hiddenSiz: [1],
        divergenceFactor: [],
      },
    })).toEqual([
      ['space.hiddenSize.int.0', 'expected a positive whole number'],
      ['space.hiddenSize.int.1', 'expected a whole number, got 2.5'],
      ['space.learningRate.loguniform.0', 'expected a positive number'],
      ['space.gradientClip.uniform', 'expected the low bound below the high one, got [5, 1]'],
      ['space.batchSize', 'batchSize takes whole numbers; write { int: [16, 128] }'],
      ['space.patience.step', 'a log-scaled int takes every whole number; remove step or log'],
      ['space.reconstructionWeight.unifrom', 'unknown key; did you mean "uniform"?'],
      ['space.reconstructionWeight', 'expected a list of values or one of { uniform: [low, high] }, { loguniform: [low, high] } or { int: [low, high] }'],
      ['space.momentum', 'expected a list of values or one of { uniform: [low, high] }, { loguniform: [low, high] } or { int: [low, high] }, got a string'],
      ['space.hiddenSiz', 'unknown space key; did you mean "hiddenSize"?'],
      ['space.divergenceFactor', 'expected at least one value'],
    ]);
  });

  it('checks a choice like a grid axis, and refuses a key swept by both grid and space', () => {
    expect(searchIssues({ grid: { hiddenSize: [8] }, space: { hiddenSize: [4], optimizer: ['adam', 'adma', 'adam'] } })).toEqual([
      ['space.hiddenSize', 'hiddenSize is swept by grid.hiddenSize too; sweep it in one of grid and space'],
      ['space.optimizer.1', 'expected one of adam, sgd, got "adma" (did you mean "adam"?)'],
      ['space.optimizer.2', 'duplicate of space.optimizer[0]'],
    ]);
  });

  it('refuses a log scale from zero and a log-scaled int from below 1', () => {
    expect(searchIssues({ search: { strategy: 'sobol', trials: 8 }, space: { momentum: { loguniform: [0, 0.9] }, reconstructionWeight: { int: [0, 1], log: true } } })).toEqual([
      ['space.momentum.loguniform.0', 'a log scale needs a low bound above 0, got 0'],
      ['space.reconstructionWeight.int.0', 'a log scale needs a low bound of at least 1, got 0'],
    ]);
  });
});

describe('search: the strategy, its trials and its options', () => {
  it('needs trials for every strategy but grid, and refuses them for grid', () => {
    expect(searchIssues({ search: { strategy: 'tpe' } })).toEqual([['search.trials', 'missing; strategy tpe needs the number of points stage one draws (e.g. trials: 40)']]);
    expect(searchIssues({ search: { strategy: 'grid', trials: 4 } })).toEqual([['search.trials', 'strategy grid runs every point of its grid, so it takes no trials; remove it']]);
  });

  it("checks a strategy's own options against its entry, with the nearest key", () => {
    expect(searchIssues({ search: { strategy: 'tpe', trials: 30, startup: 0, candidate: 24, constantLiar: 'yes' } })).toEqual([
      ['search.candidate', 'unknown key; did you mean "candidates"?'],
      ['search.startup', 'expected a whole number of at least 1'],
      ['search.constantLiar', 'expected true or false, got a string'],
    ]);
    expect(searchIssues({ search: { strategy: 'random', trials: 30, startup: 5 } })).toEqual([['search.startup', 'strategy random takes no options beside trials']]);
  });

  it("checks tpe's kernel options and sobol's scramble", () => {
    expect(searchIssues({ search: { strategy: 'tpe', trials: 30, multivariate: false, priorWeight: 2 } })).toEqual([]);
    expect(searchIssues({ search: { strategy: 'tpe', trials: 30, multivariate: 1, priorWeight: 0 } })).toEqual([
      ['search.multivariate', 'expected true or false, got a number'],
      ['search.priorWeight', 'expected a number above 0'],
    ]);
    expect(searchIssues({ search: { strategy: 'sobol', trials: 8, scramble: false } })).toEqual([]);
    expect(searchIssues({ search: { strategy: 'sobol', trials: 8, scramble: 'no' } })).toEqual([['search.scramble', 'expected true or false, got a string']]);
  });

  it('takes racing stage one under a strategy that draws as results arrive (racing is a pruner of any stage)', () => {
    expect(searchIssues({ search: { strategy: 'tpe', trials: 30 }, stages: { filter: { race: true } } })).toEqual([]);
  });

  it('parses a grid spec to search grid, and refuses an unregistered name through parseSpec with every other problem', () => {
    expect(parseSpec(minimal).search).toEqual({ strategy: 'grid' });
    expect(parseSpec({ ...minimal, space: { hiddenSize: { int: [4, 8], step: 2 } } }).space).toEqual({ hiddenSize: { int: [4, 8], step: 2 } });
    const issues = specIssues({ ...minimal, search: { strategy: 'grdi' }, space: { hiddenSize: { int: [-1, 8] } } });
    expect(issues).toContainEqual(['space.hiddenSize.int[0]', 'expected a positive whole number']);
    expect(issues.find(([path]) => path === 'search.strategy')?.[1]).toMatch(/grid.*got "grdi"/);
  });

  it('keeps a parsed spec parsing again to itself', () => {
    const spec = parseSpec({ ...minimal, grid: { gradientClip: [1, 5] }, space: { hiddenSize: { int: [4, 16], step: 4 } } });
    expect(parseSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });
});
