import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from './clip-by-global-norm.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

function run(grads: Record<string, number[]>, maxNorm: number | null): { norm: number; grads: Record<string, number[]> } {
  const inputs = Object.fromEntries(Object.entries(grads).map(([k, v]) => [k, tf.tensor1d(v)]));
  const clipped = clipByGlobalNorm(inputs, maxNorm);
  const out = { norm: clipped.norm.dataSync()[0]!, grads: Object.fromEntries(Object.entries(clipped.grads).map(([k, t]) => [k, Array.from(t.dataSync())])) };
  tf.dispose([clipped.norm, ...Object.values(clipped.grads), ...Object.values(inputs)]);
  return out;
}

describe('clipByGlobalNorm', () => {
  it('scales every gradient by maxNorm / globalNorm when the global norm is over the limit', () => {
    // Hand computation: sqrt(3^2 + 4^2 + 12^2) = 13, so the scale is 2.6 / 13 = 0.2.
    const { norm, grads } = run({ a: [3, 4], b: [12] }, 2.6);
    expect(norm).toBeCloseTo(13, 5);
    expect(grads.a![0]).toBeCloseTo(0.6, 6);
    expect(grads.a![1]).toBeCloseTo(0.8, 6);
    expect(grads.b![0]).toBeCloseTo(2.4, 6);
    const after = Math.hypot(...grads.a!, ...grads.b!);
    expect(after).toBeCloseTo(2.6, 5);
  });

  it('leaves gradients under the limit unchanged, and only measures without a limit', () => {
    expect(run({ a: [0.3], b: [0.4] }, 1)).toEqual({ norm: expect.closeTo(0.5, 6), grads: { a: [expect.closeTo(0.3, 6)], b: [expect.closeTo(0.4, 6)] } });
    const unclipped = run({ a: [30], b: [40] }, null);
    expect(unclipped.norm).toBeCloseTo(50, 4);
    expect(unclipped.grads).toEqual({ a: [30], b: [40] });
  });

  it('keeps the direction of clipped gradients, differs from per-tensor clipping, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const { grads } = run({ a: [1, 0], b: [0, 1] }, 1);
    // Per-tensor clipping would leave both at norm 1; the global norm sqrt(2) scales both by 1/sqrt(2).
    expect(grads.a![0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(grads.b![1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a limit that is not a positive number', () => {
    expect(() => clipByGlobalNorm({}, 0)).toThrow(/positive/);
  });
});
