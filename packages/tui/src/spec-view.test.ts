import { describe, expect, it } from 'vitest';
import { describePlan, parseSpec, protocolLine, protocolLineOf } from '@seqsweep/core';
import { plannedTrials, readSpec } from './spec-view.js';
import { specJson } from '../test-support/fixtures.js';

describe('readSpec', () => {
  it('counts grid points and plans each stage', () => {
    const spec = readSpec(specJson())!;
    expect(spec).toMatchObject({ metric: 'valLoss', mode: 'min', points: 4, filterFolds: 3, evaluateFolds: 5, keep: 2 });
    expect(plannedTrials(spec, 'filter', undefined)).toBe(12);
    expect(plannedTrials(spec, 'evaluate', undefined)).toBe(10);
    expect(plannedTrials(spec, 'evaluate', ['p'])).toBe(5);
    expect(plannedTrials(spec, 'final', undefined)).toBe(1);
    expect(spec.epochs).toEqual({ filter: 3, evaluate: 12, final: 12 });
    expect(spec && protocolLine(spec.parsed)).toBe('random: test 20% of the samples at random; 3 shuffled folds in stage one, 5 in stage two');
  });

  it('states a split by date with the dates the first result reports', () => {
    const spec = readSpec({ ...specJson(), task: { name: 'sp500', window: 30 }, model: { name: 'lstm-ae-predictor' } })!;
    expect(protocolLineOf(spec.parsed, [])).toBe('chronological: test the last 20% of dates after a 30-day gap; 3 forward folds in stage one, 5 in stage two');
    const dates = { train: null, val: null, cutoff: '2017-03-01', test: { first: '2017-03-01', last: '2018-02-07' }, gap: 30 };
    expect(protocolLineOf(spec.parsed, [{}, { dates }])).toBe('chronological: test 2017-03-01 … 2018-02-07 after a 30-day gap; 3 forward folds in stage one, 5 in stage two');
    expect(readSpec({ name: 'x' })).toBeNull();
  });

  it('takes every default from core, planning what the coordinator plans', () => {
    // Defaults left out: the objective's mode, the filter epochs, the survivor count, the final epochs.
    const json = { name: 't', task: { name: 'mnist', dir: '/nowhere' }, model: { name: 'lstm-ae-classifier' }, train: { epochs: 10 }, objective: { metric: 'valAccuracy' },
      grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16] }, stages: { filter: { keepFraction: 0.5 } }, final: { retrain: false } };
    const core = parseSpec(json);
    const plan = describePlan(core);
    const spec = readSpec(json)!;
    expect(spec).toMatchObject({ mode: core.objective.mode, points: plan.points, keep: plan.survivors, filterFolds: core.stages.filter.folds, evaluateFolds: core.stages.evaluate.folds });
    expect(spec.epochs).toEqual({ filter: core.stages.filter.epochs, evaluate: core.stages.evaluate.epochs, final: core.final.epochs });
    expect(plannedTrials(spec, 'filter', undefined)).toBe(plan.filter);
    expect(plannedTrials(spec, 'evaluate', undefined)).toBe(plan.evaluate);
    expect(plannedTrials(spec, 'final', undefined)).toBe(0);
  });

  it('counts a stage in rungs at its worst case, a trial per point, fold and rung, as the coordinator and plan do', () => {
    const json = { ...specJson(), stages: { filter: { folds: 3, epochs: 9, keep: 2, halving: { minEpochs: 1, reduction: 3 } }, evaluate: { folds: 5, epochs: 12, halving: { minEpochs: 4, reduction: 3 } } } };
    const plan = describePlan(parseSpec(json));
    const spec = readSpec(json)!;
    expect(spec.rungs).toEqual({ filter: 3, evaluate: 2 });
    expect(plannedTrials(spec, 'filter', undefined)).toBe(4 * 3 * 3);
    expect(plannedTrials(spec, 'filter', undefined)).toBe(plan.rungs.filter!.trials.most);
    expect(plannedTrials(spec, 'evaluate', undefined)).toBe(plan.rungs.evaluate!.trials.most);
    expect(plannedTrials(spec, 'evaluate', ['p'])).toBe(5 * 2);
  });

  it('is null for a stored spec that does not parse', () => {
    expect(readSpec({ objective: { metric: 'valAccuracy' }, grid: {} })).toBeNull();
  });
});
