/**
 * Choosing among the points of a raced stage: a raced-out point never survives and is never the best, whatever
 * the mean of the folds it ran; a fraction's share is still counted over every point of the stage.
 */
import {
  racedOutOf, rankPoints, isRankable, survivorCount, type ObjectiveMode, type PointSummary, type SurvivorCount, type SweepRecord,
} from '@seqsweep/core';

/** The survivors of stage one, best first, among the points racing left live. */
export function raceSurvivors(summaries: readonly PointSummary[], rule: SurvivorCount, mode: ObjectiveMode, record: SweepRecord): PointSummary[] {
  const n = survivorCount(summaries.length, rule);
  return liveRanking(summaries, mode, record).slice(0, n);
}

/** The rankable points of `summaries` that were not raced out of their stage, best first. */
export function liveRanking(summaries: readonly PointSummary[], mode: ObjectiveMode, record: SweepRecord): PointSummary[] {
  return rankPoints(summaries, mode).filter((p) => isRankable(p) && !racedOutOf(record, p.pointId, p.stage));
}
