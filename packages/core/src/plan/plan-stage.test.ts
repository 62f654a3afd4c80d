import { describe, expect, it } from 'vitest';
import { TrialAssignment } from '../messages.js';
import { parseSpec } from '../spec/parse-spec.js';
import { describePlan } from './describe-plan.js';
import { expandGrid } from './expand-grid.js';
import { pointId } from './ids.js';
import { planFinal, planRung, planStage } from './plan-stage.js';

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
    expect(describePlan(spec)).toEqual({ points: 18, survivors: 4, filter: 54, evaluate: 20, final: 1, total: 75, raced: [], fewest: 75, rungs: {} });
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

describe('a stage in rungs', () => {
  const halving = parseSpec({
    ...spec,
    stages: { filter: { folds: 3, epochs: 9, keep: 4, halving: true }, evaluate: { folds: 5, epochs: 60, halving: { minEpochs: 4 } } },
  });

  it('plans rung 0 with its fidelity and the ids a stage without rungs has, and later rungs continuing from a checkpoint', () => {
    const rung0 = planStage({ spec: halving, sweepId: 's', stage: 'filter', points });
    expect(rung0[0]!.fidelity).toEqual({ rung: 0, epochs: 1 });
    expect(rung0.map((a) => a.trialId)).toEqual(planStage({ spec: parseSpec({ ...halving, stages: { filter: { folds: 3, epochs: 9, keep: 4 } } }), sweepId: 's', stage: 'filter', points }).map((a) => a.trialId));
    const from = { name: 'ckpt', digest: 'a'.repeat(64), epoch: 1 };
    const rung1 = planRung({ spec: halving, sweepId: 's', stage: 'filter', points: points.slice(0, 1), rung: 1, epochs: 3, from: (_p, fold) => (fold === 1 ? from : undefined) });
    expect(rung1.map((a) => a.fidelity)).toEqual([{ rung: 1, epochs: 3 }, { rung: 1, epochs: 3, from }, { rung: 1, epochs: 3 }]);
    expect(new Set([...rung0, ...rung1].map((a) => a.trialId)).size).toBe(rung0.length + rung1.length);
  });

  it('keeps a split by date at every rung: each rung of a fold trains and validates on that fold\'s dates', () => {
    const dated = parseSpec({
      name: 'dated', task: { name: 'sp500' }, model: { name: 'lstm-ae' }, grid: { hiddenSize: [4] },
      stages: { filter: { folds: 3, epochs: 9, keep: 1, halving: true } }, split: { cv: 'blocked', gap: 40 },
    });
    const [p] = expandGrid(dated.grid);
    const rung0 = planStage({ spec: dated, sweepId: 's', stage: 'filter', points: [p!] });
    const rung2 = planRung({ spec: dated, sweepId: 's', stage: 'filter', points: [p!], rung: 2, epochs: 9, from: () => undefined });
    expect(rung2.map((a) => a.split)).toEqual(rung0.map((a) => a.split));
    expect(rung0[0]!.split).toMatchObject({ kind: 'kfold', chronological: { cv: 'blocked', gap: 40, embargo: 40 } });
  });

  it('describes the rungs of each stage with the worst and the best case', () => {
    const plan = describePlan(halving);
    // The filter stage: 18 points at 1, 3 and 9 epochs; at the fewest 18 -> 6 -> 4 (keep). The evaluate stage: 4 at 4, 12, 36, 60; at the fewest 4 -> 1 -> 1 -> 1.
    expect(plan.rungs.filter).toEqual({
      rule: 'halving', epochs: [1, 3, 9], points: { most: [18, 18, 18], fewest: [18, 6, 4] },
      trials: { most: 3 * 54, fewest: 3 * 28 }, foldEpochs: { most: 3 * 18 * 9, fewest: 3 * (18 * 1 + 6 * 2 + 4 * 6) },
    });
    expect(plan.rungs.evaluate).toMatchObject({ epochs: [4, 12, 36, 60], points: { most: [4, 4, 4, 4], fewest: [4, 1, 1, 1] } });
    expect(plan).toMatchObject({ total: 3 * 54 + 5 * 16 + 1, fewest: 3 * 28 + 5 * 7 + 1 });
    const median = describePlan(parseSpec({ ...spec, stages: { filter: { folds: 3, epochs: 9, keep: 2, median: { startup: 3 } } } }));
    expect(median.rungs.filter?.points.fewest).toEqual([18, 3, 3]);
    // Racing within the evaluate stage's rungs: 3 of the 4 survivors raced out after 2 folds at the first rung, the
    // best through all 4 rungs with its 5 folds (a race under rungs is never decided).
    const raced = describePlan(parseSpec({ ...halving, stages: { ...halving.stages, evaluate: { folds: 5, epochs: 60, halving: { minEpochs: 4 }, race: true } } }));
    expect(raced.fewest).toBe(3 * 28 + (3 * 2 + 5 * 4) + 1);
  });
});
