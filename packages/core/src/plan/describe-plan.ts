/**
 * The trial counts of a sweep before it runs, for `seqsweep plan`.
 */
import type { SweepSpec } from '../spec/sweep-spec.js';
import { stageOneSize } from './search/spec-strategy.js';
import { survivorCount } from './selection.js';

/** The stages of `spec` that race their folds (`stages.<stage>.race`), in order. */
export function racedStages(spec: SweepSpec): ('filter' | 'evaluate')[] {
  return (['filter', 'evaluate'] as const).filter((s) => spec.stages[s].race !== undefined);
}

/** How many points and trials each stage of a sweep has (stage two assumes every survivor can be ranked). */
export interface PlanSummary {
  /** The most points stage one draws (the whole grid, or `search.trials`, at most the space's size). */
  readonly points: number;
  readonly survivors: number;
  /** Stage one trials: points x filter folds. */
  readonly filter: number;
  /** Stage two trials: survivors x evaluate folds. */
  readonly evaluate: number;
  /** The final trial: 1, or 0 when `final.retrain` is false. */
  readonly final: number;
  /** Every trial the sweep can run: with racing on, fewer run when points are raced out. */
  readonly total: number;
  /** The stages that race their folds (so `total` is the worst case). */
  readonly raced: readonly ('filter' | 'evaluate')[];
  /**
   * The fewest trials racing can leave (equal to `total` without racing): a raced-out point still runs `minFolds`
   * folds, the points that go on run `minFolds` once the race is decided (`decided: stop`), or all (`finish`).
   */
  readonly fewest: number;
}

/** The fewest folds a raced stage can run: `n` points of which `going` go on, `k` folds each. */
function fewestFolds(n: number, going: number, k: number, race: { minFolds: number; decided: 'stop' | 'finish' }): number {
  const least = Math.min(k, race.minFolds);
  if (n <= going) return n * k;
  return (n - going) * least + going * (race.decided === 'stop' ? least : k);
}

/** Counts the trials `spec` will run. */
export function describePlan(spec: SweepSpec): PlanSummary {
  const points = stageOneSize(spec);
  const survivors = survivorCount(points, spec.stages.filter);
  const filter = points * spec.stages.filter.folds;
  const evaluate = survivors * spec.stages.evaluate.folds;
  const final = spec.final.retrain ? 1 : 0;
  const raced = racedStages(spec);
  const fRace = spec.stages.filter.race;
  const eRace = spec.stages.evaluate.race;
  const fewest = (fRace ? fewestFolds(points, survivors, spec.stages.filter.folds, fRace) : filter)
    + (eRace ? fewestFolds(survivors, 1, spec.stages.evaluate.folds, eRace) : evaluate) + final;
  return { points, survivors, filter, evaluate, final, total: filter + evaluate + final, raced, fewest };
}
