/**
 * The training objective of every model head: reconstruction MSE, plus softmax cross-entropy (classification)
 * or next-step MSE (prediction), mixed as `w * reconstruction + (1 - w) * task`.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelHead } from '../models/model-definition.js';
import type { ModelOutputs } from '../models/model-outputs.js';
import type { BatchTensors } from './batches.js';

/** Scalars of one batch. `loss` is what gradients follow; `correct` counts right classifications. */
export interface BatchLosses {
  readonly loss: tf.Scalar;
  readonly recon: tf.Scalar;
  readonly task?: tf.Scalar;
  readonly correct?: tf.Scalar;
}

/**
 * Computes the losses of one batch. `weight` is `train.reconstructionWeight`; a head of `none` trains on the
 * reconstruction alone. Call inside `tf.tidy` (or a gradient function).
 */
export function batchLosses(outputs: ModelOutputs<tf.Tensor>, batch: BatchTensors, head: ModelHead, weight: number): BatchLosses {
  const recon = meanSquaredError(batch.x, outputs.reconstruction);
  if (head === 'none') return { loss: recon, recon };
  if (head === 'classification') {
    const logits = need(outputs.logits, 'logits');
    const labels = need(batch.labels, 'labels');
    const task = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, logits.shape[1]!), logits) as tf.Scalar;
    const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar;
    return { loss: mix(recon, task, weight), recon, task, correct };
  }
  const task = meanSquaredError(need(batch.target, 'target'), need(outputs.prediction, 'prediction'));
  return { loss: mix(recon, task, weight), recon, task };
}

/**
 * One tensor that holds a batch's losses, for one read-back: `[loss, recon, task, correct]` for a classifier,
 * `[loss, recon, task]` for a predictor, and for a head of `none` the loss itself (which is its reconstruction
 * loss), so the step makes no tensor for it. {@link unpackLosses} spreads its values out again.
 */
export function packLosses(l: BatchLosses): tf.Tensor {
  if (l.task === undefined && l.correct === undefined && l.loss === l.recon) return l.loss;
  if (l.correct === undefined) return tf.stack([l.loss, l.recon, l.task ?? tf.scalar(0)]);
  return tf.stack([l.loss, l.recon, l.task ?? tf.scalar(0), l.correct]);
}

/** The values of {@link packLosses}'s tensor as `[loss, recon, task, correct]`, zeros where absent. */
export function unpackLosses(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(4);
  out[0] = values[0]!;
  out[1] = values.length === 1 ? values[0]! : values[1]!;
  out[2] = values.length > 2 ? values[2]! : 0;
  out[3] = values.length > 3 ? values[3]! : 0;
  return out;
}

/**
 * `tf.losses.meanSquaredError(labels, predictions)` with the same value and the same gradients bit for bit, in
 * fewer ops: tfjs reaches them through its sum's gradient, a ones tensor the shape of the batch made in JavaScript
 * every step; here `(dy / n) * (2 * (predictions - labels))` directly (and its negation for the labels).
 */
export function meanSquaredError(labels: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [l, p] = args as tf.Tensor[];
    (args[2] as tf.GradSaveFunc)([l!, p!]);
    const gradFunc = (dy: tf.Tensor, [sl, sp]: tf.Tensor[]): tf.Tensor[] => {
      const dp = tf.mul(tf.div(dy, tf.scalar(sp!.size)), tf.mul(tf.scalar(2), tf.sub(sp!, sl!)));
      return [tf.neg(dp), dp];
    };
    return { value: tf.losses.meanSquaredError(l!, p!) as tf.Scalar, gradFunc };
  });
  return op(labels, predictions) as tf.Scalar;
}

function mix(recon: tf.Scalar, task: tf.Scalar, weight: number): tf.Scalar {
  return tf.add(tf.mul(recon, weight), tf.mul(task, 1 - weight));
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the model or batch has no ${what} for this head`);
  return value;
}
