/**
 * Fold racing's decision: which live points are significantly worse than the reference point (or, with a
 * tolerance, significantly not better than it by that much), over the folds they share with it. Pure: the caller gathers the per-fold scores and records what comes out.
 */
import { pairedTest, type ObjectiveMode, type RaceConfig } from '@seqsweep/core';

/** A live point of the stage: its objective per completed fold. */
export interface RacePoint {
  readonly pointId: string;
  /** Fold index to objective value (finite). */
  readonly values: ReadonlyMap<number, number>;
}

/** A point to race out, and the test that says so. */
export interface RaceDecision {
  readonly pointId: string;
  /** Folds the point had completed. */
  readonly afterFolds: number;
  /** The folds compared, ascending. */
  readonly compared: readonly number[];
  readonly p: number;
  /** The reference point: the leader when `keep` is 1, else the keep-th best. */
  readonly leader: string;
  /** The race's tolerance, when above 0. */
  readonly tolerance?: number;
}

/** The mean of a point's fold values (at least one). */
export const meanOf = (values: ReadonlyMap<number, number>): number => {
  let sum = 0;
  for (const v of values.values()) sum += v;
  return sum / values.size;
};

/**
 * The live points ranked best first by their mean over their own folds (ties to the smaller point id), among
 * those with at least `minFolds` folds: a single lucky fold makes no leader.
 */
export function rankRacePoints(points: readonly RacePoint[], mode: ObjectiveMode, minFolds: number): RacePoint[] {
  const sign = mode === 'min' ? 1 : -1;
  return points
    .filter((p) => p.values.size >= minFolds)
    .map((p) => ({ p, mean: meanOf(p.values) }))
    .sort((a, b) => sign * (a.mean - b.mean) || (a.p.pointId < b.p.pointId ? -1 : 1))
    .map((x) => x.p);
}

/**
 * The points of `points` (the live ones) to race out now. The reference is the `keep`-th best ranked point; only
 * points ranked below it are tested, each with a one-sided paired test over the folds both have (at least
 * `minFolds`), in the objective's direction, and stopped when p < alpha; with a tolerance, the test is of "better
 * than the reference by the tolerance's share of its mean", not of "no worse". The `keep` best therefore always stay
 * live: racing never leaves fewer than `keep` points. With fewer than `keep` ranked points nothing is tested.
 */
export function raceDecisions(points: readonly RacePoint[], options: { keep: number; mode: ObjectiveMode; config: RaceConfig }): RaceDecision[] {
  const { keep, mode, config } = options;
  const ranked = rankRacePoints(points, mode, config.minFolds);
  if (keep < 1 || ranked.length <= keep) return [];
  const reference = ranked[keep - 1]!;
  const sign = mode === 'min' ? 1 : -1;
  const out: RaceDecision[] = [];
  for (const candidate of ranked.slice(keep)) {
    const compared = [...candidate.values.keys()].filter((f) => reference.values.has(f)).sort((a, b) => a - b);
    if (compared.length < config.minFolds) continue;
    // Positive differences mean the candidate did worse on that fold, whichever way the objective points. The
    // tolerance shifts them by its share of the reference's mean over these folds: the test is then of "better by
    // at least that much", and a point as good as the reference can be raced out too.
    const margin = config.tolerance * Math.abs(compared.reduce((sum, f) => sum + reference.values.get(f)!, 0) / compared.length);
    const diffs = compared.map((f) => sign * (candidate.values.get(f)! - reference.values.get(f)!) + margin);
    const { p } = pairedTest(config.test, diffs);
    if (p < config.alpha) {
      out.push({ pointId: candidate.pointId, afterFolds: candidate.values.size, compared, p, leader: reference.pointId, ...(config.tolerance > 0 ? { tolerance: config.tolerance } : {}) });
    }
  }
  return out;
}
