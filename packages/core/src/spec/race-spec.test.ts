import { describe, expect, it } from 'vitest';
import { parseSpec } from './parse-spec.js';
import { specIssues } from '../../test-support/spec-issues.js';

const minimal = { name: 'race-study', task: { name: 'toy' }, model: { name: 'lstm-ae' } };

describe('stages.<stage>.race', () => {
  it('is off by default and when false, and takes every default when true', () => {
    expect(parseSpec(minimal).stages.evaluate.race).toBeUndefined();
    const spec = parseSpec({ ...minimal, stages: { filter: { race: false }, evaluate: { race: true } } });
    expect(spec.stages.filter.race).toBeUndefined();
    expect(spec.stages.evaluate.race).toEqual({ alpha: 0.05, minFolds: 2, test: 't', tolerance: 0, decided: 'stop' });
  });

  it('fills the defaults of a partial mapping and parses its own output back to the same spec', () => {
    const spec = parseSpec({ ...minimal, stages: { filter: { race: { test: 'wilcoxon' } }, evaluate: { race: { alpha: 0.01, minFolds: 3, tolerance: 0.02, decided: 'finish' } } } });
    expect(spec.stages.filter.race).toEqual({ alpha: 0.05, minFolds: 2, test: 'wilcoxon', tolerance: 0, decided: 'stop' });
    expect(spec.stages.evaluate.race).toEqual({ alpha: 0.01, minFolds: 3, test: 't', tolerance: 0.02, decided: 'finish' });
    expect(parseSpec(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('gives every bad key one message with its path', () => {
    expect(specIssues({ ...minimal, stages: { evaluate: { race: { alpha: 0.7, minFolds: 1, test: 'z', tolerance: 1.5, decided: 'never', minFold: 3 } }, filter: { race: 'yes' } } })).toEqual([
      ['stages.filter.race', 'expected a mapping, got a string'],
      ['stages.evaluate.race.alpha', 'expected a level above 0 and below 0.5'],
      ['stages.evaluate.race.minFolds', 'expected at least 2 folds'],
      ['stages.evaluate.race.test', 'expected "t" or "wilcoxon"'],
      ['stages.evaluate.race.tolerance', 'expected a fraction from 0 to below 1 (0.02 is 2%)'],
      ['stages.evaluate.race.decided', 'expected "stop" or "finish"'],
      ['stages.evaluate.race.minFold', 'unknown key; did you mean "minFolds"?'],
    ]);
    expect(specIssues({ ...minimal, stages: { evaluate: { race: { minFolds: 2.5 } } } })).toEqual([['stages.evaluate.race.minFolds', 'expected a whole number, got 2.5']]);
    expect(specIssues({ ...minimal, stages: { evaluate: { race: { tolerance: -0.01 } } } })).toEqual([['stages.evaluate.race.tolerance', 'expected a fraction from 0 to below 1 (0.02 is 2%)']]);
    expect(specIssues({ ...minimal, stages: { evaluate: { race: { tolerance: '2%' } } } })[0]).toEqual(['stages.evaluate.race.tolerance', expect.stringMatching(/^expected a number/)]);
  });
});
