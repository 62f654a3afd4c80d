/**
 * For the report's halving tests: answers a sweep's trials on the in-memory transport as a worker does under
 * successive halving (packages/worker): a fold trial trains to `fidelity.epochs` epochs in all, continuing from
 * `fidelity.from`, leaves a checkpoint in the `models` store, and reports its rung and the whole history from
 * epoch 1. A raced-out point's fold is recorded as withdrawn, as workers do.
 */
import { racedOutOf, withdrawnResult, type CheckpointRef, type TrialAssignment, type TrialResult, type Transport } from '@seqsweep/core';

/** The fold's objective after `epochs` epochs in all. */
export type Curve = (a: TrialAssignment, epochs: number) => number;

/** Answers trials until `signal` aborts; each epoch trained counts 10 ms of `durationMs`. */
export async function answerFidelity(transport: Transport, curve: Curve, signal: AbortSignal): Promise<void> {
  for (;;) {
    const lease = await transport.pullTrial({ signal });
    if (!lease) return;
    const a = lease.assignment;
    const now = new Date().toISOString();
    const out = racedOutOf(await transport.getSweep(a.sweepId), a.pointId, a.stage);
    if (out) {
      await transport.publishResult(withdrawnResult(a, out, 'scripted', lease.deliveryCount, now));
      await lease.ack();
      continue;
    }
    const from = a.fidelity?.from?.epoch ?? 0;
    const to = a.fidelity?.epochs ?? Number(a.train.epochs);
    let checkpoint: CheckpointRef | undefined;
    if (a.fidelity) {
      const name = `checkpoints/${a.sweepId}/${a.trialId}`;
      const { digest } = await transport.putObject(name, new TextEncoder().encode(JSON.stringify({ epoch: to })), { store: 'models' });
      checkpoint = { name, digest, epoch: to };
    }
    const score = curve(a, to);
    const result: TrialResult = {
      sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params,
      fold: a.split.kind === 'kfold' ? a.split.fold : -1, status: 'completed', metrics: { valLoss: score, ...(a.stage === 'final' ? { testLoss: score } : {}) },
      history: Array.from({ length: to }, (_, e) => ({ loss: curve(a, e + 1), valLoss: curve(a, e + 1) })), bestEpoch: to - 1,
      worker: 'scripted', attempts: lease.deliveryCount, durationMs: 10 * (to - from), backend: 'none', finishedAt: now,
      ...(a.fidelity ? { rung: a.fidelity.rung } : {}), ...(checkpoint ? { checkpoint } : {}),
    };
    await transport.publishResult(result);
    await lease.ack();
  }
}
