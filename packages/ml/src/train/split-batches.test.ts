import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { sineDataset } from '../../test-support/train-datasets.js';
import { SplitBatches } from './split-batches.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('SplitBatches', () => {
  const dataset = sineDataset(50, 4);
  const indices = Int32Array.from([7, 3, 41, 0, 12, 9, 30]);

  it('hands out the same tensors on every pass when it keeps them, and frees them on dispose', () => {
    const before = tf.memory().numTensors;
    const split = new SplitBatches(dataset, indices, 3, 'prediction');
    expect(split.count).toBe(3);
    const first = [0, 1, 2].map((b) => split.take(b));
    for (const batch of first) split.release(batch);
    const second = [0, 1, 2].map((b) => split.take(b));
    expect(second).toEqual(first);
    expect(second.map((b) => b.size)).toEqual([3, 3, 1]);
    // Samples in index order: the last batch holds sample 30, its target one step on.
    expect(Array.from(second[2]!.x.dataSync())).toEqual(Array.from(dataset.x.subarray(30 * 4, 31 * 4)));
    expect(Array.from(second[2]!.target!.dataSync())).toEqual(Array.from(dataset.target!.subarray(30 * 4, 31 * 4)));
    expect(tf.memory().numTensors).toBe(before + 6);
    split.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => split.take(0)).toThrow(/disposed/);
  });

  it('gathers each batch again on every pass when the split is larger than it may keep', () => {
    const before = tf.memory().numTensors;
    const split = new SplitBatches(dataset, indices, 4, 'none', 0);
    const batch = split.take(1);
    expect(batch.size).toBe(3);
    expect(Array.from(batch.x.dataSync())).toEqual([12, 9, 30].flatMap((i) => Array.from(dataset.x.subarray(i * 4, i * 4 + 4))));
    split.release(batch);
    expect(tf.memory().numTensors).toBe(before);
    const again = split.take(1);
    expect(again).not.toBe(batch);
    split.release(again);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => split.take(2)).toThrow(RangeError);
  });
});
