/**
 * The training loop of one trial: seeded model and shuffling, mini-batches gathered by index, Adam or SGD with
 * global-norm clipping, validation after every epoch, early stopping, divergence detection and abort.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics } from '@seqsweep/core';
import type { ModelDefinition } from '../models/model-definition.js';
import { getModelDefinition } from '../models/registry.js';
import { ErrorCode, UserError } from '@seqsweep/core';
import { checkSplit } from './batches.js';
import { createOptimizer } from './create-optimizer.js';
import { EpochRunner } from './epoch-runner.js';
import { trainableVariables } from './train-step.js';
import type { TrainArgs, TrainOutcome, TrainStatus } from './train-types.js';

/**
 * Trains a fresh model, built from `args.model` and `args.seed`, on `args.trainIndices`, scoring
 * `args.valIndices` after every epoch. A loss that is not finite or blows up ends the run as `diverged`, an
 * aborted signal as `aborted`; neither throws. Every tensor it makes is released before it returns, except the
 * model with `keepModel`. Throws for invalid arguments (a model that does not fit the task is a UserError).
 */
export async function trainModel(args: TrainArgs): Promise<TrainOutcome> {
  const started = performance.now();
  const definition = getModelDefinition(args.model);
  checkArgs(definition, args);
  const { dataset } = args;
  const model = definition.build(args.model, { steps: dataset.steps, features: dataset.features, numClasses: dataset.numClasses }, args.seed);
  let optimizer: tf.Optimizer | undefined;
  let status: TrainStatus = 'aborted';
  try {
    optimizer = createOptimizer(args.train);
    const runner = new EpochRunner(args, {
      model, optimizer, variables: trainableVariables(model), head: definition.head,
      reconstructionWeight: args.train.reconstructionWeight, gradientClip: args.train.gradientClip,
    });
    const end = await runner.run();
    status = end.status;
    const bestEpoch = pickBestEpoch(runner.history, args.valIndices.length > 0, end.status);
    return {
      status,
      history: runner.history,
      bestEpoch,
      metrics: bestEpoch >= 0 ? { ...runner.history[bestEpoch]! } : {},
      ...(end.reason === undefined ? {} : { reason: end.reason }),
      durationMs: performance.now() - started,
      samplesPerSecond: runner.samplesPerSecond,
      ...(args.keepModel && status !== 'aborted' ? { model } : {}),
    };
  } finally {
    optimizer?.dispose();
    if (!(args.keepModel && status !== 'aborted')) model.dispose();
  }
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

function checkArgs(definition: ModelDefinition, args: TrainArgs): void {
  const { dataset } = args;
  if (!definition.kinds.includes(dataset.kind)) {
    throw new UserError(ErrorCode.InvalidSpec, `model "${definition.name}" cannot train on task "${dataset.task}": it needs a ${definition.kinds.join(' or ')} task, and "${dataset.task}" is ${dataset.kind}`, {
      fix: `choose a model for ${dataset.kind} tasks, or a task that model supports`,
    });
  }
  if (!Number.isSafeInteger(args.seed)) throw new Error(`seed must be a whole number, got ${args.seed}`);
  if (args.trainIndices.length === 0) throw new Error('trainModel needs at least one training sample');
  checkSplit(dataset, args.trainIndices, definition.head, 'training');
  checkSplit(dataset, args.valIndices, definition.head, 'validation');
}
