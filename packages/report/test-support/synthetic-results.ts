/**
 * A results.json built in memory, without training: a 3 × 3 × 2 grid over learningRate (log-spaced), hiddenSize and
 * optimizer, whose stage-one score depends on the learning rate alone, plus stage two for the best three and a final.
 */
import { parseSpec, pointId, type ResultsFile, type ResultsTrial } from '@seqsweep/core';

const grid = { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16, 32], optimizer: ['adam', 'sgd'] };

/** The synthetic results; `racedOut` marks one stage-one point raced out after one fold. */
export function syntheticResults(): ResultsFile {
  const spec = parseSpec({ name: 'synthetic', seed: 2, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid, stages: { filter: { folds: 2, keep: 3 }, evaluate: { folds: 2 } } });
  const trials: ResultsTrial[] = [];
  let clock = Date.parse('2026-12-01T00:00:00Z');
  const trial = (params: ResultsTrial['params'], stage: ResultsTrial['stage'], fold: number, valLoss: number | null, status: ResultsTrial['status'] = 'completed'): void => {
    clock += 1000;
    const id = pointId(params);
    trials.push({
      id: `${stage}-${id}-${fold}`, pointId: id, stage, params, fold, status, metrics: valLoss === null ? {} : { valLoss, ...(stage === 'final' ? { testLoss: valLoss } : {}) },
      history: [{ loss: 1, valLoss: valLoss ?? 1 }], bestEpoch: 0, worker: 'w1', attempts: 1, durationMs: status === 'raced-out' ? 0 : 1000, backend: 'cpu',
      finishedAt: new Date(clock).toISOString(),
    });
  };
  const score = (lr: number, fold: number, hs: number): number => 0.01 * (1 + Math.abs(Math.log10(lr) + 2)) + 0.0005 * fold + 0.00001 * hs;
  const points = grid.learningRate.flatMap((lr) => grid.hiddenSize.flatMap((hs) => grid.optimizer.map((o) => ({ learningRate: lr, hiddenSize: hs, optimizer: o }))));
  for (const p of points) {
    for (const fold of [0, 1]) {
      const out = p.learningRate === 0.1 && p.hiddenSize === 32 && p.optimizer === 'sgd' && fold === 1;
      trial(p, 'filter', fold, out ? null : score(p.learningRate, fold, p.hiddenSize), out ? 'raced-out' : 'completed');
    }
  }
  const survivors = points.filter((p) => p.learningRate === 0.01).slice(0, 3);
  for (const p of survivors) for (const fold of [0, 1]) trial(p, 'evaluate', fold, score(p.learningRate, fold, p.hiddenSize) / 2);
  trial(survivors[0]!, 'final', -1, 0.004);
  const best = survivors[0]!;
  return {
    sweepId: 'synthetic-1', name: 'synthetic', status: 'completed', stage: 'final', createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T01:00:00Z',
    spec, objective: spec.objective, survivors: survivors.map(pointId), pruned: [], trials,
    leaderboard: survivors.map((p, i) => ({ rank: i + 1, pointId: pointId(p), params: p, stage: 'evaluate' as const, mean: 0.005, std: 0.0004, folds: 2, status: 'ok' as const, survivor: true })),
    best: { pointId: pointId(best), params: best, cv: { mean: 0.005, std: 0.0004, folds: 2 }, test: { testLoss: 0.004 }, trialId: `final-${pointId(best)}--1` },
  };
}
