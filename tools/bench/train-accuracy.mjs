#!/usr/bin/env node
// The fused LSTM against tfjs-layers' LSTM with the same weights, on the full grid of the issue, big shapes
// included (the unit tests keep to the small ones): H in {8, 16, 32}, T in {1, 28, 784}, B in {1, 128}.
// Prints, per shape, the largest error of the output and of each gradient (of sum(y * r) for a fixed random r),
// relative to that tensor's largest magnitude, and whether all are within 1e-4. Build first.
//
//   node tools/bench/train-accuracy.mjs [--backend wasm|cpu] [--units 8,16,32] [--steps 1,28,784] [--batch 1,128]
import { createRng } from '@seqsweep/core';
import { printMachine } from '../lib/machine.mjs';
import { toolArgs } from '../lib/tool-args.mjs';

const { values: opts } = toolArgs(import.meta.url, {
  options: {
    backend: { type: 'string', default: 'auto' }, units: { type: 'string', default: '8,16,32' },
    steps: { type: 'string', default: '1,28,784' }, batch: { type: 'string', default: '1,128' },
  },
});
// Loaded once the flags are read, so that --help and a bad flag answer at once.
const tf = await import('@tensorflow/tfjs');
const { FusedLstm, selectBackend } = await import('@seqsweep/ml');
const list = (name) => opts[name].split(',').map(Number);
const TOLERANCE = 1e-4;

function uniform(n, scale, label) {
  const rng = createRng(n, label);
  return Float32Array.from({ length: n }, () => scale * (2 * rng.next() - 1));
}

/** Output and gradients for x and the layer's three weights, with the weights set to `weights` first. */
function run(layer, weights, x, r, forward) {
  layer.setWeights(weights);
  const xv = tf.variable(x);
  const vars = [xv, ...layer.trainableWeights.map((w) => w.read())];
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(forward(xv), r)), vars);
  const y = tf.tidy(() => forward(xv).dataSync());
  const out = [y, ...vars.map((v) => grads[v.name].dataSync())];
  tf.dispose([xv, value, ...Object.values(grads)]);
  return out;
}

function relativeError(a, b) {
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

function compare(B, T, F, H) {
  const G = 4 * H;
  const x = tf.tensor3d(uniform(B * T * F, 1, 'x'), [B, T, F]);
  const r = tf.tensor3d(uniform(B * T * H, 1, 'r'), [B, T, H]);
  const weights = [tf.tensor2d(uniform(F * G, 0.6, 'kernel'), [F, G]), tf.tensor2d(uniform(H * G, 0.6, 'recurrent'), [H, G]), tf.tensor1d(uniform(G, 0.5, 'bias'))];
  const fused = new FusedLstm({ units: H, returnSequences: true });
  tf.tidy(() => fused.apply(tf.zeros([1, T, F])));
  const got = run(fused, weights, x, r, (xv) => fused.apply(xv));
  let reference;
  if (T === 1) {
    // tfjs-layers' LSTM cannot differentiate a single step (its Unpack gradient throws): use its cell directly.
    const cell = tf.layers.lstmCell({ units: H, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' });
    cell.build([null, F]);
    const zeros = tf.zeros([B, H]);
    reference = run(cell, weights, x, r, (xv) => tf.expandDims(cell.call([tf.squeeze(xv, [1]), zeros, zeros], {})[0], 1));
    for (const w of cell.weights) w.dispose();
    zeros.dispose();
  } else {
    const layer = tf.layers.lstm({ units: H, returnSequences: true, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' });
    tf.tidy(() => layer.apply(tf.zeros([1, T, F])));
    reference = run(layer, weights, x, r, (xv) => layer.apply(xv));
    layer.dispose();
  }
  for (const w of fused.weights) w.dispose();
  tf.dispose([x, r, ...weights]);
  return got.map((a, i) => relativeError(a, reference[i]));
}

const backend = await selectBackend(opts.backend);
printMachine({ backend: backend.name });
console.log('errors are max |fused - layers| / max |layers| per tensor');
let worst = 0;
for (const H of list('units')) {
  for (const T of list('steps')) {
    for (const B of list('batch')) {
      const F = T > 100 ? 1 : 28;
      const t0 = performance.now();
      const [y, dx, dKernel, dRecurrent, dBias] = compare(B, T, F, H);
      worst = Math.max(worst, y, dx, dKernel, dRecurrent, dBias);
      const e = (v) => v.toExponential(1);
      console.log(JSON.stringify({ H, T, B, F, y: e(y), dx: e(dx), dKernel: e(dKernel), dRecurrent: e(dRecurrent), dBias: e(dBias),
        within: Math.max(y, dx, dKernel, dRecurrent, dBias) <= TOLERANCE, seconds: +((performance.now() - t0) / 1000).toFixed(1) }));
    }
  }
}
console.log(`largest relative error: ${worst.toExponential(2)} (tolerance ${TOLERANCE})`);
