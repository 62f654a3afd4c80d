import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { createRng } from '@seqsweep/core';
import { applyAdam, globalNormScale, isAdam } from './fused-adam.js';
import { setDefaultLstmKernel } from './lstm-workspace.js';
import { nativeAdam, nativeLstmAddon } from './native-kernel.js';

const same = (a: Float32Array, b: Float32Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Three Adam steps on two variables, by tfjs's applyGradients or by applyAdam; everything the optimizer holds after. */
async function train(fused: boolean, clip: boolean, tag: string): Promise<{ values: Float32Array[]; weights: { name: string; values: Float32Array }[]; iterations: number }> {
  const rng = createRng(3, 'fused-adam');
  const values = (n: number, scale: number) => Float32Array.from({ length: n }, () => scale * (2 * rng.next() - 1));
  const a = tf.tidy(() => tf.variable(tf.tensor2d(values(12, 1), [3, 4]), true, `${tag}_a`));
  const b = tf.tidy(() => tf.variable(tf.tensor1d(values(5, 0.1)), true, `${tag}_b`));
  const optimizer = tf.train.adam(0.01);
  for (let step = 0; step < 3; step++) {
    const grads = { [a.name]: tf.tensor2d(values(12, 3), [3, 4]), [b.name]: tf.tensor1d(values(5, 1e-3)) };
    const scale = tf.scalar(clip ? 0.37 : 1);
    if (fused) applyAdam(optimizer, grads, clip ? 0.37 : undefined);
    else {
      const scaled = clip ? Object.fromEntries(Object.entries(grads).map(([n, g]) => [n, tf.mul(g, scale)])) : grads;
      optimizer.applyGradients(scaled);
      if (clip) tf.dispose(Object.values(scaled));
    }
    tf.dispose([scale, ...Object.values(grads)]);
  }
  const named = await optimizer.getWeights();
  const weights = named.map((w) => ({ name: w.name.replace(tag, ''), values: w.tensor.dataSync() as Float32Array }));
  tf.dispose(named.map((w) => w.tensor));
  const out = { values: [a, b].map((v) => v.dataSync() as Float32Array), weights, iterations: optimizer.iterations };
  const before = tf.memory().numTensors;
  optimizer.dispose();
  tf.dispose([a, b]);
  expect(tf.memory().numTensors).toBeLessThan(before);
  return out;
}

// The update runs in native code where the native kernel runs, else in JavaScript (the process chose wasm or js).
const updates = nativeLstmAddon().addon === null ? ['js'] as const : ['native', 'js'] as const;
const cases = ['wasm', 'cpu'].flatMap((backend) => updates.map((update) => ({ backend, update })));

describe.each(cases)('fused Adam on the $backend backend, computed in $update', ({ backend, update }) => {
  it.each([false, true])('gives tfjs Adam\'s weights, moments and state bit for bit (clipping scale: %s)', async (clip) => {
    await tf.setBackend(backend);
    setDefaultLstmKernel(update === 'native' ? 'auto' : 'js');
    try {
      expect(nativeAdam(update === 'native' ? 'auto' : 'js') !== undefined).toBe(update === 'native');
      const before = tf.memory().numTensors;
      const reference = await train(false, clip, `ref${backend}${update}${clip}`);
      const fused = await train(true, clip, `fused${backend}${update}${clip}`);
      expect(fused.iterations).toBe(reference.iterations);
      expect(fused.values.map((v, i) => same(v, reference.values[i]!))).toEqual([true, true]);
      expect(fused.weights.map((w) => w.name)).toEqual(reference.weights.map((w) => w.name));
      expect(fused.weights.map((w, i) => same(w.values, reference.weights[i]!.values))).toEqual(fused.weights.map(() => true));
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      setDefaultLstmKernel('auto');
    }
  });
});

// The best instruction set's step is checked against tfjs above; every other one the CPU runs must give its bits.
const addon = nativeLstmAddon();
if (addon.addon !== null) {
  const sets = addon.addon;
  describe('the native Adam step', () => {
    const rng = createRng(8, 'native-adam');
    const n = 1000;
    const values = (scale: number) => Float32Array.from({ length: n }, () => scale * (2 * rng.next() - 1));
    const [value, m, grad] = [values(1), values(0.1), values(5)];
    const v = Float32Array.from(values(0.01), Math.abs);
    const step = (isa: (typeof addon.isas)[number], scaled: number) => {
      const out = new Float32Array(3 * n);
      sets[isa]!.adam!(value, m, v, grad, Float32Array.from([0.9, 0.999, 0.1, 0.001, 1e-7, -0.01, 0.271, 0.003, 0.37, scaled]), out);
      return out;
    };
    for (const isa of addon.isas) {
      it(`${isa}: gives the bits of ${addon.isa}, with and without a clipping factor`, () => {
        for (const scaled of [0, 1]) expect(same(step(isa, scaled), step(addon.isa, scaled))).toBe(true);
      });
    }
  });
}

describe('which optimizers run fused', () => {
  it('is Adam alone (tfjs answers instanceof by duck typing)', () => {
    const optimizers = [tf.train.adam(0.1), tf.train.sgd(0.1), tf.train.momentum(0.1, 0.9), tf.train.rmsprop(0.1)];
    expect(optimizers.map(isAdam)).toEqual([true, false, false, false]);
    optimizers.forEach((o) => o.dispose());
  });
});

describe('the clipping factor', () => {
  it('is 1 exactly within the limit, else the limit over the global norm, to float32 rounding', async () => {
    await tf.setBackend('wasm');
    const grads = { a: tf.tensor2d([3, -4, 0.5, 2], [2, 2]), b: tf.tensor1d([1e-3, -12]) };
    const norm = Math.sqrt(9 + 16 + 0.25 + 4 + 1e-6 + 144);
    expect(globalNormScale(grads, 20)).toBe(1);
    expect(Math.abs(globalNormScale(grads, 1) - 1 / norm) / (1 / norm)).toBeLessThan(2e-7);
    expect(Math.abs(globalNormScale(grads, 5) - 5 / norm) / (5 / norm)).toBeLessThan(2e-7);
    const nan = tf.tensor1d([NaN]);
    expect(Number.isNaN(globalNormScale({ a: nan }, 1))).toBe(true);
    nan.dispose();
    expect(() => globalNormScale(grads, 0)).toThrow(/gradient clip must be a positive finite number, got 0/);
    tf.dispose(Object.values(grads));
  });
});
