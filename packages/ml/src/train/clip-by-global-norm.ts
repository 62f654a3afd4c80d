/** Gradient clipping by global norm, which tfjs does not provide. */
import * as tf from '@tensorflow/tfjs';

/** Clipped gradients (same names as the input) and the global norm before clipping. */
export interface ClippedGradients {
  readonly grads: tf.NamedTensorMap;
  /** A scalar: the square root of the sum of squares of every gradient element. */
  readonly norm: tf.Scalar;
}

/**
 * Scales every gradient by `maxNorm / max(norm, maxNorm)`, where `norm` is the L2 norm of all gradients taken
 * together: gradients under the limit are unchanged, larger ones keep their direction at length `maxNorm`.
 * Computed without reading values back, so it does not stall the backend. `maxNorm` null only measures.
 * The caller owns (and disposes) the returned tensors; the inputs are left alone.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number | null): ClippedGradients {
  if (maxNorm !== null && !(maxNorm > 0 && Number.isFinite(maxNorm))) throw new Error(`gradient clip must be a positive finite number or null, got ${maxNorm}`);
  const names = Object.keys(grads);
  return tf.tidy(() => {
    const squares = names.map((n) => tf.sum(tf.square(grads[n]!)));
    const norm = tf.sqrt(squares.length === 0 ? tf.scalar(0) : tf.addN(squares)) as tf.Scalar;
    if (maxNorm === null) return { grads: Object.fromEntries(names.map((n) => [n, tf.clone(grads[n]!)])), norm };
    const limit = tf.scalar(maxNorm);
    const scale = tf.div(limit, tf.maximum(norm, limit));
    return { grads: Object.fromEntries(names.map((n) => [n, tf.mul(grads[n]!, scale)])), norm };
  });
}
