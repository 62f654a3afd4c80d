import { isUserError, SpecError } from '@seqsweep/core';
import { permissionDenied } from './permission-denied.js';
import { ExitCode, UsageError, reportUsageError } from './usage-error.js';

export { ExitCode, UsageError } from './usage-error.js';

/**
 * The embedded default's sweep stopped because no local worker was left to train it. Its message is the one
 * sentence the user sees: the last worker error, what was kept and what to do.
 */
export class LocalWorkersGoneError extends Error {
  override name = 'LocalWorkersGoneError';
}

/**
 * Prints an error the way a user needs it: a spec or usage problem lists every issue (exit 2), a user error is one
 * sentence and its fix (exit 1), so is a permission the NATS server refused, and anything else is a bug, printed
 * with its stack (exit 1).
 */
export function reportError(e: unknown, write: (line: string) => void): number {
  if (e instanceof UsageError) return reportUsageError(e, write);
  if (e instanceof LocalWorkersGoneError) {
    write(`seqsweep: ${e.message}`);
    return ExitCode.Failure;
  }
  if (e instanceof SpecError) {
    write(`seqsweep: ${e.message}`);
    if (e.fix) write(`Fix: ${e.fix}.`);
    return ExitCode.Usage;
  }
  if (isUserError(e)) {
    write(`seqsweep: ${e.message}.`.replace(/\.\.$/, '.'));
    if (e.fix) write(`Fix: ${e.fix}.`.replace(/\.\.$/, '.'));
    return e.code === 'INVALID_SPEC' || e.code === 'UNKNOWN_NAME' ? ExitCode.Usage : ExitCode.Failure;
  }
  const denied = permissionDenied(e);
  if (denied) {
    write(`seqsweep: the NATS server refused this user permission to ${denied.operation} on "${denied.subject}".`);
    write('Fix: grant it in the server\'s authorization for this user (docs/security.md lists what each role needs), or start the coordinator first: it creates the streams and buckets that workers only read.');
    return ExitCode.Failure;
  }
  write(`seqsweep: internal error (a bug; please report it with this trace):`);
  write(e instanceof Error ? (e.stack ?? e.message) : String(e));
  return ExitCode.Failure;
}
