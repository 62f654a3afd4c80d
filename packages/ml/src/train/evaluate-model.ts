/**
 * Metrics of a trained model on a split, without gradients: the validation pass of every epoch and the one test
 * evaluation of the final model.
 */
import * as tf from '@tensorflow/tfjs';
import type { SequenceDataset } from '../data/types.js';
import type { ModelHead } from '../models/model-definition.js';
import { modelHead, readModelOutputs } from '../models/model-outputs.js';
import { getModelDefinition } from '../models/registry.js';
import type { ModelOptions, TrainOptions } from '@seqsweep/core';
import { checkSplit } from './batches.js';
import { batchLosses, packLosses, unpackLosses } from './losses.js';
import { LossTotals, type SplitMetrics } from './loss-totals.js';
import { SplitBatches } from './split-batches.js';

/**
 * The least number of samples an evaluation batch holds. Evaluation keeps no gradient state, so it can afford larger
 * batches than training: each batch costs a fixed overhead of tfjs ops and kernel calls besides its samples.
 */
export const EVALUATION_BATCH = 512;

/** The batch size evaluation runs at: the training batch size, or {@link EVALUATION_BATCH} when that is larger. */
export function evaluationBatchSize(train: Pick<TrainOptions, 'batchSize'>): number {
  return Math.max(train.batchSize, EVALUATION_BATCH);
}

/** A split's metrics plus `mse`: the prediction MSE for predictors, else the reconstruction MSE. */
export interface EvaluationMetrics extends SplitMetrics {
  readonly mse: number | null;
}

/** What an evaluation needs besides the data. */
export interface EvaluationSettings {
  readonly head: ModelHead;
  readonly batchSize: number;
  readonly reconstructionWeight: number;
}

/**
 * Evaluates `model` on the samples `indices` of `dataset`, in batches of {@link evaluationBatchSize}. Synchronous: for a
 * large split on a slow backend prefer {@link evaluateModelAsync}, which lets timers run between batches.
 * An empty split gives null metrics.
 */
export function evaluateModel(model: tf.LayersModel, dataset: SequenceDataset, indices: Int32Array, modelOptions: ModelOptions, train: TrainOptions): EvaluationMetrics {
  const settings = evaluationSettings(model, modelOptions, train);
  checkSplit(dataset, indices, settings.head, 'evaluation');
  const totals = new LossTotals(settings.head);
  const batches = new SplitBatches(dataset, indices, settings.batchSize, settings.head, 0);
  for (let b = 0; b < batches.count; b++) evaluateBatch(model, batches, b, settings, totals);
  return withMse(totals.metrics(), settings.head);
}

/** {@link evaluateModel}, yielding to the event loop between batches; stops early (null) when `signal` aborts. */
export async function evaluateModelAsync(
  model: tf.LayersModel, dataset: SequenceDataset, indices: Int32Array, modelOptions: ModelOptions, train: TrainOptions, signal?: AbortSignal,
): Promise<EvaluationMetrics | null> {
  const settings = evaluationSettings(model, modelOptions, train);
  checkSplit(dataset, indices, settings.head, 'evaluation');
  const totals = await evaluateSplit(model, dataset, indices, settings, signal);
  return totals && withMse(totals.metrics(), settings.head);
}

/**
 * Adds the batches of a split to fresh totals, yielding between batches. Returns null when `signal` aborts.
 * The indices are assumed checked.
 */
export function evaluateSplit(
  model: tf.LayersModel, dataset: SequenceDataset, indices: Int32Array, settings: EvaluationSettings, signal?: AbortSignal,
): Promise<LossTotals | null> {
  return evaluateBatches(model, new SplitBatches(dataset, indices, settings.batchSize, settings.head, 0), settings, signal);
}

/**
 * {@link evaluateSplit} on batches already made (of `settings.batchSize`): the validation of every epoch, whose
 * batches are gathered once per run. Leaves `batches` to its owner.
 */
export async function evaluateBatches(model: tf.LayersModel, batches: SplitBatches, settings: EvaluationSettings, signal?: AbortSignal): Promise<LossTotals | null> {
  const totals = new LossTotals(settings.head);
  for (let b = 0; b < batches.count; b++) {
    if (signal?.aborted) return null;
    evaluateBatch(model, batches, b, settings, totals);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return signal?.aborted ? null : totals;
}

/** The head, batch size and loss weight of an evaluation, checking that the model has the head its options name. */
export function evaluationSettings(model: tf.LayersModel, modelOptions: ModelOptions, train: TrainOptions): EvaluationSettings {
  const head = getModelDefinition(modelOptions).head;
  const actual = modelHead(model);
  if (actual !== head) throw new Error(`model "${modelOptions.name}" should have a ${head} head, but the model given has ${actual}`);
  return { head, batchSize: evaluationBatchSize(train), reconstructionWeight: train.reconstructionWeight };
}

function evaluateBatch(model: tf.LayersModel, batches: SplitBatches, b: number, s: EvaluationSettings, totals: LossTotals): void {
  const batch = batches.take(b);
  try {
    const packed = tf.tidy(() => {
      const outputs = readModelOutputs(model.apply(batch.x, { training: false }) as tf.Tensor | tf.Tensor[]);
      return packLosses(batchLosses(outputs, batch, s.head, s.reconstructionWeight));
    });
    totals.add(unpackLosses(packed.dataSync()), batch.size);
    packed.dispose();
  } finally {
    batches.release(batch);
  }
}

function withMse(metrics: SplitMetrics, head: ModelHead): EvaluationMetrics {
  return { ...metrics, mse: head === 'prediction' ? (metrics.taskLoss ?? null) : metrics.reconLoss };
}
