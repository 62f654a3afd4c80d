import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SequenceDataset } from '../data/types.js';
import { ErrorCode, UserError } from '@seqsweep/core';
import { buildModel } from '../models/registry.js';
import { createRng } from '@seqsweep/core';
import { ModelOptions, TrainOptions } from '@seqsweep/core';
import { loadModel, saveModel } from './model-files.js';
import { predict } from './predict.js';
import { trainModel } from './train-model.js';

let root: string;

beforeAll(async () => {
  await tf.setBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'seqsweep-model-files-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function dataset(): SequenceDataset {
  const rng = createRng(1, 'test:files');
  const x = Float32Array.from({ length: 40 * 5 * 2 }, () => rng.next());
  const labels = Int32Array.from({ length: 40 }, (_, i) => i % 3);
  return { task: 'random', kind: 'classification', size: 40, steps: 5, features: 2, x, labels, numClasses: 3, info: { source: 'test' } };
}

const all = Int32Array.from({ length: 40 }, (_, i) => i);

describe('saveModel and loadModel', () => {
  it('round-trips a trained model: identical predictions and the meta beside it', async () => {
    const data = dataset();
    const before = tf.memory().numTensors;
    const outcome = await trainModel({
      dataset: data, model: ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 4 }), train: TrainOptions.parse({ epochs: 1, batchSize: 8 }),
      seed: 3, trainIndices: all.subarray(0, 32), valIndices: all.subarray(32), keepModel: true,
    });
    const dir = join(root, 'trained');
    const meta = { spec: { name: 'files' }, params: { learningRate: 0.001 }, backend: tf.getBackend() };
    expect(await saveModel(outcome.model!, dir, meta)).toEqual(['model.json', 'weights.bin', 'meta.json']);
    expect((await readdir(dir)).sort()).toEqual(['meta.json', 'model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);

    const loaded = await loadModel(dir);
    expect(loaded.meta).toEqual(meta);
    const original = predict(outcome.model!, data, all);
    const reloaded = predict(loaded.model, data, all, { batchSize: 7 });
    expect(reloaded.reconstruction).toEqual(original.reconstruction);
    expect(reloaded.logits).toEqual(original.logits);
    expect(original.logits).toHaveLength(40 * 3);
    expect(original.reconstruction).toHaveLength(40 * 5 * 2);
    outcome.model!.dispose();
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads a model saved without meta.json as empty meta', async () => {
    const model = buildModel(ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 3 }), { steps: 5, features: 2 }, 1);
    const dir = join(root, 'no-meta');
    await saveModel(model, dir, {});
    await rm(join(dir, 'meta.json'));
    const loaded = await loadModel(dir);
    expect(loaded.meta).toEqual({});
    expect(loaded.model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(model.getWeights().map((w) => Array.from(w.dataSync())));
    model.dispose();
    loaded.model.dispose();
  });

  it('reports a missing directory as a UserError with a fix', async () => {
    const error = await loadModel(join(root, 'nowhere')).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe(ErrorCode.ModelNotFound);
    expect((error as UserError).message).toMatch(/no saved model at .*nowhere/);
    expect((error as UserError).fix).toMatch(/model\.json/);
  });
});
