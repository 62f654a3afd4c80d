/**
 * Which observations TPE models, and how it splits them into the good ones (l) and the rest (g): the rung to model
 * (BOHB's rule: the highest budget with enough points), the ranking (complete by score, then bad, then running
 * points under the constant liar) and Optuna's gamma.
 */
import type { Observation } from './strategy.js';

/** Optuna's default size of the good set for `n` observations: a tenth, rounded up, at most 25. */
export const defaultGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

/** An observation the model reads, with its position in the history (its age). */
export interface Ranked {
  readonly observation: Observation;
  readonly position: number;
}

/** The good and the other observations, each in the order they were drawn (oldest first, as the weights expect). */
export interface Split {
  readonly good: readonly Ranked[];
  readonly rest: readonly Ranked[];
}

const isScored = (o: Observation): boolean => o.state === 'complete' && Number.isFinite(o.score);
const rungOf = (o: Observation): number => o.rung ?? Infinity;

/**
 * The rung whose scores the model is built on: the highest (a full budget above every rung) with at least
 * `minPoints` scored points, else the one with the most (the higher on a tie). Scores at different budgets are not
 * comparable, so a model mixes none.
 */
export function modelRung(history: readonly Observation[], minPoints: number): number {
  const counts = new Map<number, number>();
  for (const o of history) if (isScored(o)) counts.set(rungOf(o), (counts.get(rungOf(o)) ?? 0) + 1);
  const rungs = [...counts.keys()].sort((a, b) => b - a);
  return rungs.find((r) => counts.get(r)! >= minPoints) ?? rungs.reduce((best, r) => (counts.get(r)! > counts.get(best)! ? r : best), rungs[0] ?? Infinity);
}

/**
 * Splits `history` into good and rest. Scored points at the chosen rung rank by score; bad points rank below every
 * scored one; running points, when `constantLiar`, rank last (Optuna's constant liar), so that the next proposal
 * avoids them; otherwise they are left out, as are points scored at another rung.
 */
export function splitObservations(history: readonly Observation[], options: { constantLiar: boolean; minPoints: number; gamma?: (n: number) => number }): Split {
  const rung = modelRung(history, options.minPoints);
  const tier = (o: Observation): number | undefined => {
    if (isScored(o)) return rungOf(o) === rung ? 0 : undefined;
    if (o.state === 'running') return options.constantLiar ? 2 : undefined;
    return 1;
  };
  const ranked = history
    .map((observation, position) => ({ observation, position, tier: tier(observation) }))
    .filter((r): r is Ranked & { tier: number } => r.tier !== undefined)
    .sort((a, b) => a.tier - b.tier || (a.tier === 0 ? a.observation.score! - b.observation.score! : 0) || a.position - b.position);
  const nGood = (options.gamma ?? defaultGamma)(ranked.length);
  const byAge = (a: Ranked, b: Ranked): number => a.position - b.position;
  const strip = ({ observation, position }: Ranked): Ranked => ({ observation, position });
  return { good: ranked.slice(0, nGood).map(strip).sort(byAge), rest: ranked.slice(nGood).map(strip).sort(byAge) };
}
