/** Errors of the TUI package. */
import { ErrorCode } from '@seqsweep/core';

/** Core's: the TUI and the coordinator raise the same error for an unknown sweep. */
export { SweepNotFoundError } from '@seqsweep/core';

/** Machine-readable codes of the errors the TUI raises (core's codes). */
export const TuiErrorCode = {
  SweepNotFound: ErrorCode.SweepNotFound,
} as const;
export type TuiErrorCode = (typeof TuiErrorCode)[keyof typeof TuiErrorCode];
