/**
 * Ranking points and choosing the survivors of stage one.
 */
import type { PointSummary } from './point-summary.js';
import { compareStd } from './fold-stats.js';

/** Whether a smaller or a larger objective is better. */
export type ObjectiveMode = 'min' | 'max';

/** What ranking reads of a point: a {@link PointSummary}, or any score with the same fields (the report's). */
export type RankableScore = Pick<PointSummary, 'pointId' | 'mean' | 'std' | 'folds'> & { readonly diverged?: number };

/** A point can be ranked on its score when at least one fold completed and none diverged. */
export const isRankable = (p: RankableScore): boolean => p.folds > 0 && (p.diverged ?? 0) === 0;

/**
 * `summaries` best first: by mean (ascending for `min`, descending for `max`), ties to the smaller sample std
 * (an undefined one, of a single fold, after any known one), then to the smaller point id. Points with no completed fold or a diverged fold come last, by point id.
 */
export function rankPoints<T extends RankableScore>(summaries: readonly T[], mode: ObjectiveMode): T[] {
  const sign = mode === 'min' ? 1 : -1;
  const byId = (a: T, b: T): number => (a.pointId < b.pointId ? -1 : a.pointId > b.pointId ? 1 : 0);
  return [...summaries].sort((a, b) => {
    const ra = isRankable(a);
    const rb = isRankable(b);
    if (ra !== rb) return ra ? -1 : 1;
    if (!ra) return byId(a, b);
    return sign * (a.mean - b.mean) || compareStd(a.std, b.std) || byId(a, b);
  });
}

/** How many points survive: `keep` of them, or `keepFraction` of them rounded up. */
export interface SurvivorCount {
  readonly keep?: number | undefined;
  readonly keepFraction?: number | undefined;
}

/**
 * How many of `points` points survive under `rule`: `keep` (at most `points`), or `ceil(keepFraction * points)`,
 * and at least one while there are points.
 */
export function survivorCount(points: number, rule: SurvivorCount): number {
  if (points <= 0) return 0;
  if (rule.keep !== undefined) return Math.max(1, Math.min(rule.keep, points));
  if (rule.keepFraction !== undefined) return Math.max(1, Math.min(Math.ceil(rule.keepFraction * points), points));
  throw new Error('a survivor rule needs keep or keepFraction');
}

/**
 * The best points under `rule`, best first, among those that can be ranked (a completed fold and no divergence).
 * The count is taken over all `summaries`, so failed points do not shrink a fraction's share.
 */
export function selectSurvivors(summaries: readonly PointSummary[], rule: SurvivorCount, mode: ObjectiveMode): PointSummary[] {
  const n = survivorCount(summaries.length, rule);
  return rankPoints(summaries, mode).filter(isRankable).slice(0, n);
}
