import { describe, expect, it } from 'vitest';
import type { TrialResult } from './messages.js';
import { parseResultsFile, toResultsTrial, type ResultsFile } from './results-file.js';
import { parseSpec } from './spec/parse-spec.js';

const spec = parseSpec({ name: 'schema', task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.01, 0.001] } });

const result: TrialResult = {
  sweepId: 'sw-1', trialId: 't-1', pointId: 'p-1', stage: 'final', params: { learningRate: 0.01 }, fold: -1, status: 'completed',
  metrics: { valLoss: 0.25, testLoss: 0.3 }, history: [{ loss: 0.5, valLoss: 0.25 }], bestEpoch: 0, worker: 'w-1', attempts: 1,
  durationMs: 12.5, backend: 'cpu', finishedAt: '2026-12-01T00:00:00.000Z',
  artifacts: { 'model.json': { name: 'models/sw-1/t-1/model.json', digest: 'ab'.repeat(32) } },
};

/** A results.json as the coordinator writes it, through JSON text as it lies on disk. */
function written(over: Partial<ResultsFile> = {}): unknown {
  const file: ResultsFile = {
    sweepId: 'sw-1', name: 'schema', status: 'completed', stage: 'final', createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:01:00.000Z', spec, objective: spec.objective, survivors: ['p-1'], pruned: [],
    trials: [toResultsTrial(result)],
    leaderboard: [{ rank: 1, pointId: 'p-1', params: { learningRate: 0.01 }, stage: 'evaluate', mean: 0.25, std: null, folds: 1, status: 'ok', survivor: true }],
    best: { pointId: 'p-1', params: { learningRate: 0.01 }, cv: { mean: 0.25, std: null, folds: 1 }, test: { testLoss: 0.3 }, trialId: 't-1' },
    ...over,
  };
  return JSON.parse(JSON.stringify(file));
}

describe('the results.json schema', () => {
  it('reads back what the coordinator writes, unchanged, the stored spec included', () => {
    const checked = parseResultsFile(written());
    expect(checked).toEqual({ ok: true, file: written() });
  });

  it('reads an importance block back, and rejects a share outside 0..1 with its path', () => {
    const importance = { method: 'fanova-random-forest', points: 8, resamples: 3, params: { learningRate: { share: 0.7, std: 0.05 }, hiddenSize: { share: 0.1, std: null } } };
    expect(parseResultsFile(written({ importance }))).toEqual({ ok: true, file: written({ importance }) });
    const bad = { ...importance, params: { learningRate: { share: 1.5, std: 0 } } };
    const checked = parseResultsFile(written({ importance: bad }));
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problem).toMatch(/^importance\.params\.learningRate\.share: /);
  });

  it('records a trial less its wire-only fields', () => {
    const trial = toResultsTrial(result);
    expect(trial.id).toBe('t-1');
    expect(Object.keys(trial)).not.toContain('artifacts');
    expect(Object.keys(trial)).not.toContain('sweepId');
  });

  it('reads a file written before trials recorded finishedAt', () => {
    const old = written() as { trials: Record<string, unknown>[] };
    delete old.trials[0]!.finishedAt;
    expect(parseResultsFile(old).ok).toBe(true);
  });

  it('names the first problem of a file that is not results, with its path', () => {
    expect(parseResultsFile({ not: 'results' })).toMatchObject({ ok: false, problem: expect.stringMatching(/^sweepId: /) });
    const bad = written() as { trials: Record<string, unknown>[] };
    bad.trials[0]!.status = 'exploded';
    expect(parseResultsFile(bad)).toMatchObject({ ok: false, problem: expect.stringMatching(/^trials\[0\]\.status: /) });
    expect(parseResultsFile({ ...(written() as object), extra: 1 })).toMatchObject({ ok: false });
    expect(parseResultsFile(null)).toMatchObject({ ok: false, problem: expect.stringMatching(/^\(root\): /) });
  });
});
