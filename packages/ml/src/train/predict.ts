/** A model's outputs for chosen samples, as plain arrays for reports. */
import * as tf from '@tensorflow/tfjs';
import type { SequenceDataset } from '../data/types.js';
import { modelHead, readModelOutputs, type ModelOutputs } from '../models/model-outputs.js';
import { checkSplit, disposeBatch, gatherBatch } from './batches.js';

/**
 * Runs `model` on the samples `indices` of `dataset` (in that order) and returns its outputs, row-major:
 * `reconstruction` (`n * T * F`), plus `logits` (`n * C`) for classifiers or `prediction` (`n * T * F`) for
 * predictors.
 * @param options.batchSize @default 256
 */
export function predict(model: tf.LayersModel, dataset: SequenceDataset, indices: Int32Array, options: { batchSize?: number } = {}): ModelOutputs<Float32Array> {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive whole number, got ${batchSize}`);
  checkSplit(dataset, indices, 'none', 'prediction');
  const head = modelHead(model);
  const parts: { reconstruction: Float32Array[]; second: Float32Array[] } = { reconstruction: [], second: [] };
  for (let start = 0; start < indices.length; start += batchSize) {
    const batch = gatherBatch(dataset, indices, start, Math.min(indices.length, start + batchSize), 'none');
    try {
      const raw = tf.tidy(() => [model.apply(batch.x, { training: false }) as tf.Tensor | tf.Tensor[]].flat());
      try {
        const out = readModelOutputs(raw);
        parts.reconstruction.push(out.reconstruction.dataSync() as Float32Array);
        const second = out.logits ?? out.prediction;
        if (second) parts.second.push(second.dataSync() as Float32Array);
      } finally {
        tf.dispose(raw);
      }
    } finally {
      disposeBatch(batch);
    }
  }
  const reconstruction = concat(parts.reconstruction);
  if (head === 'classification') return { reconstruction, logits: concat(parts.second) };
  if (head === 'prediction') return { reconstruction, prediction: concat(parts.second) };
  return { reconstruction };
}

function concat(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
