/** Errors of the TUI package. */

/** Machine-readable codes of the errors the TUI raises. */
export const TuiErrorCode = {
  SweepNotFound: 'SWEEP_NOT_FOUND',
} as const;
export type TuiErrorCode = (typeof TuiErrorCode)[keyof typeof TuiErrorCode];

/** The server holds no record of the sweep asked for. `fix` is the next step for the user. */
export class SweepNotFoundError extends Error {
  override name = 'SweepNotFoundError';
  readonly code = TuiErrorCode.SweepNotFound;
  readonly sweepId: string;
  readonly fix = 'check the id and the --nats URL and --prefix; `seqsweep status` lists the sweeps there';
  constructor(sweepId: string, where: string) {
    super(`no sweep "${sweepId}" is recorded on ${where}`);
    this.sweepId = sweepId;
  }
}
