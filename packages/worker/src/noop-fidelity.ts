/**
 * The noop task under successive halving: a learning curve computed from the point, one history entry per epoch,
 * and a tiny JSON checkpoint stored and read through the same object-store path as a real model's, so that the
 * coordinator's halving runs in seconds through real workers and exercises the continuation.
 */
import { createHash } from 'node:crypto';
import { EpochMetrics, type Fidelity, type TrialAssignment } from '@seqsweep/core';
import { checkFidelity, checkpointError, fetchCheckpoint, storeCheckpoint } from './checkpoints.js';
import type { TrialContext, TrialOutput } from './trial-context.js';

/** The format word and version of a noop checkpoint. */
const NOOP_CHECKPOINT = { format: 'seqsweep-noop-checkpoint', version: 1 } as const;

/** What a noop checkpoint holds: whose it is, its epochs, and their history. */
interface NoopCheckpoint {
  readonly format: typeof NOOP_CHECKPOINT.format;
  readonly version: typeof NOOP_CHECKPOINT.version;
  readonly pointId: string;
  readonly stage: string;
  readonly fold: number;
  readonly epoch: number;
  readonly history: EpochMetrics[];
}

/**
 * The point's weight in [0, 1) on the curve's decaying term: a hash of the point id, so that points which end
 * close together are ordered differently at low epochs.
 */
function curveWeight(pointId: string): number {
  return createHash('sha256').update(`noop-curve\0${pointId}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * The value a noop trial reports at `epoch` (from 1) under halving: `value + (1 + |value|) * w / epoch`, where
 * `value` is what the trial reports without halving and `w` in [0, 1) comes from the point id. It falls with every
 * epoch towards `value`, so a rung's ranking correlates with the final one without being it.
 */
export function noopCurveValue(value: number, pointId: string, epoch: number): number {
  return value + ((1 + Math.abs(value)) * curveWeight(pointId)) / epoch;
}

/**
 * Runs a noop fold trial to its rung: the history from the checkpoint it continues from (if any), then one entry
 * per further epoch up to `fidelity.epochs`, each `metricsAt(noopCurveValue(...))`; stores a checkpoint of it.
 */
export async function noopFidelityTrial(
  a: TrialAssignment, fidelity: Fidelity, trainEpochs: number, value: number,
  metricsAt: (v: number) => Record<string, number>, ctx: TrialContext,
): Promise<TrialOutput> {
  checkFidelity(fidelity, trainEpochs);
  const fold = a.split.kind === 'kfold' ? a.split.fold : -1;
  const history: EpochMetrics[] = fidelity.from ? (await readNoopCheckpoint(a, fold, fidelity, ctx)).history : [];
  for (let epoch = history.length + 1; epoch <= fidelity.epochs; epoch++) {
    const metrics = metricsAt(noopCurveValue(value, a.pointId, epoch));
    history.push(metrics);
    ctx.progress({ epoch, epochs: fidelity.epochs, loss: metrics.loss!, valLoss: metrics.valLoss! });
  }
  const saved: NoopCheckpoint = { ...NOOP_CHECKPOINT, pointId: a.pointId, stage: a.stage, fold, epoch: history.length, history };
  const checkpoint = await storeCheckpoint(ctx.transport, a, fidelity, new TextEncoder().encode(JSON.stringify(saved)), history.length);
  // The curve falls with every epoch, so the last epoch is the best.
  return { status: 'completed', metrics: { ...history.at(-1)! }, history, bestEpoch: history.length - 1, backend: 'none', rung: fidelity.rung, checkpoint };
}

async function readNoopCheckpoint(a: TrialAssignment, fold: number, fidelity: Fidelity, ctx: TrialContext): Promise<NoopCheckpoint> {
  const from = fidelity.from!;
  const bytes = await fetchCheckpoint(ctx.transport, from);
  const saved = parseNoopCheckpoint(bytes);
  if (typeof saved === 'string') throw checkpointError(from, new Error(`it is not a noop checkpoint (${saved})`));
  const why = saved.pointId !== a.pointId || saved.stage !== a.stage || saved.fold !== fold
    ? `it belongs to point ${saved.pointId}, ${saved.stage} fold ${saved.fold}, not to ${a.pointId}, ${a.stage} fold ${fold}`
    : saved.epoch !== from.epoch || saved.history.length !== saved.epoch
      ? `it holds ${saved.history.length} epochs of history and says ${saved.epoch}, where the assignment names epoch ${from.epoch}`
      : undefined;
  if (why) throw checkpointError(from, new Error(why));
  return saved;
}

/** The checkpoint in `bytes`, or what is wrong with them. */
function parseNoopCheckpoint(bytes: Uint8Array): NoopCheckpoint | string {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    return (e as Error).message;
  }
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (v.format !== NOOP_CHECKPOINT.format || v.version !== NOOP_CHECKPOINT.version) return `format ${JSON.stringify(v.format)} version ${JSON.stringify(v.version)}`;
  if (typeof v.pointId !== 'string' || typeof v.stage !== 'string' || !Number.isInteger(v.fold) || !Number.isInteger(v.epoch)) return 'its point, stage, fold or epoch is missing';
  if (!Array.isArray(v.history) || !v.history.every((h) => EpochMetrics.safeParse(h).success)) return 'its history is not a list of epoch metrics';
  return v as unknown as NoopCheckpoint;
}
