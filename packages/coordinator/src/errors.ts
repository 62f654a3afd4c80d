import { UserError, ErrorCode } from '@seqsweep/core';

/** A sweep id that the transport holds no record of. */
export class SweepNotFoundError extends UserError {
  override name = 'SweepNotFoundError';
  constructor(sweepId: string, where: string) {
    super(ErrorCode.SweepNotFound, `no sweep "${sweepId}" is recorded on ${where}`, {
      fix: 'check the id (the first line `seqsweep run` printed) and the --nats URL and --prefix; `seqsweep status` lists the sweeps',
    });
  }
}

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
