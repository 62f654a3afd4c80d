import { describe, expect, it } from 'vitest';
import { MemoryTransport, expandGrid, parseSpec, planStage, type TrialAssignment } from '@seqsweep/core';
import { DatasetCache, ModelCache, selectBackend } from '@seqsweep/ml';
import { runTrial } from './trial-runner.js';

/** A filter stage of 3 folds on two grid points, small enough to train in a moment. */
function trials(task: Record<string, unknown>, model: string): TrialAssignment[] {
  const spec = parseSpec({
    name: 'cache', seed: 5, task, model: { name: model, hiddenSize: 3 }, train: { epochs: 2, batchSize: 16 },
    grid: { learningRate: [0.02, 0.005] }, stages: { filter: { folds: 3, keep: 1, epochs: 2 } },
  });
  return planStage({ spec, sweepId: 'cache', stage: 'filter', points: expandGrid(spec.grid) });
}

async function run(a: TrialAssignment, datasets: DatasetCache, models: ModelCache) {
  const transport = new MemoryTransport();
  try {
    const out = await runTrial(a, { transport, datasets, models, cacheDir: undefined, backend: 'wasm', signal: new AbortController().signal, progress: () => {} });
    return { status: out.status, history: out.history, metrics: out.metrics, bestEpoch: out.bestEpoch, dates: out.dates };
  } finally {
    await transport.close();
  }
}

describe('runTrial on a worker that has run trials before', () => {
  // The worker keeps each fold's split (and for sp500 the dataset scaled on its training days) beside the dataset,
  // and its model, warm, to train the next trial of the same model options from that trial's own seed's weights.
  it.each([
    ['toy, random folds', { name: 'toy', samples: 120, length: 8 }, 'lstm-ae'],
    ['sp500, folds by date, scaled per trial', { name: 'sp500', window: 10, minDays: 300 }, 'lstm-ae-predictor'],
  ] as const)('%s: gives each trial the same results bit for bit as a fresh worker', async (_, task, model) => {
    await selectBackend('wasm');
    const planned = trials(task, model);
    // Both points of fold 0, then folds 1 and 2, then fold 0 again: hits and misses of the kept splits.
    const trial = (fold: number, learningRate: number): TrialAssignment =>
      planned.find((a) => a.split.kind === 'kfold' && a.split.fold === fold && a.params.learningRate === learningRate)!;
    const order = [trial(0, 0.02), trial(0, 0.005), trial(1, 0.02), trial(2, 0.02), trial(0, 0.02)];
    const shared = new DatasetCache();
    const models = new ModelCache();
    for (const a of order) {
      const warm = await run(a, shared, models);
      const fresh = await run(a, new DatasetCache(), new ModelCache());
      expect(warm.status).toBe('completed');
      expect(warm).toEqual(fresh);
    }
    // The two points differ in their learning rate only: one model, lent to each trial in turn.
    expect(models.size).toBe(1);
    models.clear();
  });
});
