import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createRng } from '@seqsweep/core';
import { meanSquaredError } from './losses.js';

const bits = (t: tf.Tensor) => Buffer.from((t.dataSync() as Float32Array).buffer).toString('hex');

describe.each(['wasm', 'cpu'])('the reconstruction MSE on the %s backend', (backend) => {
  it('gives tfjs\'s meanSquaredError value and gradients bit for bit', async () => {
    await tf.setBackend(backend);
    const rng = createRng(5, 'mse');
    const values = (n: number) => Float32Array.from({ length: n }, () => 3 * (2 * rng.next() - 1));
    const labels = tf.tensor3d(values(7 * 5 * 3), [7, 5, 3]);
    const predictions = tf.tensor3d(values(7 * 5 * 3), [7, 5, 3]);
    const before = tf.memory().numTensors;
    // Scaled as the mixed loss scales it, so dy is not 1.
    const grad = (loss: (l: tf.Tensor, p: tf.Tensor) => tf.Tensor) => tf.grads((l: tf.Tensor, p: tf.Tensor) => tf.mul(loss(l, p), 0.3));
    const reference = grad((l, p) => tf.losses.meanSquaredError(l, p))([labels, predictions]);
    const fused = grad(meanSquaredError)([labels, predictions]);
    expect(fused.map(bits)).toEqual(reference.map(bits));
    const [a, b] = [tf.losses.meanSquaredError(labels, predictions), meanSquaredError(labels, predictions)];
    expect(bits(b)).toBe(bits(a));
    tf.dispose([...reference, ...fused, a, b]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([labels, predictions]);
  });
});
