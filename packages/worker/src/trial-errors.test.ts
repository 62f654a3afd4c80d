import { describe, expect, it } from 'vitest';
import { DataError, DeterministicTrialError, ErrorCode, UserError } from '@seqsweep/core';
import { computeStep, isRetryable } from './trial-errors.js';
import { TrialAborted } from './trial-context.js';

/** What a computation step's error comes out as: 'retryable' (as it was) or 'deterministic' (message kept). */
async function classify(error: unknown): Promise<'retryable' | 'deterministic'> {
  const out = await computeStep(() => Promise.reject(error)).catch((e: unknown) => e);
  if (out instanceof DeterministicTrialError || (out as { code?: unknown }).code === ErrorCode.TrialDeterministic) {
    expect((out as Error).message).toBe(error instanceof Error ? error.message : String(error));
    return 'deterministic';
  }
  expect(out).toBe(error);
  return 'retryable';
}

describe('trial errors', () => {
  it.each([
    ['an empty fold', new Error('trainModel needs at least one training sample'), 'deterministic'],
    ['scalers without training windows', new Error('cannot fit scalers without training windows'), 'deterministic'],
    ['bad data', new DataError(ErrorCode.DataCorrupt, 'prices.csv line 3: expected a number'), 'deterministic'],
    ['a model that cannot train on the task', new UserError(ErrorCode.InvalidSpec, 'model "x" cannot train on task "y"'), 'deterministic'],
    ['a user module that marks its error', Object.assign(new Error('my module: bad option'), { code: 'TRIAL_DETERMINISTIC' }), 'deterministic'],
    ['a thrown string', 'boom', 'deterministic'],
    ['a lost connection', new UserError(ErrorCode.TransportUnavailable, 'cannot reach nats-server'), 'retryable'],
    ['a data file missing on this machine', new DataError(ErrorCode.DataNotFound, 'the MNIST file x does not exist'), 'retryable'],
    ['a backend this machine lacks', new UserError(ErrorCode.BackendUnavailable, 'no wasm'), 'retryable'],
    ['memory that ran out here', new RangeError('Array buffer allocation failed'), 'retryable'],
    ['the worker stopping', new TrialAborted(), 'retryable'],
  ])('%s is %s', async (_what, error, kind) => {
    expect(await classify(error)).toBe(kind);
  });

  it('passes a step that succeeds through, and says which errors another delivery could cure', async () => {
    expect(await computeStep(() => 42)).toBe(42);
    expect(isRetryable(new UserError(ErrorCode.TransportUnavailable, 'x'))).toBe(true);
    expect(isRetryable(new DeterministicTrialError('x'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
});
