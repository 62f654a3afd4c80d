import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../data/index.js';
import { ModelOptions, TaskOptions, TrainOptions } from '@seqsweep/core';
import { trainModel } from '../train/train-model.js';
import { FusedLstm } from './fused-lstm-layer.js';
import { defaultLstmImplementation, describeLstmImplementation, resolveLstmImplementation, setDefaultLstmImplementation } from './lstm-implementation.js';
import { autoLstmKernel } from '../kernels/index.js';
import { buildModel } from './registry.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

afterEach(() => {
  setDefaultLstmImplementation('auto');
});

const shape = { steps: 6, features: 3, numClasses: 4 };
const classNames = (model: tf.LayersModel) => model.layers.map((l) => l.getClassName()).filter((n) => n !== 'InputLayer' && n !== 'Dense');

describe('choosing the LSTM implementation', () => {
  it('builds the fused LSTM by default on wasm, and tfjs-layers on request', () => {
    expect(defaultLstmImplementation()).toBe('auto');
    expect(resolveLstmImplementation()).toBe('fused');
    const options = ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 4 });
    const fused = buildModel(options, shape, 1);
    const layers = buildModel(options, shape, 1, { lstm: 'layers' });
    expect(classNames(fused)).toEqual([FusedLstm.className, FusedLstm.className]);
    expect(classNames(layers)).toEqual(['LSTM', 'LSTM']);
    setDefaultLstmImplementation('layers');
    const byDefault = buildModel(options, shape, 1);
    expect(classNames(byDefault)).toEqual(['LSTM', 'LSTM']);
    tf.dispose([fused, layers, byDefault].map((m) => (m.dispose(), [])).flat());
    expect(() => setDefaultLstmImplementation('cudnn' as 'fused')).toThrow(/unknown LSTM implementation "cudnn"/);
  });

  it('says in one line which implementation and which kernel compute the LSTM layers, for the worker to log', () => {
    expect(describeLstmImplementation()).toBe(`fused LSTM, ${autoLstmKernel().description}`);
    expect(describeLstmImplementation()).toMatch(/^fused LSTM, (native kernel \((AVX-512|AVX2), (FMA|exact)\)|wasm SIMD kernel \(native passed over: .+\)|js kernel \(.+\))$/);
    expect(describeLstmImplementation('layers')).toBe('tfjs-layers LSTM');
  });

  for (const name of ['lstm-ae', 'lstm-ae-classifier', 'lstm-ae-predictor'] as const) {
    it(`${name}: both implementations start from the same weights and predict the same`, () => {
      const before = tf.memory().numTensors;
      const options = ModelOptions.parse({ name, hiddenSize: 5 });
      const fused = buildModel(options, shape, 9, { lstm: 'fused' });
      const layers = buildModel(options, shape, 9, { lstm: 'layers' });
      const weights = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
      expect(weights(fused)).toEqual(weights(layers));
      const x = tf.randomUniform([3, shape.steps, shape.features], 0, 1, 'float32', 4);
      const [a, b] = [fused, layers].map((m) => [m.predict(x) as tf.Tensor | tf.Tensor[]].flat());
      a!.forEach((t, i) => expect(tf.tidy(() => tf.max(tf.abs(tf.sub(t, b![i]!))).dataSync()[0])).toBeLessThan(1e-6));
      tf.dispose([x, ...a!, ...b!]);
      fused.dispose();
      layers.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('serialises the fused layer under its registered name, and rebuilds the model from that topology', async () => {
    const model = buildModel(ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 4 }), shape, 2);
    const topology = model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'] & { config: { layers: { class_name: string; name: string }[] } };
    expect(topology.config.layers.filter((l) => l.class_name === 'SeqsweepFusedLSTM').map((l) => l.name).sort()).toEqual(['class_decoder', 'class_encoder', 'recon_decoder', 'recon_encoder']);
    const restored = await tf.models.modelFromJSON({ modelTopology: topology });
    const decoder = restored.getLayer('class_decoder') as FusedLstm;
    expect(decoder).toBeInstanceOf(FusedLstm);
    expect([decoder.units, decoder.returnSequences]).toEqual([3, false]);
    restored.setWeights(model.getWeights());
    const x = tf.randomUniform([2, shape.steps, shape.features], 0, 1, 'float32', 1);
    const [a, b] = [model, restored].map((m) => tf.tidy(() => (m.predict(x) as tf.Tensor[]).map((t) => Array.from(t.dataSync()))));
    expect(b).toEqual(a);
    tf.dispose(x);
    model.dispose();
    restored.dispose();
  });
});

describe('training with the fused LSTM', () => {
  it('reaches the same validation loss as tfjs-layers from the same seed', async () => {
    const dataset = await loadDataset(TaskOptions.parse({ name: 'toy', samples: 256, length: 20 }), { seed: 3 });
    const indices = Int32Array.from({ length: 256 }, (_, i) => i);
    const run = async (lstm: 'fused' | 'layers') => {
      setDefaultLstmImplementation(lstm);
      const outcome = await trainModel({
        dataset, model: ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 8 }), train: TrainOptions.parse({ epochs: 3, batchSize: 32, learningRate: 0.02 }),
        seed: 5, trainIndices: indices.subarray(0, 192), valIndices: indices.subarray(192),
      });
      return outcome.history.map((e) => e.valLoss!);
    };
    const fused = await run('fused');
    const layers = await run('layers');
    expect(fused[2]).toBeLessThan(fused[0]!);
    fused.forEach((v, i) => expect(Math.abs(v - layers[i]!) / layers[i]!).toBeLessThan(1e-3));
  });
});
