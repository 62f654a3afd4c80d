/**
 * Messages and waiting helpers for the transport conformance suite. Waits poll a condition with a deadline or
 * await the event itself; none sleeps in the hope that something has happened.
 */
import { randomBytes } from 'node:crypto';
import { testDeadline } from '../../test-deadline.js';
import type { Transport } from '../transport.js';
import type { SweepRecord, TrialAssignment, TrialProgress, TrialResult, WorkerHeartbeat } from '../../messages.js';

/** A sweep id no other test uses. */
export function uniqueSweepId(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** A valid trial of `sweepId`. */
export function trial(sweepId: string, trialId: string): TrialAssignment {
  return {
    sweepId, trialId, pointId: `p-${trialId}`, stage: 'filter', params: { learningRate: 0.01, hiddenSize: 8 }, seed: 7,
    task: { name: 'toy' }, model: { name: 'lstm-ae' }, train: { epochs: 2 }, split: { kind: 'kfold', folds: 2, fold: 0, testFraction: 0.2 },
  };
}

/** A valid result of `trialId`. */
export function result(sweepId: string, trialId: string, loss = 0.5): TrialResult {
  return {
    sweepId, trialId, pointId: `p-${trialId}`, stage: 'filter', params: { learningRate: 0.01 }, fold: 0, status: 'completed',
    metrics: { valLoss: loss }, history: [{ loss, valLoss: loss }], bestEpoch: 0, worker: 'w1', attempts: 1, durationMs: 12,
    backend: 'cpu', finishedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** A valid progress message. */
export function progress(sweepId: string, trialId: string, epoch = 0): TrialProgress {
  return { sweepId, trialId, pointId: `p-${trialId}`, stage: 'filter', worker: 'w1', epoch, epochs: 2, loss: 0.4, ts: Date.now() };
}

/** A valid heartbeat. */
export function heartbeat(workerId: string): WorkerHeartbeat {
  return { workerId, host: 'localhost', pid: 1, state: 'idle', done: 0, backend: 'cpu', ts: Date.now() };
}

/** A valid sweep record. */
export function sweepRecord(sweepId: string, over: Partial<SweepRecord> = {}): SweepRecord {
  return {
    sweepId, name: 'conformance', spec: { name: 'conformance' }, stage: 'filter', status: 'running',
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', queue: { ackWaitMs: 30_000, maxDeliver: 3 }, pruned: [],
    ...over,
  };
}

/**
 * Polls `condition` every 10 ms until it holds; throws naming `what` once `baseTimeoutMs` (scaled by
 * SEQSWEEP_TEST_TIMEOUT_SCALE) pass.
 */
export async function waitUntil(condition: () => boolean, what: string, baseTimeoutMs = 5000): Promise<void> {
  const timeoutMs = testDeadline(baseTimeoutMs);
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Collects what a handler receives. */
export class Collector<T> {
  readonly items: T[] = [];
  readonly handler = (item: T): void => {
    this.items.push(item);
  };

  /** Waits until at least `count` items arrived. */
  async atLeast(count: number, what: string, timeoutMs = 5000): Promise<T[]> {
    await waitUntil(() => this.items.length >= count, `${count} ${what} (have ${this.items.length})`, timeoutMs);
    return this.items;
  }
}

/**
 * Makes sure the server has registered a subscription just made on `transport`: a round trip on the same
 * connection is answered only after everything sent before it. (A no-op in memory.)
 */
export async function settle(transport: Transport): Promise<void> {
  await transport.getSweep('settle');
}
