import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskOptions, ModelOptions, TrainOptions, resolveSplit, type CheckpointRef, type ResolvedSplit, type TrialAssignment, type TrialResult, type Transport } from '@seqsweep/core';
import { CheckpointError, decodeCheckpoint, loadDataset, trainModel, evaluateModelAsync, saveModel, trialDataset, forecastScores, type DatasetCache, type SequenceDataset, type TrainCheckpoint } from '@seqsweep/ml';
import { checkFidelity, checkpointError, fetchCheckpoint, storeCheckpoint, trialFidelity } from './checkpoints.js';
import { importTrialCode } from './code-files.js';
import { fetchDataFiles } from './data-files.js';
import { runNoop } from './noop.js';
import { TrialAborted, type TrialContext, type TrialOutput } from './trial-context.js';
import { computeStep } from './trial-errors.js';

/**
 * Trains one trial with core and, for the final stage, tests it and stores the model in the object store. What the
 * computation throws fails the trial at once unless another delivery could cure it (trial-errors.ts). A fold trial
 * under successive halving trains until its rung's epochs in all, continuing from the previous rung's checkpoint,
 * and stores its own (checkpoints.ts).
 */
export async function runTrial(a: TrialAssignment, ctx: TrialContext): Promise<TrialOutput> {
  await importTrialCode(a, ctx.transport, ctx.codeCacheDir);
  const options = await fetchDataFiles(a, ctx.transport, ctx.cacheDir);
  const task = await computeStep(() => TaskOptions.parse(options));
  if (task.name === 'noop') return runNoop(a, task, ctx);
  const { model, train, split, dataset } = await computeStep(async () => {
    const model = ModelOptions.parse(a.model);
    const train = TrainOptions.parse(a.train);
    const raw = await loadDataset(task, { seed: a.seed, cache: ctx.datasets, moduleDigest: a.codeRefs?.task?.digest });
    return { model, train, ...splitData(ctx.datasets, raw, a) };
  });
  const final = a.split.kind === 'final';
  const fidelity = trialFidelity(a);
  if (fidelity) checkFidelity(fidelity, train.epochs);
  const resumeFrom = fidelity?.from ? await readCheckpoint(ctx, fidelity.from) : undefined;
  const outcome = await computeStep(() => trainModel({
    dataset, model, train, seed: a.seed,
    trainIndices: split.train,
    // The final stage trains on the whole training split and must not select epochs on the test split.
    valIndices: final ? new Int32Array(0) : split.val,
    signal: ctx.signal,
    keepModel: final,
    ...(ctx.models ? { models: ctx.models } : {}),
    ...(fidelity ? { untilEpoch: fidelity.epochs, checkpoint: true } : {}),
    ...(resumeFrom ? { resumeFrom } : {}),
    onProgress: (p) => ctx.progress({ epoch: p.epoch, epochs: p.epochs, batch: p.batch, batches: p.batches, loss: finite(p.loss), valLoss: p.valLoss === undefined ? undefined : finite(p.valLoss) }),
  })).catch((e: unknown) => {
    // A checkpoint of another run (other model, options or data) is found out when training starts.
    throw fidelity?.from && e instanceof Error && e.cause instanceof CheckpointError ? checkpointError(fidelity.from, e.cause) : e;
  });
  if (outcome.status === 'aborted') throw new TrialAborted();
  const checkpoint = fidelity && outcome.checkpoint ? await storeCheckpoint(ctx.transport, a, fidelity, outcome.checkpoint, outcome.history.length) : undefined;
  const base: TrialOutput = {
    status: outcome.status, metrics: outcome.metrics, history: outcome.history, bestEpoch: outcome.bestEpoch, backend: ctx.backend,
    ...(split.dates ? { dates: split.dates } : {}),
    ...(fidelity ? { rung: fidelity.rung } : {}), ...(checkpoint ? { checkpoint } : {}),
  };
  if (!final || !outcome.model) return base;
  try {
    const trained = outcome.model;
    const test = await computeStep(() => evaluateModelAsync(trained, dataset, split.val, model, train, ctx.signal));
    if (!test) throw new TrialAborted();
    const testMetrics = Object.fromEntries(Object.entries(test).map(([k, v]) => [`test${k[0]!.toUpperCase()}${k.slice(1)}`, finite(v)]));
    const scores = dataset.kind === 'prediction' ? await computeStep(() => forecastScores(trained, dataset, split.val)) : undefined;
    const artifacts = await storeModel(ctx.transport, a, outcome.model);
    return { ...base, metrics: { ...outcome.metrics, ...testMetrics }, artifacts, ...(scores ? { vsPersistence: scores.vsPersistence } : {}) };
  } finally {
    outcome.model.dispose();
  }
}

/** The training checkpoint a trial continues from, read and checked against its reference. */
async function readCheckpoint(ctx: TrialContext, from: CheckpointRef): Promise<TrainCheckpoint> {
  const bytes = await fetchCheckpoint(ctx.transport, from);
  let checkpoint: TrainCheckpoint;
  try {
    checkpoint = decodeCheckpoint(bytes);
  } catch (e) {
    if (e instanceof CheckpointError) throw checkpointError(from, e);
    throw e;
  }
  if (checkpoint.epoch !== from.epoch) throw checkpointError(from, new Error(`it holds ${checkpoint.epoch} epochs, where the assignment names epoch ${from.epoch}`));
  return checkpoint;
}

/**
 * The trial's split of `raw`, and the dataset it trains on: scaled on its training windows only (validation and test
 * values may leave [0, 1]). Both depend on the split and the seed alone, so a worker makes them once for all the
 * trials that share them (every grid point of one fold) and keeps them beside the dataset.
 */
function splitData(datasets: DatasetCache | undefined, raw: SequenceDataset, a: TrialAssignment): { split: ResolvedSplit; dataset: SequenceDataset } {
  const make = (): { split: ResolvedSplit; dataset: SequenceDataset } => {
    const split = resolveSplit(raw.size, a.split, a.seed, raw.labels, raw.dates);
    return { split, dataset: trialDataset(raw, split.train) };
  };
  if (!datasets) return make();
  return datasets.derive(raw, `trial-split ${a.seed} ${JSON.stringify(a.split)}`, make, ({ split, dataset }) =>
    split.train.byteLength + split.val.byteLength + (dataset === raw ? 0 : dataset.x.byteLength + (dataset.target?.byteLength ?? 0)));
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

async function storeModel(transport: Transport, a: TrialAssignment, model: Parameters<typeof saveModel>[0]): Promise<NonNullable<TrialResult['artifacts']>> {
  const dir = await mkdtemp(join(tmpdir(), 'seqsweep-model-'));
  try {
    await saveModel(model, dir, { sweepId: a.sweepId, trialId: a.trialId, params: a.params, task: a.task, model: a.model, train: a.train });
    const artifacts: NonNullable<TrialResult['artifacts']> = {};
    for (const file of await readdir(dir)) {
      const name = `models/${a.sweepId}/${a.trialId}/${file}`;
      const { digest } = await transport.putObject(name, await readFile(join(dir, file)), { store: 'models' });
      artifacts[file] = { name, digest };
    }
    return artifacts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
