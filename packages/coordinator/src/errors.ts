import { UserError, ErrorCode } from '@seqsweep/core';

/** Core's: the TUI and the coordinator raise the same error for an unknown sweep. */
export { SweepNotFoundError } from '@seqsweep/core';

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
