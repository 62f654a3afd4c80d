/**
 * Which errors of a trial another delivery could cure. A trial's computation (reading and splitting its data,
 * building and training its model, testing it) is a function of the assignment and the data files, which every
 * worker fetches by digest: what it throws, it throws again on every worker, so the trial fails on its first
 * delivery with that message rather than max-deliver times. What depends on the machine or the moment stays
 * retryable: the server away (`TRANSPORT_UNAVAILABLE`), a backend or a data file that this machine lacks, memory
 * that ran out here, the worker stopping. The steps that talk to the transport around the computation (fetching data
 * files, storing the final model) keep their errors as they are, retryable unless marked.
 */
import { DeterministicTrialError, ErrorCode, isDeterministicTrialError, UserError } from '@seqsweep/core';
import { TrialAborted } from './trial-context.js';

/** Codes of user errors that belong to one machine or one moment, not to the trial. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([ErrorCode.TransportUnavailable, ErrorCode.BackendUnavailable, ErrorCode.DataNotFound]);

/** True for V8's and tfjs's "out of memory": another worker, or this one later, may have the room. */
function outOfMemory(e: unknown): boolean {
  return e instanceof RangeError && /allocation failed|out of memory/i.test(e.message);
}

/** True when another delivery of the trial, here or on another worker, might not fail the same way. */
export function isRetryable(e: unknown): boolean {
  if (isDeterministicTrialError(e)) return false;
  return e instanceof TrialAborted || (e instanceof UserError && RETRYABLE_CODES.has(e.code)) || outOfMemory(e);
}

/**
 * Runs a step of the trial's computation; what it throws comes out as a {@link DeterministicTrialError} (message
 * kept, original as `cause`) unless it is retryable.
 */
export async function computeStep<T>(step: () => Promise<T> | T): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (isRetryable(e) || isDeterministicTrialError(e)) throw e;
    throw new DeterministicTrialError(e instanceof Error ? e.message : String(e), { cause: e });
  }
}
