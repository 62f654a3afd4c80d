import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../data/index.js';
import { createRng } from '@seqsweep/core';
import { ModelOptions, TaskOptions, TrainOptions } from '@seqsweep/core';
import { trainModel } from './train-model.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('lstm-ae-classifier on MNIST rows', () => {
  it('reaches well above chance validation accuracy on 2,000 real digits in 3 epochs', async () => {
    const dataset = await loadDataset(TaskOptions.parse({ name: 'mnist', mode: 'rows', limit: 2000 }), { seed: 1 });
    expect([dataset.size, dataset.steps, dataset.features, dataset.numClasses]).toEqual([2000, 28, 28, 10]);
    const order = createRng(1, 'test:split').shuffle(Int32Array.from({ length: 2000 }, (_, i) => i));
    const outcome = await trainModel({
      dataset, model: ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 16 }),
      train: TrainOptions.parse({ epochs: 3, batchSize: 32, learningRate: 0.01 }), seed: 1,
      trainIndices: order.subarray(0, 1600), valIndices: order.subarray(1600),
    });
    expect(outcome.status).toBe('completed');
    const accuracy = outcome.history.map((e) => e.valAccuracy!);
    // Chance is 10%; this setting measured 53%, 70% and 76% here.
    expect(Math.max(...accuracy)).toBeGreaterThan(0.4);
    expect(accuracy[2]).toBeGreaterThan(accuracy[0]! - 0.05);
    expect(Object.keys(outcome.history[0]!).sort()).toEqual(['accuracy', 'loss', 'reconLoss', 'taskLoss', 'valAccuracy', 'valLoss', 'valReconLoss', 'valTaskLoss']);
    expect(outcome.history[2]!.valReconLoss).toBeLessThan(outcome.history[0]!.valReconLoss!);
  });
});
