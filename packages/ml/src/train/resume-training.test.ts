import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError, ModelOptions, TrainOptions, type TrainOptionsInput } from '@seqsweep/core';
import { classDataset, range, sineDataset, toyDataset } from '../../test-support/train-datasets.js';
import type { SequenceDataset } from '../data/types.js';
import { listModels } from '../models/registry.js';
import { CHECKPOINT_VERSION, decodeCheckpoint, encodeCheckpoint, type TrainCheckpoint } from './checkpoint-format.js';
import { trainModel } from './train-model.js';
import type { TrainArgs, TrainOutcome } from './train-types.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** A tiny dataset of the kind each built-in model trains on. */
const DATASETS: Record<string, () => Promise<SequenceDataset> | SequenceDataset> = {
  'lstm-ae': () => toyDataset(40, 6, 1),
  'lstm-ae-classifier': () => classDataset(40),
  'lstm-ae-predictor': () => sineDataset(40, 6),
};

const OPTIMIZERS: TrainOptionsInput[] = [
  { optimizer: 'adam', learningRate: 0.02 },
  { optimizer: 'sgd', learningRate: 0.2 },
  { optimizer: 'sgd', learningRate: 0.1, momentum: 0.9 },
];

/** Arguments of a run of `name` on its tiny dataset, with validation and early stopping on. */
async function runArgs(name: string, optimizer: TrainOptionsInput, epochs: number): Promise<TrainArgs> {
  return {
    dataset: await DATASETS[name]!(), model: ModelOptions.parse({ name, hiddenSize: 3 }), seed: 11,
    train: TrainOptions.parse({ epochs, batchSize: 8, patience: 3, ...optimizer }), trainIndices: range(0, 30), valIndices: range(30, 40),
  };
}

/** The bytes of every weight of a kept model, then disposes it. */
function weightBytes(outcome: TrainOutcome): Uint8Array[] {
  const bytes = outcome.model!.getWeights().map((w) => new Uint8Array(Float32Array.from(w.dataSync()).buffer));
  outcome.model!.dispose();
  return bytes;
}

/** Everything of a checkpoint but the weights' and slots' names (tfjs numbers its layers per process). */
function stateOf(c: TrainCheckpoint) {
  const arrays = (ts: TrainCheckpoint['weights']) => ts.map((t) => ({ shape: t.shape, bytes: new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength) }));
  return { ...c, weights: arrays(c.weights), optimizer: { ...c.optimizer, slots: arrays(c.optimizer.slots) } };
}

describe('trainModel from a checkpoint', () => {
  it('covers every built-in model', () => {
    expect(listModels().filter((m) => !m.name.startsWith('module:')).map((m) => m.name).sort()).toEqual(Object.keys(DATASETS).sort());
  });

  for (const name of Object.keys(DATASETS)) {
    for (const optimizer of OPTIMIZERS) {
      it(`${name}, ${JSON.stringify(optimizer)}: E1 epochs and then E2 more give the bits of E1 + E2 straight`, async () => {
        const before = tf.memory().numTensors;
        const args = await runArgs(name, optimizer, 5);
        const straight = await trainModel({ ...args, keepModel: true, checkpoint: true });
        const first = await trainModel({ ...args, untilEpoch: 2, checkpoint: true });
        expect(first.status).toBe('completed');
        const saved = decodeCheckpoint(first.checkpoint!);
        expect(saved).toMatchObject({ version: CHECKPOINT_VERSION, epoch: 2, history: first.history });
        const progress: number[] = [];
        const rest = await trainModel({ ...args, resumeFrom: saved, keepModel: true, checkpoint: true, onEpoch: (_, i) => progress.push(i) });

        expect(rest.status).toBe(straight.status);
        expect(rest.history).toEqual(straight.history);
        expect(rest.bestEpoch).toBe(straight.bestEpoch);
        expect(rest.metrics).toEqual(straight.metrics);
        expect(progress).toEqual(straight.history.slice(2).map((_, i) => i + 2));
        expect(weightBytes(rest)).toEqual(weightBytes(straight));
        // The optimizer's moments, the shuffle and the stop rules are where the straight run left them too.
        expect(stateOf(decodeCheckpoint(rest.checkpoint!))).toEqual(stateOf(decodeCheckpoint(straight.checkpoint!)));
        // tfjs's MomentumOptimizer never disposes its scalar of -learningRate: one tensor per run of the three.
        expect(tf.memory().numTensors).toBe(before + (optimizer.momentum ? 3 : 0));
      });
    }
  }

  it('stops early after the checkpoint where the straight run stops, and trains nothing more once stopped', async () => {
    // Adam at 0.2 with patience 1 stops this run after its fifth epoch.
    const args = { ...(await runArgs('lstm-ae', {}, 12)), train: TrainOptions.parse({ epochs: 12, batchSize: 8, optimizer: 'adam', learningRate: 0.2, patience: 1 }) };
    const straight = await trainModel({ ...args, untilEpoch: 8, checkpoint: true });
    expect(straight.history).toHaveLength(5);
    const first = await trainModel({ ...args, untilEpoch: 3, checkpoint: true });
    const stopped = await trainModel({ ...args, untilEpoch: 8, resumeFrom: decodeCheckpoint(first.checkpoint!), checkpoint: true });
    expect(stopped).toMatchObject({ status: 'completed', history: straight.history, bestEpoch: straight.bestEpoch, metrics: straight.metrics });
    const saved = decodeCheckpoint(stopped.checkpoint!);
    expect(saved).toMatchObject({ epoch: 5, early: { stopped: true, since: 1 } });
    expect(stateOf(saved)).toEqual(stateOf(decodeCheckpoint(straight.checkpoint!)));
    const epochs: number[] = [];
    const again = await trainModel({ ...args, resumeFrom: saved, checkpoint: true, onEpoch: (_, i) => epochs.push(i) });
    expect(epochs).toEqual([]);
    expect(again).toMatchObject({ status: 'completed', history: straight.history, bestEpoch: straight.bestEpoch, metrics: straight.metrics });
    expect(stateOf(decodeCheckpoint(again.checkpoint!))).toEqual(stateOf(saved));
  });

  it('reports progress against the rung budget, counting epochs from the first', async () => {
    const args = { ...(await runArgs('lstm-ae', {}, 4)), train: TrainOptions.parse({ epochs: 4, batchSize: 30, progressIntervalMs: 3_600_000 }) };
    const first = await trainModel({ ...args, untilEpoch: 1, checkpoint: true });
    const ends: string[] = [];
    await trainModel({ ...args, untilEpoch: 3, resumeFrom: decodeCheckpoint(first.checkpoint!), onProgress: (p) => p.valLoss !== undefined && ends.push(`${p.epoch}/${p.epochs}`) });
    expect(ends).toEqual(['2/3', '3/3']);
  });

  it('leaves no checkpoint for a diverged run', async () => {
    const args = await runArgs('lstm-ae', {}, 2);
    const outcome = await trainModel({ ...args, train: TrainOptions.parse({ epochs: 2, batchSize: 8, divergenceFactor: 0.5 }), checkpoint: true });
    expect(outcome.status).toBe('diverged');
    expect(outcome.checkpoint).toBeUndefined();
  });

  it('refuses a checkpoint of another run, and one past the budget, with a CheckpointError (a DataError)', async () => {
    const args = await runArgs('lstm-ae', {}, 4);
    const saved = decodeCheckpoint((await trainModel({ ...args, untilEpoch: 2, checkpoint: true })).checkpoint!);
    const refusal = (changed: Partial<TrainArgs>) => trainModel({ ...args, ...changed, resumeFrom: saved }).then(() => 'trained', (e: Error) => `${e.name}: ${e.message}`);
    await expect(trainModel({ ...args, seed: 12, resumeFrom: saved })).rejects.toBeInstanceOf(DataError);
    expect(await refusal({ seed: 12 })).toBe('CheckpointError: the training checkpoint does not fit this run: its seed is 11, this run\'s is 12');
    expect(await refusal({ model: ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 4 }) })).toMatch(/^CheckpointError: the training checkpoint does not fit this run: its model options are \{.*"hiddenSize":3.*\}, this run's are \{.*"hiddenSize":4.*\}$/);
    expect(await refusal({ train: { ...args.train, learningRate: 0.5 } })).toMatch(/its train options are .*"learningRate":0\.001.*, this run's are .*"learningRate":0\.5/);
    expect(await refusal({ trainIndices: range(1, 31) })).toMatch(/its training samples are not this run's$/);
    expect(await refusal({ dataset: await toyDataset(40, 7, 1) })).toMatch(/its data is .*"steps":6.*, this run's is .*"steps":7/);
    expect(await refusal({ untilEpoch: 1 })).toBe('CheckpointError: the training checkpoint holds 2 epochs, more than the 1 this run trains to');
    // The budget is a rung's: it may differ, and so may the throttle of progress.
    expect(await refusal({ train: { ...args.train, epochs: 9, progressIntervalMs: 0 } })).toBe('trained');
    await expect(trainModel({ ...args, untilEpoch: 5 })).rejects.toThrow(/untilEpoch must be a whole number from 1 to train.epochs \(4\), got 5/);
  });

  it('decodes only the bytes it encodes', async () => {
    const args = await runArgs('lstm-ae-classifier', {}, 1);
    const bytes = (await trainModel({ ...args, checkpoint: true })).checkpoint!;
    expect(encodeCheckpoint(decodeCheckpoint(bytes))).toEqual(bytes);
    // At an odd offset in a larger buffer, as a transport may hand it over.
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(stateOf(decodeCheckpoint(shifted.subarray(3)))).toEqual(stateOf(decodeCheckpoint(bytes)));
    const unreadable = (b: Uint8Array) => {
      try {
        decodeCheckpoint(b);
        return 'decoded';
      } catch (e) {
        return `${(e as Error).name} ${(e as { code?: string }).code}: ${(e as Error).message}`;
      }
    };
    expect(unreadable(new TextEncoder().encode('{"epoch": 2}'))).toBe('CheckpointError DATA_CORRUPT: the training checkpoint is not readable: it does not start with the checkpoint magic "SQSWCKPT"');
    const v2 = Uint8Array.from(bytes);
    new DataView(v2.buffer).setUint32(8, 2, true);
    expect(unreadable(v2)).toMatch(/it is format version 2, and this seqsweep reads version 1$/);
    expect(unreadable(bytes.subarray(0, bytes.length - 4))).toMatch(/it is \d+ bytes long, and its header describes \d+$/);
    expect(unreadable(bytes.subarray(0, 40))).toMatch(/its header of \d+ bytes runs past its 40 bytes$/);
    const badHeader = Uint8Array.from(bytes);
    badHeader[16] = 0x7b;
    badHeader[17] = 0x7b;
    expect(unreadable(badHeader)).toMatch(/its header is not JSON/);
    const wrongEpoch = encodeCheckpoint({ ...decodeCheckpoint(bytes), epoch: 3 });
    expect(unreadable(wrongEpoch)).toMatch(/it says 3 epochs and holds a history of 1$/);
  });
});
