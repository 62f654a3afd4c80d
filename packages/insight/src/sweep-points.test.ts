import { describe, expect, it } from 'vitest';
import { stagePoints, trialCompute, type InsightTrial } from './sweep-points.js';

const trial = (pointId: string, fold: number, status: InsightTrial['status'], valLoss: number | undefined, finishedAt: string, stage: InsightTrial['stage'] = 'filter'): InsightTrial => ({
  pointId, stage, params: { lr: pointId === 'a' ? 0.1 : 0.01 }, fold, status, metrics: valLoss === undefined ? {} : { valLoss }, durationMs: 1000, finishedAt,
});

describe('stagePoints', () => {
  const trials = [
    trial('a', 0, 'completed', 2, '2026-01-01T00:00:03Z'),
    trial('b', 0, 'completed', 1, '2026-01-01T00:00:01Z'),
    trial('b', 1, 'completed', 3, '2026-01-01T00:00:02Z'),
    trial('a', 1, 'raced-out', undefined, '2026-01-01T00:00:04Z'),
    trial('c', 0, 'diverged', undefined, '2026-01-01T00:00:05Z'),
    trial('b', 0, 'completed', 5, '2026-01-01T00:00:06Z', 'evaluate'),
  ];

  it('orders points by their first result when no draw order is given, with fold scores, means and outcomes', () => {
    const points = stagePoints(trials, { metric: 'valLoss', stage: 'filter' });
    expect(points.map((p) => [p.pointId, p.drawIndex, p.mean, p.outcome])).toEqual([['b', 0, 2, 'ok'], ['a', 1, 2, 'raced-out'], ['c', 2, null, 'diverged']]);
    expect([...points[0]!.folds.entries()]).toEqual([[0, 1], [1, 3]]);
  });

  it('follows the draw order it is given, and counts the compute of trained trials up to each point\'s last fold', () => {
    const points = stagePoints(trials, { metric: 'valLoss', stage: 'filter', order: ['c', 'a'] });
    expect(points.map((p) => p.pointId)).toEqual(['c', 'a', 'b']);
    // b's folds finish 1st and 2nd, a's trained fold 3rd (its raced-out fold never ran), c 4th trained trial.
    expect(points.map((p) => p.computeMs)).toEqual([4000, 3000, 2000]);
    expect(trialCompute(trials)).toBe(5000);
  });

  it('reads a halted point (successive halving) as halted, and one a leaderboard says was raced out as raced out', () => {
    const halted = [{ ...trials[0]!, status: 'halted' as InsightTrial['status'] }, trials[1]!];
    expect(stagePoints(halted, { metric: 'valLoss', stage: 'filter', racedOut: new Set(['b']) }).map((p) => p.outcome)).toEqual(['raced-out', 'halted']);
    expect(stagePoints(trials, { metric: 'valLoss', stage: 'filter', halted: new Set(['b']) }).map((p) => p.outcome)).toEqual(['halted', 'raced-out', 'diverged']);
  });
});
