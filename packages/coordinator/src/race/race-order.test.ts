import { describe, expect, it } from 'vitest';
import { parseSpec, planStage, type TrialAssignment } from '@seqsweep/core';
import { orderRound, raceRounds } from './race-order.js';

const spec = parseSpec({ name: 'order', task: { name: 'noop' }, model: { name: 'lstm-ae' }, stages: { evaluate: { folds: 3 } } });
const points = [8, 16, 32].map((hiddenSize) => ({ hiddenSize }));
const trials = planStage({ spec, sweepId: 'order', stage: 'evaluate', points });
const fold = (a: TrialAssignment): number => (a.split.kind === 'kfold' ? a.split.fold : -1);

describe('raceRounds and orderRound', () => {
  it('groups a point-major plan into rounds: fold 0 of every point, then fold 1, ...', () => {
    const rounds = raceRounds(trials);
    expect(rounds.map((r) => r.map(fold))).toEqual([[0, 0, 0], [1, 1, 1], [2, 2, 2]]);
    expect(rounds[1]!.map((a) => a.params.hiddenSize)).toEqual([8, 16, 32]);
  });

  it('puts the most promising point first, in the objective direction, and the unscored after in plan order', () => {
    const round = raceRounds(trials)[1]!;
    const means = new Map([[round[1]!.pointId, 0.2], [round[2]!.pointId, 0.1]]);
    expect(orderRound(round, (id) => means.get(id), 'min').map((a) => a.params.hiddenSize)).toEqual([32, 16, 8]);
    expect(orderRound(round, (id) => means.get(id), 'max').map((a) => a.params.hiddenSize)).toEqual([16, 32, 8]);
    expect(orderRound(round, () => undefined, 'min').map((a) => a.params.hiddenSize)).toEqual([8, 16, 32]);
  });
});
