/**
 * The order in which a raced stage's folds go out: in rounds (fold 0 of every point, then fold 1, ...), and within
 * a round the most promising points first, so that the leader's folds are there to compare against early.
 */
import type { ObjectiveMode, TrialAssignment } from '@seqsweep/core';

/** The stage's trials grouped by fold: `rounds[f]` holds fold f of every point, in the stage's point order. */
export function raceRounds(trials: readonly TrialAssignment[]): TrialAssignment[][] {
  const rounds: TrialAssignment[][] = [];
  for (const a of trials) {
    const fold = a.split.kind === 'kfold' ? a.split.fold : 0;
    (rounds[fold] ??= []).push(a);
  }
  return rounds.map((r) => r ?? []);
}

/**
 * `round` ordered for publishing: points with a score so far best first (by `mean`, ties to the earlier point in
 * `round`), then the points with none yet in `round`'s order (for stage two that is stage one's ranking).
 */
export function orderRound(round: readonly TrialAssignment[], mean: (pointId: string) => number | undefined, mode: ObjectiveMode): TrialAssignment[] {
  const sign = mode === 'min' ? 1 : -1;
  const keyed = round.map((a, i) => ({ a, i, m: mean(a.pointId) }));
  return keyed
    .sort((x, y) => {
      const hx = x.m !== undefined && Number.isFinite(x.m);
      const hy = y.m !== undefined && Number.isFinite(y.m);
      if (hx !== hy) return hx ? -1 : 1;
      return (hx ? sign * (x.m! - y.m!) : 0) || x.i - y.i;
    })
    .map((x) => x.a);
}
