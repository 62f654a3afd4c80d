/**
 * The errors of the command line itself. Kept apart from `errors.ts` (which reads core's error classes) so that
 * parsing and `--help` load no package.
 */

/** A command line the CLI cannot act on; it exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes of the seqsweep command. */
export const ExitCode = { Done: 0, Failure: 1, Usage: 2 } as const;

/** Prints a usage error as one sentence and where to look, and returns its exit code. */
export function reportUsageError(e: UsageError, write: (line: string) => void): number {
  write(`seqsweep: ${e.message}`);
  write('Run `seqsweep --help` for the commands and their options.');
  return ExitCode.Usage;
}
