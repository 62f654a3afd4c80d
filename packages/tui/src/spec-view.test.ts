import { describe, expect, it } from 'vitest';
import { plannedTrials, readSpec } from './spec-view.js';
import { specJson } from '../test-support/fixtures.js';

describe('readSpec', () => {
  it('counts grid points and plans each stage', () => {
    const spec = readSpec(specJson());
    expect(spec).toMatchObject({ metric: 'valLoss', mode: 'min', points: 4, filterFolds: 3, evaluateFolds: 5, keep: 2 });
    expect(plannedTrials(spec, 'filter', undefined)).toBe(12);
    expect(plannedTrials(spec, 'evaluate', undefined)).toBe(10);
    expect(plannedTrials(spec, 'evaluate', ['p'])).toBe(5);
    expect(plannedTrials(spec, 'final', undefined)).toBe(1);
    expect(spec.epochs).toEqual({ filter: 3, evaluate: 12, final: 12 });
  });

  it('falls back to the documented defaults', () => {
    const spec = readSpec({ objective: { metric: 'valAccuracy' }, grid: {}, stages: { filter: { keepFraction: 0.5 } } });
    expect(spec).toMatchObject({ mode: 'max', points: 1, filterFolds: 3, evaluateFolds: 5, keep: 1 });
    expect(spec.epochs.filter).toBe(3);
  });
});
