import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelOptions, TrainOptions } from '@seqsweep/core';
import { classDataset, range } from '../../test-support/train-datasets.js';
import { KEPT_MODELS, ModelCache } from './model-cache.js';
import { trainModel } from './train-model.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('ModelCache', () => {
  const dataset = classDataset(90);
  const args = (seed: number, hiddenSize = 4) => ({
    dataset, model: ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize }), train: TrainOptions.parse({ epochs: 2, batchSize: 16 }),
    seed, trainIndices: range(0, 60), valIndices: range(60, 90),
  });

  it('trains a kept model from the seed of each run to the history of a model built afresh', async () => {
    const models = new ModelCache();
    const before = tf.memory().numTensors;
    // Seed 1 leaves a trained model behind; seed 2 must start from its own weights all the same.
    for (const seed of [1, 2, 1]) {
      const warm = await trainModel({ ...args(seed), models });
      const fresh = await trainModel(args(seed));
      expect(warm.history).toEqual(fresh.history);
      expect(models.size).toBe(1);
    }
    // A run that keeps its model takes none from the cache and gives none back.
    const kept = await trainModel({ ...args(3), models, keepModel: true });
    expect(models.size).toBe(1);
    kept.model!.dispose();
    models.clear();
    expect(models.size).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it(`keeps at most ${KEPT_MODELS} idle models, one per options and shape`, async () => {
    const models = new ModelCache();
    const before = tf.memory().numTensors;
    for (let h = 2; h < 3 + KEPT_MODELS; h++) await trainModel({ ...args(1, h), train: TrainOptions.parse({ epochs: 1, batchSize: 30 }), models });
    expect(models.size).toBe(KEPT_MODELS);
    models.clear();
    expect(tf.memory().numTensors).toBe(before);
  });
});
