import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@seqsweep/core';
import { fusedLstm } from './fused-lstm-op.js';
import type { LstmKernelKind } from './lstm-kernel.js';
import { LstmWorkspace, createLstmKernel } from './lstm-workspace.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

interface Case {
  readonly batch: number;
  readonly steps: number;
  readonly features: number;
  readonly units: number;
  readonly returnSequences: boolean;
}

function uniform(n: number, scale: number, label: string): Float32Array {
  const rng = createRng(n, label);
  return Float32Array.from({ length: n }, () => scale * (2 * rng.next() - 1));
}

/** The output, and the gradients of sum(y * r) for x, kernel, recurrent and bias. */
interface Result {
  readonly y: Float32Array;
  readonly grads: Float32Array[];
}

/** Same inputs and weights for both implementations: the weights are large enough to saturate some gates. */
function inputs(c: Case): { x: tf.Tensor3D; weights: tf.Tensor[]; r: tf.Tensor } {
  const H = c.units, G = 4 * H;
  const x = tf.tensor3d(uniform(c.batch * c.steps * c.features, 1, 'x'), [c.batch, c.steps, c.features]);
  const weights = [
    tf.tensor2d(uniform(c.features * G, 0.6, 'kernel'), [c.features, G]),
    tf.tensor2d(uniform(H * G, 0.6, 'recurrent'), [H, G]),
    tf.tensor1d(uniform(G, 0.5, 'bias')),
  ];
  const r = tf.tensor(uniform(c.batch * (c.returnSequences ? c.steps : 1) * H, 1, 'r'), c.returnSequences ? [c.batch, c.steps, H] : [c.batch, H]);
  return { x, weights, r };
}

/** Gradients of sum(y * r) for x and the three weights, which `weightsOf` turns into variables. */
function withGradients(c: Case, weightsOf: (w: tf.Tensor[]) => tf.Variable[], run: (x: tf.Tensor, w: tf.Variable[]) => tf.Tensor): Result {
  const { x, weights, r } = inputs(c);
  const xv = tf.variable(x);
  const wv = weightsOf(weights);
  const vars = [xv, ...wv];
  const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(run(xv, wv), r)) as tf.Scalar, vars);
  const y = tf.tidy(() => run(xv, wv).dataSync() as Float32Array);
  const out = { y, grads: vars.map((v) => grads[v.name]!.dataSync() as Float32Array) };
  tf.dispose([x, r, value, xv, ...weights, ...Object.values(grads)]);
  return out;
}

function layersLstm(c: Case): Result {
  if (c.steps === 1) return layersCell(c);
  const layer = tf.layers.lstm({ units: c.units, returnSequences: c.returnSequences, recurrentActivation: 'sigmoid', activation: 'tanh' });
  const built = (w: tf.Tensor[]): tf.Variable[] => {
    tf.tidy(() => layer.apply(tf.zeros([1, c.steps, c.features])) as tf.Tensor);
    layer.setWeights(w);
    return layer.trainableWeights.map((v) => v.read() as tf.Variable);
  };
  const result = withGradients(c, built, (x) => layer.apply(x) as tf.Tensor);
  layer.dispose();
  return result;
}

/**
 * One step through tfjs-layers' LSTM cell. The LSTM layer itself cannot differentiate a single step: its
 * Unpack gradient throws ("Argument tensors passed to stack must be a `Tensor[]`").
 */
function layersCell(c: Case): Result {
  const cell = tf.layers.lstmCell({ units: c.units, recurrentActivation: 'sigmoid', activation: 'tanh' });
  const built = (w: tf.Tensor[]): tf.Variable[] => {
    cell.build([null, c.features]);
    cell.setWeights(w);
    return cell.trainableWeights.map((v) => v.read() as tf.Variable);
  };
  const result = withGradients(c, built, (x) => {
    const zeros = tf.zeros([c.batch, c.units]);
    const [h] = cell.call([tf.squeeze(x, [1]), zeros, zeros], {}) as tf.Tensor[];
    return c.returnSequences ? tf.expandDims(h!, 1) : h!;
  });
  // A cell called directly counts as unused, so Layer.dispose refuses it: release its weights one by one.
  for (const w of cell.weights) w.dispose();
  return result;
}

function fused(c: Case, kind: LstmKernelKind): Result {
  const workspace = new LstmWorkspace(createLstmKernel(kind));
  const variables: tf.Variable[] = [];
  const weightsOf = (w: tf.Tensor[]): tf.Variable[] => {
    variables.push(...w.map((t) => tf.variable(t)));
    return variables;
  };
  const result = withGradients(c, weightsOf, (x, [k, u, b]) => fusedLstm(x, k!, u!, b!, { returnSequences: c.returnSequences, workspace }));
  tf.dispose(variables);
  return result;
}

/** max |a - b| over max |b|: the error relative to the tensor's scale. */
function relativeError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

const CASES: Case[] = [];
for (const units of [8, 16, 32]) {
  for (const [steps, batch] of [[1, 1], [1, 128], [28, 1], [28, 128], [784, 3]] as const) {
    CASES.push({ batch, steps, features: steps === 784 ? 1 : 28, units, returnSequences: true });
  }
}
CASES.push({ batch: 5, steps: 28, features: 16, units: 28, returnSequences: true });
CASES.push({ batch: 6, steps: 30, features: 16, units: 1, returnSequences: true });
CASES.push({ batch: 7, steps: 28, features: 16, units: 28, returnSequences: false });
CASES.push({ batch: 130, steps: 9, features: 3, units: 5, returnSequences: false });

describe('fused LSTM against tfjs-layers', () => {
  for (const c of CASES) {
    const label = `B=${c.batch} T=${c.steps} F=${c.features} H=${c.units}${c.returnSequences ? '' : ' last step'}`;
    it(`${label}: outputs and every gradient within 1e-4 relative, on both kernels`, () => {
      const reference = layersLstm(c);
      for (const kind of ['wasm', 'js'] as const) {
        const got = fused(c, kind);
        const errors = [got.y, ...got.grads].map((a, i) => relativeError(a, [reference.y, ...reference.grads][i]!));
        expect({ kind, errors: errors.map((e) => e <= 1e-4 ? 'ok' : e) }).toEqual({ kind, errors: ['ok', 'ok', 'ok', 'ok', 'ok'] });
      }
    });
  }
});

describe('fused LSTM outside a gradient tape', () => {
  it('runs the inference pass: the same y, bit for bit, as the forward pass a gradient records', () => {
    const c: Case = { batch: 70, steps: 9, features: 5, units: 32, returnSequences: true };
    const { x, weights, r } = inputs(c);
    const workspace = new LstmWorkspace(createLstmKernel('wasm'));
    const [k, u, b] = weights.map((w) => tf.variable(w));
    const run = () => fusedLstm(x, k!, u!, b!, { returnSequences: true, workspace });
    let recorded: Float32Array | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const y = run();
      recorded = y.dataSync() as Float32Array;
      return tf.sum(tf.mul(y, r)) as tf.Scalar;
    }, [k!, u!, b!]);
    const inferred = tf.tidy(() => run().dataSync() as Float32Array);
    expect(Buffer.from(inferred.buffer).equals(Buffer.from(recorded!.buffer))).toBe(true);
    tf.dispose([x, r, value, k!, u!, b!, ...weights, ...Object.values(grads)]);
  });
});
