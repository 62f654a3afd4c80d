/**
 * For the rung tests: a worker on the in-memory transport that answers fidelity trials itself, as the real worker
 * does (packages/worker): it continues a fold from `fidelity.from`, trains to `fidelity.epochs` in all, stores a
 * checkpoint in the `models` store and returns `rung` and `checkpoint`. Like the real worker it reads the record
 * for every trial, skips a pruned point's trials and records a raced-out point's fold as withdrawn instead of training it.
 */
import { racedOutOf, withdrawnResult, type CheckpointRef, type TrialAssignment, type TrialResult, type Transport } from '@seqsweep/core';

/** One trial the worker trained: what it was sent, and the epochs it trained (from where it continued). */
export interface Trained {
  readonly a: TrialAssignment;
  readonly fromEpoch: number;
  readonly toEpoch: number;
}

/** A falling curve per point: `score(a, epochs)` is the fold's objective after `epochs` epochs in all; NaN: it diverged. */
export type Curve = (a: TrialAssignment, epochs: number) => number;

export function fidelityWorker(transport: Transport, curve: Curve, signal: AbortSignal, quitAfter = Infinity): { trained: Trained[]; done: Promise<void> } {
  const trained: Trained[] = [];
  const done = (async () => {
    for (;;) {
      const lease = await transport.pullTrial({ signal });
      if (!lease) return;
      const a = lease.assignment;
      const record = await transport.getSweep(a.sweepId);
      if (record?.pruned.includes(a.pointId)) {
        // The coordinator records a pruned point's trials itself; the worker skips them, as the real one does.
        await lease.ack();
        continue;
      }
      const out = racedOutOf(record, a.pointId, a.stage);
      if (out) {
        await transport.publishResult(withdrawnResult(a, out, 'scripted', lease.deliveryCount, new Date().toISOString()));
        await lease.ack();
        continue;
      }
      if (trained.length >= quitAfter) {
        await lease.nak(0);
        return;
      }
      const fromEpoch = a.fidelity?.from?.epoch ?? 0;
      const toEpoch = a.fidelity?.epochs ?? Number(a.train.epochs);
      trained.push({ a, fromEpoch, toEpoch });
      const s = curve(a, toEpoch);
      const diverged = Number.isNaN(s);
      const metrics = diverged ? { valLoss: null } : { valLoss: s, ...(a.stage === 'final' ? { testLoss: s } : {}) };
      let checkpoint: CheckpointRef | undefined;
      // A diverged run leaves no checkpoint, as the real worker's does not.
      if (a.fidelity && !diverged) {
        const name = `checkpoints/${a.sweepId}/${a.trialId}`;
        const { digest } = await transport.putObject(name, new TextEncoder().encode(JSON.stringify({ epoch: toEpoch })), { store: 'models' });
        checkpoint = { name, digest, epoch: toEpoch };
      }
      const result: TrialResult = {
        sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params,
        fold: a.split.kind === 'kfold' ? a.split.fold : -1, status: diverged ? 'diverged' : 'completed', metrics,
        history: Array.from({ length: toEpoch }, (_, e) => ({ valLoss: diverged ? null : curve(a, e + 1) })), bestEpoch: diverged ? -1 : toEpoch - 1,
        worker: 'scripted', attempts: lease.deliveryCount, durationMs: 10 * (toEpoch - fromEpoch), backend: 'none',
        ...(a.fidelity ? { rung: a.fidelity.rung } : {}), ...(checkpoint ? { checkpoint } : {}), finishedAt: new Date().toISOString(),
      };
      await transport.publishResult(result);
      await lease.ack();
    }
  })();
  return { trained, done };
}
