import { createHash } from 'node:crypto';
import { DeterministicTrialError, type TrialAssignment } from '@seqsweep/core';
import { TrialAborted, type TrialContext, type TrialOutput } from './trial-context.js';

/** A poison trial of the `noop` task (`fail: true`) throws this every time: retryable, as a flaky trial's error is. */
export class NoopFailure extends Error {
  override name = 'NoopFailure';
}

/**
 * The `noop` task: sleeps `sleepMs` and reports a score derived from the point alone, so a sweep of noop trials
 * exercises the whole machinery and always ranks its points the same way.
 */
export async function runNoop(
  a: TrialAssignment, task: { sleepMs: number; fail: boolean; failWhen?: Record<string, unknown>; failAs?: 'retryable' | 'deterministic' }, ctx: TrialContext,
): Promise<TrialOutput> {
  const fail = (why: string): never => {
    const message = `noop trial ${a.trialId} fails by design (${why})`;
    throw task.failAs === 'deterministic' ? new DeterministicTrialError(message) : new NoopFailure(message);
  };
  if (task.fail) fail('task.fail is true');
  const when = task.failWhen;
  if (when && Object.entries(when).every(([k, v]) => a.params[k] === v)) fail('its point matches task.failWhen');
  if (task.sleepMs > 0) await abortableSleep(task.sleepMs, ctx.signal);
  const digest = createHash('sha256').update(a.pointId).digest();
  const score = digest.readUInt32BE(0) / 2 ** 32;
  const metrics: Record<string, number> = { loss: score, valLoss: score, valAccuracy: 1 - score };
  if (a.split.kind === 'final') metrics.testLoss = score;
  ctx.progress({ epoch: 1, epochs: 1, loss: score, valLoss: score });
  return { status: 'completed', metrics, history: [metrics], bestEpoch: 0, backend: 'none' };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TrialAborted());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new TrialAborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
