/**
 * The leaderboard's order, one for every reader: the coordinator's results.json, the TUI and the report.
 */
import type { TrialResult } from '../messages.js';
import { summarizePoints, type PointSummary } from './point-summary.js';
import { rankPoints, type ObjectiveMode } from './selection.js';

/**
 * Every point of a sweep, best first: the evaluate stage's points (by {@link rankPoints}), then the filter stage's
 * points that did not reach the evaluate stage (likewise). Each point appears once, with the summary of the
 * furthest stage it has a result in.
 */
export function rankLeaderboard(results: readonly TrialResult[], objective: { readonly metric: string; readonly mode: ObjectiveMode }): PointSummary[] {
  const rank = (stage: 'filter' | 'evaluate'): PointSummary[] =>
    rankPoints(summarizePoints(results.filter((r) => r.stage === stage), objective), objective.mode);
  const evaluated = rank('evaluate');
  const seen = new Set(evaluated.map((p) => p.pointId));
  return [...evaluated, ...rank('filter').filter((p) => !seen.has(p.pointId))];
}
