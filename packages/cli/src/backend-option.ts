import type { BackendPreference } from '@seqsweep/ml';
import type { ParsedArgs } from './args.js';

/**
 * The `--backend` of a command line, or undefined when it is not given. The parser has already checked it against
 * the flag table's `BACKENDS` (exit 2 before anything starts), so it is one of them.
 */
export function backendOption(args: ParsedArgs): BackendPreference | undefined {
  return args.values.backend as BackendPreference | undefined;
}
