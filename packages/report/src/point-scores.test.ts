import { describe, expect, it } from 'vitest';
import { pointId, type ResultsFile } from '@seqsweep/core';
import { foldScores, stageScores } from './point-scores.js';

describe('stageScores', () => {
  it('gives the sample std (n − 1) of a point\'s folds, and none (NaN) for a single fold', () => {
    const trial = (params: { learningRate: number }, fold: number, valLoss: number): ResultsFile['trials'][number] => ({
      id: `${pointId(params)}-${fold}`, pointId: pointId(params), stage: 'filter', params, fold, status: 'completed', metrics: { valLoss },
      history: [], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, finishedAt: '', backend: 'none',
    });
    const results = { objective: { metric: 'valLoss', mode: 'min' }, trials: [trial({ learningRate: 0.1 }, 0, 1), trial({ learningRate: 0.1 }, 1, 3), trial({ learningRate: 0.2 }, 0, 2)] };
    const scores = stageScores(foldScores(results as unknown as ResultsFile), 'filter');
    expect(scores.get(pointId({ learningRate: 0.1 }))).toMatchObject({ mean: 2, folds: 2 });
    expect(scores.get(pointId({ learningRate: 0.1 }))!.std).toBeCloseTo(Math.SQRT2, 12);
    expect(scores.get(pointId({ learningRate: 0.2 }))!.std).toBeNaN();
  });
});
