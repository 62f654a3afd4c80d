/**
 * Mini-batches gathered from a dataset's contiguous Float32Array by sample index. Each batch is copied into its
 * own buffer and becomes one tensor, so no tensor of the whole dataset is ever made.
 */
import * as tf from '@tensorflow/tfjs';
import type { SequenceDataset } from '../data/types.js';
import type { ModelHead } from '../models/model-definition.js';

/** One batch as tensors. The caller disposes them with {@link disposeBatch}. */
export interface BatchTensors {
  readonly size: number;
  /** `[B, T, F]`. */
  readonly x: tf.Tensor3D;
  /** Class per sample, int32 (classification heads only). */
  readonly labels?: tf.Tensor1D;
  /** `[B, T, F]` next-step targets (prediction heads only). */
  readonly target?: tf.Tensor3D;
}

/**
 * Checks, once per split, that every index names a sample and that the dataset carries what `head` trains on
 * (labels for classification, targets for prediction).
 */
export function checkSplit(dataset: SequenceDataset, indices: Int32Array, head: ModelHead, what: string): void {
  for (const i of indices) {
    if (!(i >= 0 && i < dataset.size)) throw new Error(`${what} index ${i} is outside the dataset's ${dataset.size} samples`);
  }
  const sampleLength = dataset.steps * dataset.features;
  if (dataset.x.length !== dataset.size * sampleLength) throw new Error(`dataset ${dataset.task}: x has ${dataset.x.length} values, expected ${dataset.size * sampleLength}`);
  if (head === 'classification' && (!dataset.labels || !dataset.numClasses)) throw new Error(`dataset ${dataset.task} has no labels to classify`);
  if (head === 'prediction' && dataset.target?.length !== dataset.x.length) throw new Error(`dataset ${dataset.task} has no next-step targets`);
}

/** Copies the samples `indices[start..end)` into a new batch. */
export function gatherBatch(dataset: SequenceDataset, indices: Int32Array, start: number, end: number, head: ModelHead): BatchTensors {
  const picked = indices.subarray(start, end);
  const size = picked.length;
  const shape: [number, number, number] = [size, dataset.steps, dataset.features];
  const x = tf.tensor3d(gatherRows(dataset.x, picked, dataset.steps * dataset.features), shape);
  if (head === 'classification') {
    const labels = new Int32Array(size);
    for (let b = 0; b < size; b++) labels[b] = dataset.labels![picked[b]!]!;
    return { size, x, labels: tf.tensor1d(labels, 'int32') };
  }
  if (head === 'prediction') return { size, x, target: tf.tensor3d(gatherRows(dataset.target!, picked, dataset.steps * dataset.features), shape) };
  return { size, x };
}

/** Disposes every tensor of a batch. */
export function disposeBatch(batch: BatchTensors): void {
  tf.dispose([batch.x, ...(batch.labels ? [batch.labels] : []), ...(batch.target ? [batch.target] : [])]);
}

function gatherRows(source: Float32Array, picked: Int32Array, rowLength: number): Float32Array {
  const out = new Float32Array(picked.length * rowLength);
  for (let b = 0; b < picked.length; b++) {
    const from = picked[b]! * rowLength;
    out.set(source.subarray(from, from + rowLength), b * rowLength);
  }
  return out;
}
