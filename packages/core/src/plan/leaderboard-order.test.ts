import { describe, expect, it } from 'vitest';
import type { TrialResult, TrialStatus } from '../messages.js';
import { rankLeaderboard } from './leaderboard-order.js';

let n = 0;
function result(point: string, stage: TrialResult['stage'], fold: number, status: TrialStatus, valLoss?: number): TrialResult {
  n += 1;
  return {
    sweepId: 's', trialId: `t-${n}`, pointId: point, stage, params: { p: point }, fold, status,
    metrics: valLoss === undefined ? {} : { valLoss },
    history: [], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, backend: 'cpu', finishedAt: '2026-01-01T00:00:00Z',
  };
}

describe('rankLeaderboard', () => {
  const results = [
    result('a', 'filter', 0, 'completed', 0.3), result('a', 'filter', 1, 'completed', 0.5),
    result('b', 'filter', 0, 'completed', 0.1), result('b', 'filter', 1, 'completed', 0.2),
    result('c', 'filter', 0, 'completed', 0.9),
    result('d', 'filter', 0, 'completed', 0.05), result('d', 'filter', 1, 'diverged'),
    result('c', 'evaluate', 0, 'completed', 0.6), result('c', 'evaluate', 1, 'completed', 0.6),
    result('a', 'evaluate', 0, 'completed', 0.5), result('a', 'evaluate', 1, 'completed', 0.7),
  ];

  it('puts the evaluate stage first, ties to the smaller std, then the filter points that did not reach it', () => {
    const ranked = rankLeaderboard(results, { metric: 'valLoss', mode: 'min' });
    expect(ranked.map((p) => [p.pointId, p.stage])).toEqual([['c', 'evaluate'], ['a', 'evaluate'], ['b', 'filter'], ['d', 'filter']]);
  });

  it('reads the objective in max mode too', () => {
    const ranked = rankLeaderboard(results.filter((r) => r.stage === 'filter'), { metric: 'valLoss', mode: 'max' });
    expect(ranked.map((p) => p.pointId)).toEqual(['c', 'a', 'b', 'd']);
  });
});
