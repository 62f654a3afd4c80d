import { describe, expect, it } from 'vitest';
import { TrialAssignment } from '../messages.js';
import { parseSpec } from '../spec/parse-spec.js';
import { describePlan } from './describe-plan.js';
import { expandGrid } from './expand-grid.js';
import { pointId } from './ids.js';
import { planFinal, planStage } from './plan-stage.js';

const spec = parseSpec({
  name: 'toy-study', seed: 7,
  task: { name: 'toy', samples: 512, length: 30 },
  model: { name: 'lstm-ae', hiddenSize: 16 },
  train: { epochs: 10, batchSize: 128, learningRate: 0.01 },
  grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16, 32], gradientClip: [1, 5] },
  stages: { filter: { folds: 3, epochs: 3, keep: 4 }, evaluate: { folds: 5 } },
  final: { testFraction: 0.2 },
});
const points = expandGrid(spec.grid);

describe('planStage', () => {
  const trials = planStage({ spec, sweepId: 'toy-study-1', stage: 'filter', points });

  it('plans every point on every fold, point-major', () => {
    expect(trials).toHaveLength(18 * 3);
    expect(trials.slice(0, 3).map((t) => [t.pointId, t.split.kind === 'kfold' ? t.split.fold : -1])).toEqual([
      [pointId(points[0]!), 0], [pointId(points[0]!), 1], [pointId(points[0]!), 2],
    ]);
    expect(trials[3]!.params).toEqual(points[1]);
    expect(new Set(trials.map((t) => t.trialId)).size).toBe(trials.length);
  });

  it('gives valid assignments with the point resolved and the stage budget', () => {
    for (const t of trials) expect(TrialAssignment.parse(t)).toEqual(t);
    const t = trials[4]!;
    expect(t).toMatchObject({ sweepId: 'toy-study-1', stage: 'filter', seed: 7, params: { learningRate: 0.1, hiddenSize: 8, gradientClip: 5 } });
    expect(t.split).toEqual({ kind: 'kfold', folds: 3, fold: 1, testFraction: 0.2 });
    expect(t.task).toEqual({ name: 'toy', samples: 512, length: 30 });
    expect(t.model).toEqual({ name: 'lstm-ae', hiddenSize: 8 });
    expect(t.train).toMatchObject({ epochs: 3, learningRate: 0.1, gradientClip: 5, batchSize: 128 });
  });

  it('plans the evaluate stage with its folds and epochs, and the same plan twice over', () => {
    const survivors = points.slice(0, 4);
    const evaluate = planStage({ spec, sweepId: 'toy-study-1', stage: 'evaluate', points: survivors });
    expect(evaluate).toHaveLength(4 * 5);
    expect(evaluate.every((t) => t.train.epochs === 10 && t.split.kind === 'kfold' && t.split.folds === 5)).toBe(true);
    expect(planStage({ spec, sweepId: 'toy-study-1', stage: 'evaluate', points: survivors })).toEqual(evaluate);
    const filterIds = new Set(trials.map((t) => t.trialId));
    expect(evaluate.some((t) => filterIds.has(t.trialId))).toBe(false);
  });

  it('plans one trial per fold for an empty grid', () => {
    const plain = parseSpec({ name: 'p', task: { name: 'noop' }, model: { name: 'lstm-ae' } });
    expect(planStage({ spec: plain, sweepId: 's', stage: 'filter', points: expandGrid(plain.grid) })).toHaveLength(3);
  });

  it('leaves optional options that are not set off the wire', () => {
    const cls = parseSpec({ name: 'c', task: { name: 'mnist' }, model: { name: 'lstm-ae-classifier' } });
    const [t] = planStage({ spec: cls, sweepId: 's', stage: 'filter', points: [{}] });
    expect(TrialAssignment.parse(t)).toEqual(t);
    expect(Object.keys(t!.task)).toEqual(['name', 'mode']);
    expect(Object.keys(t!.model)).toEqual(['name', 'hiddenSize']);
  });
});

describe('planFinal', () => {
  it('plans the point on the final split with the final epochs', () => {
    const t = planFinal({ spec, sweepId: 'toy-study-1', params: points[5]! });
    expect(TrialAssignment.parse(t)).toEqual(t);
    expect(t).toMatchObject({ stage: 'final', pointId: pointId(points[5]!), split: { kind: 'final', testFraction: 0.2 } });
    expect(t.train.epochs).toBe(10);
  });
});

describe('describePlan', () => {
  it('counts the trials of every stage', () => {
    expect(describePlan(spec)).toEqual({ points: 18, survivors: 4, filter: 54, evaluate: 20, final: 1, total: 75, raced: [], fewest: 75 });
  });

  it('names the stages that race, whose counts are then the worst case', () => {
    const raced = parseSpec({ ...spec, stages: { filter: { folds: 3, race: true }, evaluate: { folds: 5, race: { alpha: 0.01 } } } });
    // The fewest: 2 of 3 folds of all 18 points, 2 of 5 of the 4 survivors (the race decided), the final trial.
    expect(describePlan(raced)).toMatchObject({ filter: 54, evaluate: 20, total: 75, raced: ['filter', 'evaluate'], fewest: 18 * 2 + 4 * 2 + 1 });
    // With decided: finish the points that go on run all their folds: the 4 survivors all 3, the best all 5.
    const finish = parseSpec({ ...spec, stages: { filter: { folds: 3, race: { decided: 'finish' } }, evaluate: { folds: 5, race: { decided: 'finish' } } } });
    expect(describePlan(finish).fewest).toBe(14 * 2 + 4 * 3 + 3 * 2 + 5 + 1);
  });

  it('rounds a survivor fraction up, keeps at least one, and keeps all when keep exceeds the points', () => {
    const with_ = (filter: object, final: object = {}) => describePlan(parseSpec({ ...spec, stages: { filter, evaluate: { folds: 2 } }, final }));
    expect(with_({ keepFraction: 0.25 })).toMatchObject({ survivors: 5, evaluate: 10 });
    expect(with_({ keepFraction: 0.01 })).toMatchObject({ survivors: 1 });
    expect(with_({ keep: 100 })).toMatchObject({ survivors: 18, evaluate: 36 });
    expect(with_({ keep: 2 }, { retrain: false })).toMatchObject({ final: 0, total: 54 + 4 });
  });
});
