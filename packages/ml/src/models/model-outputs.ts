/**
 * Reads a model's outputs by role. Output 0 is always the reconstruction; a second output of rank 2 is
 * classification logits and one of rank 3 is a next-step prediction. Roles come from the shapes, so a model
 * loaded from disk is read the same way as one just built.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelHead } from './model-definition.js';

/** A model's outputs by role. */
export interface ModelOutputs<T> {
  /** `[B, T, F]`. */
  readonly reconstruction: T;
  /** `[B, C]`, classification models only. */
  readonly logits?: T;
  /** `[B, T, F]`, prediction models only. */
  readonly prediction?: T;
}

/** Sorts the outputs of `model.apply` / `model.predict` by role. */
export function readModelOutputs(outputs: tf.Tensor | tf.Tensor[]): ModelOutputs<tf.Tensor> {
  const list = Array.isArray(outputs) ? outputs : [outputs];
  const [reconstruction, second] = list;
  if (!reconstruction || reconstruction.rank !== 3 || list.length > 2) {
    throw new Error(`expected a reconstruction [B, T, F] and at most one task output, got shapes ${list.map((t) => `[${t.shape.join(', ')}]`).join(' ')}`);
  }
  if (!second) return { reconstruction };
  if (second.rank === 2) return { reconstruction, logits: second };
  if (second.rank === 3) return { reconstruction, prediction: second };
  throw new Error(`a model's second output must be logits [B, C] or a prediction [B, T, F], got [${second.shape.join(', ')}]`);
}

/** The head of a built or loaded model, read from the shapes of its outputs. */
export function modelHead(model: tf.LayersModel): ModelHead {
  const shapes = model.outputs.map((o) => o.shape);
  if (shapes.length === 1 && shapes[0]!.length === 3) return 'none';
  if (shapes.length === 2 && shapes[0]!.length === 3) {
    if (shapes[1]!.length === 2) return 'classification';
    if (shapes[1]!.length === 3) return 'prediction';
  }
  throw new Error(`model "${model.name}" has outputs ${shapes.map((s) => `[${s.join(', ')}]`).join(' ')}, not those of a seqsweep model`);
}
