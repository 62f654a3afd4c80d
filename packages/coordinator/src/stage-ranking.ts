/**
 * How a finished stage ranks its points: by their scores at the stage's top rung when it trains in rungs (the
 * evaluate stage keeps its meaning: its best point is the best at the top rung), else over every fold; raced-out
 * points never rank (race-selection.ts). Stage one's survivors are counted over every point of the stage.
 */
import { rungOf, stageRungs, summarizePoints, survivorCount, type PointSummary, type SweepRecord, type SweepSpec, type TrialResult } from '@seqsweep/core';
import { liveRanking } from './race/race-selection.js';

/** The rankable points of `stage` at its top rung, best first. */
export function stageRanking(spec: SweepSpec, record: SweepRecord, results: readonly TrialResult[], stage: 'filter' | 'evaluate'): PointSummary[] {
  const rungs = stageRungs(spec, stage);
  const top = rungs ? rungs.epochs.length - 1 : 0;
  const scored = results.filter((r) => r.stage === stage && rungOf(r) === top);
  return liveRanking(summarizePoints(scored, spec.objective), spec.objective.mode, record);
}

/** Stage one's survivors, best first: its `keep` (or `keepFraction` of all its points) best at the top rung. */
export function stageSurvivors(spec: SweepSpec, record: SweepRecord, results: readonly TrialResult[]): string[] {
  const points = new Set(results.filter((r) => r.stage === 'filter').map((r) => r.pointId)).size;
  return stageRanking(spec, record, results, 'filter').slice(0, survivorCount(points, spec.stages.filter)).map((s) => s.pointId);
}
