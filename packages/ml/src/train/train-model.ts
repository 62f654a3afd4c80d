/**
 * The training loop of one trial: seeded model and shuffling, mini-batches gathered by index, Adam or SGD with
 * global-norm clipping, validation after every epoch, early stopping, divergence detection and abort; stopping at a
 * rung's epoch with a checkpoint, and going on from one to the same bits as a run that never stopped.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics } from '@seqsweep/core';
import type { ModelDefinition, ModelShape } from '../models/model-definition.js';
import { getModelDefinition } from '../models/registry.js';
import { ErrorCode, UserError } from '@seqsweep/core';
import { CheckpointError } from '../errors.js';
import { checkSplit } from './batches.js';
import { CHECKPOINT_VERSION, encodeCheckpoint, type TrainCheckpoint } from './checkpoint-format.js';
import { checkFit, checkpointFit, loadOptimizer, loadWeights, saveOptimizer, saveWeights } from './checkpoint-state.js';
import { createOptimizer } from './create-optimizer.js';
import { EpochRunner } from './epoch-runner.js';
import type { ModelCache } from './model-cache.js';
import { evaluationBatchSize } from './evaluate-model.js';
import { KEEP_SPLIT_BYTES, SplitBatches } from './split-batches.js';
import { trainableVariables } from './train-step.js';
import type { TrainArgs, TrainOutcome, TrainStatus } from './train-types.js';

/**
 * Trains a fresh model, built from `args.model` and `args.seed`, on `args.trainIndices`, scoring
 * `args.valIndices` after every epoch, until `args.untilEpoch` (or `train.epochs`) epochs; or goes on from the run
 * `args.resumeFrom` holds. A loss that is not finite or blows up ends the run as `diverged`, an aborted signal as
 * `aborted`; neither throws. Every tensor it makes is released before it returns, except the model with
 * `keepModel`. Throws for invalid arguments (a model that does not fit the task is a UserError, a checkpoint that
 * does not fit the run a CheckpointError).
 */
export async function trainModel(args: TrainArgs): Promise<TrainOutcome> {
  const started = performance.now();
  const definition = getModelDefinition(args.model);
  checkArgs(definition, args);
  const until = args.untilEpoch ?? args.train.epochs;
  const from = args.resumeFrom;
  if (from) checkResume(from, args, until);
  const { dataset } = args;
  // The same validation batches every epoch: gathered once (on the first pass) and kept while the run lasts, when
  // more than one epoch is left to validate.
  const passes = until - (from?.epoch ?? 0);
  const validation = new SplitBatches(dataset, args.valIndices, evaluationBatchSize(args.train), definition.head, passes > 1 ? KEEP_SPLIT_BYTES : 0);
  const shape = { steps: dataset.steps, features: dataset.features, numClasses: dataset.numClasses };
  // A kept model is lent only to a run that hands it back: one whose model the caller keeps leaves the cache.
  const models = args.keepModel ? undefined : args.models;
  const model = buildModel(definition, args, shape, models);
  let optimizer: tf.Optimizer | undefined;
  let status: TrainStatus = 'aborted';
  let failed = true;
  try {
    if (from) loadWeights(model, from.weights);
    optimizer = createOptimizer(args.train);
    const variables = trainableVariables(model);
    if (from) await loadOptimizer(optimizer, from.optimizer, variables);
    const runner = new EpochRunner(args, {
      model, optimizer, variables, head: definition.head,
      reconstructionWeight: args.train.reconstructionWeight, gradientClip: args.train.gradientClip,
    }, validation, until, from);
    const end = await runner.run();
    status = end.status;
    const bestEpoch = pickBestEpoch(runner.history, args.valIndices.length > 0, end.status);
    const checkpoint = args.checkpoint && status === 'completed' ? encodeCheckpoint(await captureCheckpoint(args, runner, model, optimizer)) : undefined;
    failed = false;
    return {
      status,
      history: runner.history,
      bestEpoch,
      metrics: bestEpoch >= 0 ? { ...runner.history[bestEpoch]! } : {},
      ...(end.reason === undefined ? {} : { reason: end.reason }),
      durationMs: performance.now() - started,
      samplesPerSecond: runner.samplesPerSecond,
      ...(args.keepModel && status !== 'aborted' ? { model } : {}),
      ...(checkpoint ? { checkpoint } : {}),
    };
  } finally {
    validation.dispose();
    optimizer?.dispose();
    // A run that threw may have left the model half way through a step: it is not kept.
    if (models && !failed) models.give(definition, args.model, shape, model);
    else if (!(args.keepModel && status !== 'aborted')) model.dispose();
  }
}

/**
 * The run's model, initialised from its seed: built afresh, or a model `models` kept from an earlier run of the
 * same options and shape, given the fresh build's weights (so the same values, bit for bit) and warm otherwise.
 */
function buildModel(definition: ModelDefinition, args: TrainArgs, shape: ModelShape, models: ModelCache | undefined): tf.LayersModel {
  const fresh = definition.build(args.model, shape, args.seed);
  const kept = models?.take(definition, args.model, shape);
  if (!kept) return fresh;
  try {
    kept.setWeights(fresh.getWeights());
  } catch (e) {
    kept.dispose();
    fresh.dispose();
    throw e;
  }
  fresh.dispose();
  return kept;
}

/**
 * The best epoch: the lowest finite `valLoss`, or without validation the last epoch that ran to its end.
 * -1 when there is none.
 */
export function pickBestEpoch(history: readonly EpochMetrics[], validated: boolean, status: TrainStatus): number {
  if (!validated) return status === 'diverged' ? history.length - 2 : history.length - 1;
  let best = -1;
  history.forEach((entry, i) => {
    const v = entry.valLoss;
    if (typeof v === 'number' && Number.isFinite(v) && (best < 0 || v < (history[best]!.valLoss as number))) best = i;
  });
  return best;
}

/** The state of a run between epochs, with what it fits. */
async function captureCheckpoint(args: TrainArgs, runner: EpochRunner, model: tf.LayersModel, optimizer: tf.Optimizer): Promise<TrainCheckpoint> {
  const { history, ...state } = runner.state();
  return {
    version: CHECKPOINT_VERSION, fit: checkpointFit(args), epoch: history.length, history: [...history], ...state,
    weights: saveWeights(model), optimizer: await saveOptimizer(optimizer),
  };
}

function checkResume(from: TrainCheckpoint, args: TrainArgs, until: number): void {
  checkFit(from, args);
  if (from.epoch > until) {
    throw new CheckpointError(`the training checkpoint holds ${from.epoch} epochs, more than the ${until} this run trains to`, {
      fix: 'continue a checkpoint to a budget at least as large as the epochs it holds',
    });
  }
}

function checkArgs(definition: ModelDefinition, args: TrainArgs): void {
  const { dataset } = args;
  if (!definition.kinds.includes(dataset.kind)) {
    throw new UserError(ErrorCode.InvalidSpec, `model "${definition.name}" cannot train on task "${dataset.task}": it needs a ${definition.kinds.join(' or ')} task, and "${dataset.task}" is ${dataset.kind}`, {
      fix: `choose a model for ${dataset.kind} tasks, or a task that model supports`,
    });
  }
  if (!Number.isSafeInteger(args.seed)) throw new Error(`seed must be a whole number, got ${args.seed}`);
  const until = args.untilEpoch;
  if (until !== undefined && !(Number.isInteger(until) && until >= 1 && until <= args.train.epochs)) {
    throw new RangeError(`untilEpoch must be a whole number from 1 to train.epochs (${args.train.epochs}), got ${until}`);
  }
  if (args.trainIndices.length === 0) throw new Error('trainModel needs at least one training sample');
  checkSplit(dataset, args.trainIndices, definition.head, 'training');
  checkSplit(dataset, args.valIndices, definition.head, 'validation');
}
