import type { BackendPreference } from '@seqsweep/ml';
import type { ParsedArgs } from './args.js';
import { UsageError } from './usage-error.js';

/** The values `--backend` takes. */
export const BACKENDS: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/**
 * The `--backend` of a command line, checked before anything starts (a worker handed a bad value would only refuse
 * it after the sweep began), or undefined when it is not given.
 * @throws {UsageError} for any other value, listing the valid ones.
 */
export function backendOption(args: ParsedArgs): BackendPreference | undefined {
  const value = args.values.backend;
  if (value === undefined) return undefined;
  if (!(BACKENDS as readonly string[]).includes(value)) throw new UsageError(`--backend expects one of ${BACKENDS.join(', ')}, got "${value}"`);
  return value as BackendPreference;
}
