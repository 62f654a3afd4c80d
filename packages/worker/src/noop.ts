import { createHash } from 'node:crypto';
import { createRng, DeterministicTrialError, surfaceValue, TrainOptions, trialId, type SurfaceName, type TrialAssignment } from '@seqsweep/core';
import { trialFidelity } from './checkpoints.js';
import { noopFidelityTrial } from './noop-fidelity.js';
import { TrialAborted, type TrialContext, type TrialOutput } from './trial-context.js';

/** A poison trial of the `noop` task (`fail: true`) throws this every time: retryable, as a flaky trial's error is. */
export class NoopFailure extends Error {
  override name = 'NoopFailure';
}

/** The noop task's options that runNoop reads. */
export interface NoopTask {
  readonly sleepMs: number;
  readonly fail: boolean;
  readonly failWhen?: Record<string, unknown>;
  readonly failAs?: 'retryable' | 'deterministic';
  readonly surface?: SurfaceName;
  readonly noise?: number;
}

/**
 * The `noop` task: sleeps `sleepMs` and reports a score derived from the point alone, so a sweep of noop trials
 * exercises the whole machinery and always ranks its points the same way. With a `surface`, the score is the
 * surface's value at the point (plus `noise`), the same at every one of the trial's epochs. A fold trial under
 * successive halving (`a.fidelity`) reports instead a curve that falls towards that score over the epochs
 * (noop-fidelity.ts), and leaves a checkpoint that its next rung continues from.
 */
export async function runNoop(a: TrialAssignment, task: NoopTask, ctx: TrialContext): Promise<TrialOutput> {
  const fail = (why: string): never => {
    const message = `noop trial ${a.trialId} fails by design (${why})`;
    throw task.failAs === 'deterministic' ? new DeterministicTrialError(message) : new NoopFailure(message);
  };
  if (task.fail) fail('task.fail is true');
  const when = task.failWhen;
  if (when && Object.entries(when).every(([k, v]) => a.params[k] === v)) fail('its point matches task.failWhen');
  if (task.sleepMs > 0) await abortableSleep(task.sleepMs, ctx.signal);
  const fidelity = trialFidelity(a);
  if (task.surface) {
    if (!fidelity) return surfaceTrial(a, task.surface, task.noise ?? 0, ctx);
    const value = surfaceValue(task.surface, a.params, task.noise ?? 0, noiseRng(a, rungFreeId(a)));
    return noopFidelityTrial(a, fidelity, TrainOptions.parse(a.train).epochs, value, (v) => ({ loss: v, valLoss: v }), ctx);
  }
  const digest = createHash('sha256').update(a.pointId).digest();
  const score = digest.readUInt32BE(0) / 2 ** 32;
  if (fidelity) return noopFidelityTrial(a, fidelity, TrainOptions.parse(a.train).epochs, score, (v) => ({ loss: v, valLoss: v, valAccuracy: 1 - v }), ctx);
  const metrics: Record<string, number> = { loss: score, valLoss: score, valAccuracy: 1 - score };
  if (a.split.kind === 'final') metrics.testLoss = score;
  ctx.progress({ epoch: 1, epochs: 1, loss: score, valLoss: score });
  return { status: 'completed', metrics, history: [metrics], bestEpoch: 0, backend: 'none' };
}

function surfaceTrial(a: TrialAssignment, surface: SurfaceName, noise: number, ctx: TrialContext): TrialOutput {
  const value = surfaceValue(surface, a.params, noise, noiseRng(a, a.trialId));
  const { epochs } = TrainOptions.parse(a.train);
  // Every epoch reports the value, so that racing and pruning, which read epochs, see a trial like any other.
  const history = Array.from({ length: epochs }, (_, i) => {
    ctx.progress({ epoch: i + 1, epochs, loss: value, valLoss: value });
    return { loss: value, valLoss: value };
  });
  const metrics: Record<string, number> = { loss: value, valLoss: value };
  if (a.split.kind === 'final') metrics.testLoss = value;
  return { status: 'completed', metrics, history, bestEpoch: epochs - 1, backend: 'none' };
}

/**
 * The stream a trial's noise is drawn from: one per trial (so per fold), so that a point's fold mean averages it down
 * as a real cv mean would.
 */
const noiseRng = (a: TrialAssignment, id: string) => createRng(a.seed, `noop-noise:${id}`);

/**
 * The id the trial would have without halving (its rung 0's id): every rung of one fold trial draws the same noise,
 * so a promoted trial continues the curve its checkpoint holds.
 */
function rungFreeId(a: TrialAssignment): string {
  return trialId({ sweepId: a.sweepId, stage: a.stage, params: a.params, fold: a.split.kind === 'kfold' ? a.split.fold : -1, seed: a.seed });
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
