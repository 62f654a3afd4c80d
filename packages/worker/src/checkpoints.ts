/**
 * Successive halving's checkpoints on the worker's side: which assignments train to a rung, where a rung's
 * checkpoint is stored in the `models` object store, and reading the one a promoted trial continues from.
 * The bytes are the trainer's own (ml's training checkpoint, or the noop task's JSON); this file only moves them.
 */
import { DeterministicTrialError, ErrorCode, sha256Hex, UserError, type CheckpointRef, type Fidelity, type TrialAssignment, type Transport } from '@seqsweep/core';

/** The fidelity of a fold trial (`filter` or `evaluate`); the final trial trains its full budget and ignores it. */
export function trialFidelity(a: TrialAssignment): Fidelity | undefined {
  return a.fidelity !== undefined && a.split.kind === 'kfold' ? a.fidelity : undefined;
}

/** The fold of a fold trial, for names (-1 for the final trial, which leaves no checkpoint). */
const foldOf = (a: TrialAssignment): number => (a.split.kind === 'kfold' ? a.split.fold : -1);

/**
 * Where a rung's checkpoint is stored: `checkpoints/<sweepId>/<stage>/<pointId>/f<fold>/e<epochs>-<sha>`, where
 * `epochs` is the rung's budget and `sha` the first 16 hex digits of the bytes' SHA-256. The stage keeps the two
 * stages' folds of one point apart; the digest keeps a redelivery that trained on another backend (other bytes)
 * from replacing the object a recorded result already names.
 */
export function checkpointName(a: TrialAssignment, epochs: number, bytes: Uint8Array): string {
  return `checkpoints/${a.sweepId}/${a.stage}/${a.pointId}/f${foldOf(a)}/e${epochs}-${sha256Hex(bytes).slice(0, 16)}`;
}

/** Stores a checkpoint of `epoch` epochs that ends the rung of `fidelity` and returns its reference. */
export async function storeCheckpoint(transport: Transport, a: TrialAssignment, fidelity: Fidelity, bytes: Uint8Array, epoch: number): Promise<CheckpointRef> {
  const name = checkpointName(a, fidelity.epochs, bytes);
  const { digest } = await transport.putObject(name, bytes, { store: 'models' });
  return { name, digest, epoch };
}

/**
 * Fetches the checkpoint a trial continues from. One that is missing or does not match its digest fails the
 * trial at once (every worker reads the same store): a {@link DeterministicTrialError} naming it. A server that
 * cannot be reached stays retryable.
 */
export async function fetchCheckpoint(transport: Transport, from: CheckpointRef): Promise<Uint8Array> {
  try {
    return await transport.getObject(from.name, from.digest, { store: 'models' });
  } catch (e) {
    if (e instanceof UserError && e.code === ErrorCode.TransportUnavailable) throw e;
    throw checkpointError(from, e);
  }
}

/**
 * The error of a checkpoint that cannot be used: one sentence that names it, deterministic (another delivery
 * would read the same bytes).
 */
export function checkpointError(from: CheckpointRef, cause: unknown): DeterministicTrialError {
  const why = cause instanceof Error ? cause.message.split('\n')[0]! : String(cause);
  return new DeterministicTrialError(`the checkpoint ${from.name} (epoch ${from.epoch}) that this trial continues from cannot be used: ${why.replace(/\.$/, '')}`, { cause });
}

/**
 * Checks a fidelity against the trial's train options: a rung's budget counts epochs in all, so it is at most
 * `train.epochs` (the stage's budget), and at least the epochs of the checkpoint it continues from.
 */
export function checkFidelity(fidelity: Fidelity, trainEpochs: number): void {
  if (fidelity.epochs > trainEpochs) {
    throw new DeterministicTrialError(`rung ${fidelity.rung} trains to ${fidelity.epochs} epochs, more than the trial's train.epochs (${trainEpochs}); a rung's budget counts epochs in all and is at most the stage's`);
  }
  if (fidelity.from && fidelity.from.epoch > fidelity.epochs) {
    throw new DeterministicTrialError(`rung ${fidelity.rung} trains to ${fidelity.epochs} epochs, fewer than the ${fidelity.from.epoch} of the checkpoint ${fidelity.from.name} it continues from`);
  }
}
