/** Core's: the TUI and the coordinator raise the same error for an unknown sweep. */
export { SweepNotFoundError } from '@seqsweep/core';

/** Core's: `plan` refuses a grid that is too large with the same error, without loading the coordinator. */
export { TooManyTrialsError } from '@seqsweep/core';
