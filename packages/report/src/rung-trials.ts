/**
 * results.json's trials as the score views read them when a stage trained in rungs (`halving`, `median`): a fold
 * then has one trial per rung it reached, each with the whole history from epoch 1, and a point's stage score is
 * taken at the highest rung it reached (as the leaderboard's is). Without rungs every trial is its own fold's only one.
 */
import { rungOf, type ResultsTrial } from '@seqsweep/core';

type RungKeyed = Pick<ResultsTrial, 'stage' | 'pointId' | 'rung'>;

const pointKey = (t: RungKeyed): string => `${t.stage}\0${t.pointId}`;

/** The highest rung each point reached, per stage. */
function topRungs(trials: readonly RungKeyed[]): Map<string, number> {
  const top = new Map<string, number>();
  for (const t of trials) top.set(pointKey(t), Math.max(top.get(pointKey(t)) ?? 0, rungOf(t)));
  return top;
}

/**
 * Each point's trials at the highest rung it reached in its stage: the ones its score is taken from, and whose
 * histories hold every epoch its folds trained.
 */
export function reachedRungTrials<T extends RungKeyed>(trials: readonly T[]): T[] {
  const top = topRungs(trials);
  return trials.filter((t) => rungOf(t) === top.get(pointKey(t)));
}

/**
 * Every trial, with the metrics of those below their point's highest rung left out: what the insight views read, so
 * that a point's score is its reached rung's while every rung's trial still counts in the compute spent.
 */
export function scoredAtReachedRung<T extends RungKeyed & Pick<ResultsTrial, 'metrics'>>(trials: readonly T[]): T[] {
  const top = topRungs(trials);
  return trials.map((t) => (rungOf(t) === top.get(pointKey(t)) ? t : { ...t, metrics: {} }));
}
