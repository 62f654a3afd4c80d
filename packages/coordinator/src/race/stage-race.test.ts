import { describe, expect, it } from 'vitest';
import { expandGrid, parseSpec, planStage, type SweepRecord, type TrialResult } from '@seqsweep/core';
import { StageRace, type RaceContext } from './stage-race.js';

describe('StageRace', () => {
  it('takes results that come while a step waits to start in that one step, not one step each', async () => {
    const spec = parseSpec({
      name: 'coalesce', seed: 1, task: { name: 'noop' }, model: { name: 'lstm-ae' },
      grid: { learningRate: Array.from({ length: 20 }, (_, i) => (i + 1) / 1000) },
      stages: { filter: { folds: 4, keep: 2, race: true }, evaluate: { folds: 2 } },
    });
    const trials = planStage({ spec, sweepId: 'coalesce', stage: 'filter', points: expandGrid(spec.grid) });
    const now = new Date().toISOString();
    let record: SweepRecord = { sweepId: 'coalesce', name: 'coalesce', spec: spec as unknown as SweepRecord['spec'], stage: 'filter', status: 'running', createdAt: now, updatedAt: now, queue: { ackWaitMs: 60_000, maxDeliver: 3 }, pruned: [] };
    const results = new Map<string, TrialResult>();
    let steps = 0;
    const ctx: RaceContext = {
      metric: 'valLoss', mode: 'min', result: (id) => results.get(id), record: () => record,
      update: async (patch) => void (record = { ...record, ...patch }), publish: async () => undefined, publishResult: async () => undefined,
      // Each step reads the clock once when it starts (and again only to record a decision, which none is here).
      now: () => (steps++, Date.now()),
      onRacedOut: () => undefined, onDecided: () => undefined, background: (_what, task) => void task.catch(() => undefined),
    };
    const race = new StageRace(ctx, 'filter', trials, spec.stages.filter.race!, 2);
    await race.start();
    const before = steps;
    // Round 0's folds all come in at once, as a busy results subscription hands them over: the same value for every
    // point, so that no point can be raced out, and each result pokes the race.
    for (const a of trials.filter((t) => t.split.kind === 'kfold' && t.split.fold === 0)) {
      results.set(a.trialId, { sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: 'filter', params: a.params, fold: 0, status: 'completed',
        metrics: { valLoss: 1 }, history: [], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, backend: 'none', finishedAt: now });
      race.onResult(results.get(a.trialId)!);
    }
    race.poke();
    // Every step here settles in microtasks (the context answers at once): one macrotask later they have all run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(results.size).toBe(20);
    expect(steps - before).toBe(1);
  });
});
