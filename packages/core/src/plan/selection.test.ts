import { describe, expect, it } from 'vitest';
import type { TrialResult, TrialStatus } from '../messages.js';
import { pointId } from './ids.js';
import { summarizePoints, type PointSummary } from './point-summary.js';
import { rankPoints, selectSurvivors } from './selection.js';

let n = 0;
function result(params: Record<string, number>, fold: number, status: TrialStatus, valLoss?: number, stage: TrialResult['stage'] = 'filter'): TrialResult {
  n += 1;
  return {
    sweepId: 's', trialId: `t-${n}`, pointId: pointId(params), stage, params, fold, status,
    metrics: valLoss === undefined ? {} : { valLoss, valAccuracy: 1 - valLoss },
    history: [], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, backend: 'cpu', finishedAt: '2026-01-01T00:00:00Z',
  };
}

const summary = (id: string, mean: number, std: number, extra: Partial<PointSummary> = {}): PointSummary => ({
  pointId: id, params: {}, stage: 'filter', mean, std, folds: 3, failed: 0, diverged: 0, values: [], ...extra,
});

describe('summarizePoints', () => {
  it('computes mean and sample std (n − 1) over completed folds, per point and stage; one fold has no std', () => {
    const a = { lr: 1 };
    const b = { lr: 2 };
    const summaries = summarizePoints([
      result(a, 1, 'completed', 0.3), result(a, 0, 'completed', 0.1), result(a, 2, 'failed'),
      result(b, 0, 'diverged'), result(b, 1, 'completed', 0.5), result(b, 2, 'completed'),
      result(a, 0, 'completed', 0.9, 'evaluate'), result(a, 1, 'pruned'),
    ], { metric: 'valLoss' });
    expect(summaries).toHaveLength(3);
    const [sa, sb, se] = summaries;
    expect(sa).toMatchObject({ pointId: pointId(a), params: a, stage: 'filter', folds: 2, failed: 1, diverged: 0, values: [0.1, 0.3] });
    expect(sa!.mean).toBeCloseTo(0.2, 12);
    expect(sa!.std).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    // A completed trial without the objective counts as failed.
    expect(sb).toMatchObject({ folds: 1, failed: 1, diverged: 1, mean: 0.5, values: [0.5] });
    expect(sb!.std).toBeNaN();
    expect(se).toMatchObject({ stage: 'evaluate', folds: 1, mean: 0.9 });
  });

  it('gives NaN statistics to a point without a completed fold', () => {
    const [s] = summarizePoints([result({ lr: 3 }, 0, 'failed')], { metric: 'valLoss' });
    expect(s).toMatchObject({ folds: 0, failed: 1 });
    expect(s!.mean).toBeNaN();
    expect(s!.std).toBeNaN();
  });

  it('counts a redelivered trial once, preferring its completed result', () => {
    const first = result({ lr: 4 }, 0, 'failed');
    const second = { ...result({ lr: 4 }, 0, 'completed', 0.4), trialId: first.trialId };
    const again = { ...first };
    const [s] = summarizePoints([first, second, again], { metric: 'valLoss' });
    expect(s).toMatchObject({ folds: 1, failed: 0, values: [0.4] });
  });
});

describe('rankPoints', () => {
  const points = [
    summary('p-d', 0.2, 0.05), summary('p-a', 0.1, 0.3), summary('p-c', 0.2, 0.01),
    summary('p-x', 0.01, 0, { diverged: 1 }), summary('p-f', NaN, NaN, { folds: 0, failed: 3 }), summary('p-b', 0.2, 0.01),
  ];

  it('ranks by ascending mean in min mode, ties by smaller std then point id, unrankable points last', () => {
    expect(rankPoints(points, 'min').map((p) => p.pointId)).toEqual(['p-a', 'p-b', 'p-c', 'p-d', 'p-f', 'p-x']);
  });

  it('ranks by descending mean in max mode, ties still by smaller std', () => {
    expect(rankPoints(points, 'max').map((p) => p.pointId)).toEqual(['p-b', 'p-c', 'p-d', 'p-a', 'p-f', 'p-x']);
  });

  it('does not reorder its input', () => {
    const before = points.map((p) => p.pointId);
    rankPoints(points, 'min');
    expect(points.map((p) => p.pointId)).toEqual(before);
  });
});

describe('selectSurvivors', () => {
  const points = [
    summary('p-1', 0.5, 0.1), summary('p-2', 0.3, 0.2), summary('p-3', 0.3, 0.1), summary('p-4', 0.9, 0),
    summary('p-5', 0.05, 0, { diverged: 1 }), summary('p-6', NaN, NaN, { folds: 0, failed: 3 }),
  ];

  it('keeps the top N in min mode, with ties broken by std', () => {
    expect(selectSurvivors(points, { keep: 2 }, 'min').map((p) => p.pointId)).toEqual(['p-3', 'p-2']);
  });

  it('keeps the top N in max mode', () => {
    expect(selectSurvivors(points, { keep: 2 }, 'max').map((p) => p.pointId)).toEqual(['p-4', 'p-1']);
  });

  it('keeps ceil(fraction x points), at least one', () => {
    expect(selectSurvivors(points, { keepFraction: 0.5 }, 'min').map((p) => p.pointId)).toEqual(['p-3', 'p-2', 'p-1']);
    expect(selectSurvivors(points, { keepFraction: 0.01 }, 'min').map((p) => p.pointId)).toEqual(['p-3']);
  });

  it('never keeps a diverged point or one with no completed fold, even when keep exceeds the points', () => {
    expect(selectSurvivors(points, { keep: 10 }, 'min').map((p) => p.pointId)).toEqual(['p-3', 'p-2', 'p-1', 'p-4']);
    expect(selectSurvivors([points[4]!, points[5]!], { keep: 1 }, 'min')).toEqual([]);
  });

  it('throws without a rule', () => {
    expect(() => selectSurvivors(points, {}, 'min')).toThrow(/keep or keepFraction/);
  });
});
