/** One optimisation step on one batch: forward, losses, gradients, global-norm clipping, update. */
import * as tf from '@tensorflow/tfjs';
import { applyAdam, globalNormScale, isAdam } from '../kernels/fused-adam.js';
import type { ModelHead } from '../models/model-definition.js';
import { readModelOutputs } from '../models/model-outputs.js';
import type { BatchTensors } from './batches.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { batchLosses, packLosses, unpackLosses } from './losses.js';

/** What every step of one training run shares. */
export interface StepContext {
  readonly model: tf.LayersModel;
  readonly optimizer: tf.Optimizer;
  /** The model's trainable variables. */
  readonly variables: tf.Variable[];
  readonly head: ModelHead;
  readonly reconstructionWeight: number;
  /** Global-norm limit, or null for none. */
  readonly gradientClip: number | null;
}

/** The trainable variables of a model, as `optimizer.computeGradients` wants them. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/**
 * Trains on one batch and returns its losses before the update, packed as `[loss, recon, task, correct]`.
 * Leaves no tensor behind.
 */
export function trainStep(ctx: StepContext, batch: BatchTensors): Float32Array {
  let packed: tf.Tensor | undefined;
  const { value, grads } = ctx.optimizer.computeGradients(() => {
    const outputs = readModelOutputs(ctx.model.apply(batch.x, { training: true }) as tf.Tensor | tf.Tensor[]);
    const losses = batchLosses(outputs, batch, ctx.head, ctx.reconstructionWeight);
    // Kept out of the gradient scope's cleanup so the metrics are read back once, after the update (for a head of
    // `none` it is the loss itself, which the step disposes as `value` too: disposing twice is a no-op).
    packed = tf.keep(packLosses(losses));
    return losses.loss;
  }, ctx.variables);
  try {
    applyUpdate(ctx, grads);
    return unpackLosses(packed!.dataSync());
  } finally {
    tf.dispose([value, ...Object.values(grads), ...(packed ? [packed] : [])]);
  }
}

/**
 * Clips and applies one batch's gradients. Adam runs fused (src/kernels/fused-adam.ts: tfjs's float32 values,
 * without its dozen tensor ops per variable), its clipping folded into the update as one factor; other optimizers
 * take tfjs's clipped gradients and their own update.
 */
function applyUpdate(ctx: StepContext, grads: tf.NamedTensorMap): void {
  if (isAdam(ctx.optimizer)) {
    applyAdam(ctx.optimizer, grads, ctx.gradientClip === null ? undefined : globalNormScale(grads, ctx.gradientClip));
  } else if (ctx.gradientClip === null) {
    ctx.optimizer.applyGradients(grads);
  } else {
    const clipped = clipByGlobalNorm(grads, ctx.gradientClip);
    ctx.optimizer.applyGradients(clipped.grads);
    tf.dispose([clipped.norm, ...Object.values(clipped.grads)]);
  }
}
