import { describe, expect, it } from 'vitest';
import { parseSpec, pointId, type SweepRecord, type TrialResult } from '@seqsweep/core';
import { stageRanking, stageSurvivors } from './stage-ranking.js';

const spec = parseSpec({
  name: 'ranking', task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { hiddenSize: [4, 8, 16, 32] },
  stages: { filter: { folds: 2, epochs: 9, keep: 2, halving: true }, evaluate: { folds: 2, epochs: 9, halving: true } },
});
const record = { pruned: [] } as unknown as SweepRecord;

/** A completed fold of `hiddenSize` at `rung` scoring `v`. */
const result = (stage: 'filter' | 'evaluate', hiddenSize: number, rung: number, fold: number, v: number): TrialResult => ({
  sweepId: 's', trialId: `t-${stage}-${hiddenSize}-${rung}-${fold}`, pointId: pointId({ hiddenSize }), stage, params: { hiddenSize }, fold, status: 'completed',
  metrics: { valLoss: v }, history: [], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, backend: 'none', rung, finishedAt: '',
});

describe('a stage in rungs ranks its points at the top rung', () => {
  // hiddenSize 4 scored best of all, but only at 1 epoch, and was halted there; 8 and 16 reached the top (9 epochs).
  const results = [
    ...[4, 8, 16, 32].flatMap((h) => [0, 1].map((f) => result('evaluate', h, 0, f, h === 4 ? 0.01 : 0.5 + h / 100))),
    ...[8, 16].flatMap((h) => [0, 1].map((f) => result('evaluate', h, 1, f, 0.3 - h / 100))),
    ...[8, 16].flatMap((h) => [0, 1].map((f) => result('evaluate', h, 2, f, 0.2 - h / 100 + f * 0.001))),
  ];

  it('takes the evaluate stage\'s best point from the top rung, whatever lower rungs scored', () => {
    expect(stageRanking(spec, record, results, 'evaluate').map((s) => s.params.hiddenSize)).toEqual([16, 8]);
  });

  it('takes stage one\'s survivors from the top rung, counted over every point of the stage', () => {
    const filter = results.map((r) => ({ ...r, stage: 'filter' as const, trialId: r.trialId.replace('evaluate', 'filter') }));
    expect(stageSurvivors(spec, record, filter)).toEqual([pointId({ hiddenSize: 16 }), pointId({ hiddenSize: 8 })]);
  });
});
