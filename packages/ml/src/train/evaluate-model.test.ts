import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SequenceDataset } from '../data/types.js';
import { buildModel } from '../models/registry.js';
import { ModelOptions, TrainOptions } from '@seqsweep/core';
import { EVALUATION_BATCH, evaluateModel, evaluateModelAsync, evaluationBatchSize } from './evaluate-model.js';
import { predict } from './predict.js';

const steps = 4, features = 2, size = 30;
const x = Float32Array.from({ length: size * steps * features }, (_, i) => (i % 7) / 7);
const target = Float32Array.from({ length: size * steps * features }, (_, i) => ((i + 1) % 7) / 7);
const data: SequenceDataset = { task: 'pattern', kind: 'prediction', size, steps, features, x, target, info: { source: 'test' } };
const options = ModelOptions.parse({ name: 'lstm-ae-predictor', hiddenSize: 3 });
const train = TrainOptions.parse({ batchSize: 8, reconstructionWeight: 0.25 });
const all = Int32Array.from({ length: size }, (_, i) => i);
let model: tf.LayersModel;

beforeAll(async () => {
  await tf.setBackend('wasm');
  model = buildModel(options, { steps, features }, 1);
});

afterAll(() => model.dispose());

describe('evaluateModel', () => {
  it('mixes the losses by the reconstruction weight and reports the prediction MSE as mse', () => {
    const before = tf.memory().numTensors;
    const m = evaluateModel(model, data, all, options, train);
    expect(m.loss).toBeCloseTo(0.25 * m.reconLoss! + 0.75 * m.taskLoss!, 6);
    expect(m.mse).toBe(m.taskLoss);
    expect(m.accuracy).toBeUndefined();
    // The batched figures equal a hand computation over all samples at once.
    const out = predict(model, data, all);
    const mse = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length;
    expect(m.reconLoss).toBeCloseTo(mse(out.reconstruction, x), 6);
    expect(m.taskLoss).toBeCloseTo(mse(out.prediction!, target), 6);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives null metrics for an empty split, and the same figures asynchronously', async () => {
    expect(evaluateModel(model, data, new Int32Array(0), options, train)).toEqual({ loss: null, reconLoss: null, taskLoss: null, mse: null });
    expect(await evaluateModelAsync(model, data, all, options, train)).toEqual(evaluateModel(model, data, all, options, train));
    expect(await evaluateModelAsync(model, data, all, options, train, AbortSignal.abort())).toBeNull();
  });

  it('evaluates in batches of at least 512 samples, or the training batch when that is larger', () => {
    expect(EVALUATION_BATCH).toBe(512);
    expect(evaluationBatchSize({ batchSize: 8 })).toBe(512);
    expect(evaluationBatchSize({ batchSize: 1024 })).toBe(1024);
  });

  it('refuses a model whose outputs do not match the options', () => {
    expect(() => evaluateModel(model, data, all, ModelOptions.parse({ name: 'lstm-ae' }), train)).toThrow(/should have a none head/);
  });
});

describe('predict', () => {
  it('returns the outputs of the chosen samples, in their order', () => {
    const picked = Int32Array.of(3, 0);
    const out = predict(model, data, picked);
    const full = predict(model, data, all, { batchSize: 4 });
    const n = steps * features;
    expect(out.prediction).toHaveLength(2 * n);
    expect(out.reconstruction.subarray(0, n)).toEqual(full.reconstruction.subarray(3 * n, 4 * n));
    expect(out.prediction!.subarray(n)).toEqual(full.prediction!.subarray(0, n));
    expect(out.logits).toBeUndefined();
  });
});
