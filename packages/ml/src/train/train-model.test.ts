import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '@seqsweep/core';
import { buildModel } from '../models/registry.js';
import { ModelOptions, TrainOptions, type TrainOptionsInput } from '@seqsweep/core';
import { classDataset, range, sineDataset, toyDataset } from '../../test-support/train-datasets.js';
import { evaluateModel } from './evaluate-model.js';
import { trainModel } from './train-model.js';
import type { TrainProgress } from './train-types.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const train = (input: TrainOptionsInput): TrainOptions => TrainOptions.parse(input);

describe('trainModel', () => {
  it('lstm-ae halves the validation MSE of the toy signal within a few epochs', async () => {
    const dataset = await toyDataset(512, 20, 1);
    const model = ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 16 });
    const options = train({ epochs: 4, batchSize: 32, learningRate: 0.02 });
    const valIndices = range(384, 512);
    const untrained = buildModel(model, { steps: 20, features: 1 }, 7);
    const initial = evaluateModel(untrained, dataset, valIndices, model, options).loss!;
    untrained.dispose();

    const outcome = await trainModel({ dataset, model, train: options, seed: 7, trainIndices: range(0, 384), valIndices });
    expect(outcome.status).toBe('completed');
    expect(outcome.history).toHaveLength(4);
    const last = outcome.history.at(-1)!;
    expect(last.valLoss).toBeLessThan(initial / 2);
    expect(last.valLoss).toBeLessThan(outcome.history[0]!.valLoss! / 2);
    expect(Object.keys(last).sort()).toEqual(['loss', 'reconLoss', 'valLoss', 'valReconLoss']);
    expect(outcome.metrics).toEqual(outcome.history[outcome.bestEpoch]);
    expect(outcome.samplesPerSecond).toBeGreaterThan(0);
    expect(outcome.model).toBeUndefined();
  });

  it('holds the tensor count steady from epoch to epoch and releases everything at the end', async () => {
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const outcome = await trainModel({
      dataset: classDataset(60), model: ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 4 }),
      train: train({ epochs: 3, batchSize: 16 }), seed: 1, trainIndices: range(0, 45), valIndices: range(45, 60),
      onEpoch: () => counts.push(tf.memory().numTensors),
    });
    expect(outcome.status).toBe('completed');
    expect(counts).toHaveLength(3);
    expect(counts[2]).toBe(counts[0]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ends a blow-up caused by a huge learning rate as diverged, with its history so far', async () => {
    const before = tf.memory().numTensors;
    const outcome = await trainModel({
      dataset: classDataset(96), model: ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 4 }),
      train: train({ epochs: 20, batchSize: 16, optimizer: 'sgd', learningRate: 1e4, gradientClip: null }),
      seed: 2, trainIndices: range(0, 64), valIndices: range(64, 96),
    });
    expect(outcome.status).toBe('diverged');
    expect(outcome.reason).toMatch(/training loss/);
    expect(outcome.history.length).toBeLessThan(20);
    expect(outcome.history.at(-1)!.valLoss).toBeNull();
    for (const entry of outcome.history) for (const v of Object.values(entry)) expect(v === null || Number.isFinite(v)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ends as diverged when the loss exceeds divergenceFactor times the first loss', async () => {
    const outcome = await trainModel({
      dataset: await toyDataset(64, 8, 2), model: ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 4 }),
      // Below 1 every running loss is "above" the factor, so this exercises the ratio rule deterministically.
      train: train({ epochs: 2, batchSize: 16, divergenceFactor: 0.5 }), seed: 3, trainIndices: range(0, 48), valIndices: range(48, 64),
    });
    expect(outcome.status).toBe('diverged');
    expect(outcome.reason).toMatch(/exceeded 0.5 x the first loss/);
    expect(outcome.history).toHaveLength(1);
    expect(outcome.bestEpoch).toBe(-1);
    expect(outcome.metrics).toEqual({});
  });

  it('stops promptly when aborted and disposes the model even with keepModel', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let batches = 0;
    const outcome = await trainModel({
      dataset: await toyDataset(256, 10, 3), model: ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 4 }),
      train: train({ epochs: 50, batchSize: 8, progressIntervalMs: 0 }), seed: 4, trainIndices: range(0, 200), valIndices: range(200, 256),
      keepModel: true, signal: controller.signal,
      onProgress: () => {
        batches += 1;
        if (batches === 3) controller.abort();
      },
    });
    expect(outcome.status).toBe('aborted');
    expect(batches).toBe(3);
    expect(outcome.history).toEqual([]);
    expect(outcome.model).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports progress per batch at interval 0, and at least once per epoch end when throttled', async () => {
    const args = {
      dataset: await toyDataset(40, 6, 4), model: ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 3 }),
      seed: 5, trainIndices: range(0, 30), valIndices: range(30, 40),
    };
    const every: TrainProgress[] = [];
    await trainModel({ ...args, train: train({ epochs: 2, batchSize: 10, progressIntervalMs: 0 }), onProgress: (p) => every.push(p) });
    expect(every.map((p) => `${p.epoch}/${p.epochs}:${p.batch}/${p.batches}${p.valLoss === undefined ? '' : ' end'}`)).toEqual([
      '1/2:1/3', '1/2:2/3', '1/2:3/3', '1/2:3/3 end', '2/2:1/3', '2/2:2/3', '2/2:3/3', '2/2:3/3 end',
    ]);
    const throttled: TrainProgress[] = [];
    await trainModel({ ...args, train: train({ epochs: 2, batchSize: 10, progressIntervalMs: 3_600_000 }), onProgress: (p) => throttled.push(p) });
    expect(throttled.filter((p) => p.valLoss !== undefined)).toHaveLength(2);
    expect(throttled).toHaveLength(3);
  });

  it('is deterministic for a seed and trains the predictor head', async () => {
    const args = {
      dataset: sineDataset(80, 8), model: ModelOptions.parse({ name: 'lstm-ae-predictor', hiddenSize: 6 }),
      train: train({ epochs: 3, batchSize: 16, learningRate: 0.02, reconstructionWeight: 0.3 }), seed: 9,
      trainIndices: range(0, 64), valIndices: range(64, 80), keepModel: true,
    };
    const first = await trainModel(args);
    const second = await trainModel(args);
    const history = (o: { history: EpochMetrics[] }) => o.history;
    expect(history(second)).toEqual(history(first));
    expect(Object.keys(first.history[0]!).sort()).toEqual(['loss', 'reconLoss', 'taskLoss', 'valLoss', 'valReconLoss', 'valTaskLoss']);
    expect(first.history[2]!.valTaskLoss).toBeLessThan(first.history[0]!.valTaskLoss!);
    // Scoring the kept model reproduces the last epoch's validation figures.
    const scored = evaluateModel(first.model!, args.dataset, args.valIndices, args.model, args.train);
    expect(scored.loss).toBeCloseTo(first.history[2]!.valLoss!, 5);
    expect(scored.mse).toBe(scored.taskLoss);
    first.model!.dispose();
    second.model!.dispose();
  });

  it('rejects a model that does not fit the task with a UserError', async () => {
    await expect(trainModel({
      dataset: await toyDataset(10, 6, 1), model: ModelOptions.parse({ name: 'lstm-ae-classifier' }), train: train({}),
      seed: 1, trainIndices: range(0, 8), valIndices: range(8, 10),
    })).rejects.toMatchObject({ name: 'UserError', message: expect.stringMatching(/needs a classification task/) });
    await expect(trainModel({
      dataset: await toyDataset(10, 6, 1), model: ModelOptions.parse({ name: 'lstm-ae' }), train: train({}),
      seed: 1, trainIndices: range(0, 8), valIndices: Int32Array.of(10),
    })).rejects.toThrow(/validation index 10 is outside/);
  });
});
