/**
 * The most trials a sweep may plan before anything is expanded, published or printed: `run`, `resume` and `plan`
 * refuse a larger plan with the same sentence, so a grid of a million points costs nothing to reject.
 */
import { ErrorCode, UserError } from '../errors.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { stageOneSize } from './search/spec-strategy.js';

/** The default of `--max-trials`: stage one's trials (points x folds) a sweep may plan. */
export const DEFAULT_MAX_TRIALS = 10_000;

/** A grid whose plan is larger than the limit the user allows. */
export class TooManyTrialsError extends UserError {
  override name = 'TooManyTrialsError';
  readonly trials: number;
  constructor(trials: number, limit: number) {
    super(ErrorCode.InvalidSpec, `the sweep plans ${trials} trials, over the limit of ${limit}`, {
      fix: 'shrink the grid or the folds, or raise the limit with --max-trials',
    });
    this.trials = trials;
  }
}

/** Stage one's trial count (the points its strategy draws x folds), from the space's sizes alone: no point is built. */
export function plannedTrials(spec: SweepSpec): number {
  return stageOneSize(spec) * spec.stages.filter.folds;
}

/**
 * Refuses a spec whose stage one plans more than `maxTrials` trials.
 * @throws {TooManyTrialsError}
 */
export function checkTrialLimit(spec: SweepSpec, maxTrials: number = DEFAULT_MAX_TRIALS): void {
  const planned = plannedTrials(spec);
  if (planned > maxTrials) throw new TooManyTrialsError(planned, maxTrials);
}
