import { describe, expect, it } from 'vitest';
import { parseSpec } from './parse-spec.js';
import { rungEpochs } from './halving-spec.js';
import { specIssues } from '../../test-support/spec-issues.js';

const minimal = { name: 'halving-study', task: { name: 'toy' }, model: { name: 'lstm-ae' } };

describe('rungEpochs', () => {
  it('multiplies minEpochs by reduction while below the stage epochs, and ends at them', () => {
    expect(rungEpochs({ minEpochs: 1, reduction: 3 }, 6)).toEqual([1, 3, 6]);
    expect(rungEpochs({ minEpochs: 4, reduction: 3 }, 60)).toEqual([4, 12, 36, 60]);
    expect(rungEpochs({ minEpochs: 1, reduction: 3 }, 9)).toEqual([1, 3, 9]);
    expect(rungEpochs({ minEpochs: 2, reduction: 2 }, 2)).toEqual([2]);
  });
});

describe('stages.<stage>.halving and stages.<stage>.median', () => {
  it('are off by default and when false; true takes every default', () => {
    const off = parseSpec(minimal);
    expect(off.stages.filter.halving).toBeUndefined();
    expect(off.stages.evaluate.median).toBeUndefined();
    const spec = parseSpec({ ...minimal, stages: { filter: { epochs: 6, halving: true }, evaluate: { epochs: 60, median: true, halving: false } } });
    expect(spec.stages.filter.halving).toEqual({ minEpochs: 1, reduction: 3 });
    expect(spec.stages.evaluate.halving).toBeUndefined();
    expect(spec.stages.evaluate.median).toEqual({ startup: 5, minEpochs: 1, reduction: 3 });
  });

  it("takes the issue's example and parses its own output back to the same spec", () => {
    const spec = parseSpec({
      ...minimal,
      stages: {
        filter: { folds: 3, epochs: 6, keep: 4, halving: { minEpochs: 1, reduction: 3 } },
        evaluate: { folds: 5, epochs: 60, halving: { minEpochs: 4, reduction: 3 }, race: true },
      },
    });
    expect(spec.stages.evaluate.halving).toEqual({ minEpochs: 4, reduction: 3 });
    expect(parseSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('gives every bad key one message with its path and the nearest key', () => {
    expect(specIssues({
      ...minimal,
      stages: { filter: { epochs: 6, halving: { minEpochs: 0, reduction: 1.5, minEpoch: 2 } }, evaluate: { epochs: 60, median: { startup: 0, reductoin: 3 } } },
    })).toEqual([
      ['stages.filter.halving.minEpochs', 'expected at least 1 epoch'],
      ['stages.filter.halving.reduction', 'expected a whole number, got 1.5'],
      ['stages.filter.halving.minEpoch', 'unknown key; did you mean "minEpochs"?'],
      ['stages.evaluate.median.startup', 'expected at least 1 point'],
      ['stages.evaluate.median.reductoin', 'unknown key; did you mean "reduction"?'],
    ]);
    expect(specIssues({ ...minimal, stages: { filter: { halving: 'yes' } } })).toEqual([['stages.filter.halving', 'expected a mapping, got a string']]);
    expect(specIssues({ ...minimal, stages: { filter: { halving: { reduction: 1 } } } })).toEqual([['stages.filter.halving.reduction', 'expected a whole number of at least 2']]);
  });

  it('refuses halving and median on one stage, and a first rung that is not below the stage epochs', () => {
    expect(specIssues({ ...minimal, stages: { evaluate: { halving: true, median: true } } })).toEqual([
      ['stages.evaluate.median', 'halving and median both stop points at rungs, by different rules; set one of them'],
    ]);
    expect(specIssues({ ...minimal, train: { epochs: 9 }, stages: { filter: { halving: { minEpochs: 3 } } } })).toEqual([
      ['stages.filter.halving.minEpochs', "the first rung (3 epochs) is not below the stage's 3 epochs, so there is one rung and nothing to stop; lower it, or raise stages.filter.epochs"],
    ]);
    expect(specIssues({ ...minimal, stages: { evaluate: { epochs: 4, median: { minEpochs: 4 } } } })).toEqual([
      ['stages.evaluate.median.minEpochs', "the first rung (4 epochs) is not below the stage's 4 epochs, so there is one rung and nothing to stop; lower it, or raise stages.evaluate.epochs"],
    ]);
  });
});
