import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, UserError } from '@seqsweep/core';
import { ModelOptions } from '@seqsweep/core';
import { buildModel, getModelDefinition, listModels } from './registry.js';
import { modelHead, readModelOutputs } from './model-outputs.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const shape = { steps: 7, features: 3, numClasses: 4 };

function outputShapes(model: tf.LayersModel, batch: number): number[][] {
  return tf.tidy(() => {
    const out = model.predict(tf.zeros([batch, shape.steps, shape.features])) as tf.Tensor | tf.Tensor[];
    return [out].flat().map((t) => t.shape);
  });
}

describe('model registry', () => {
  it('lists every model with its head and kinds', () => {
    expect(listModels().map((m) => [m.name, m.head])).toEqual([
      ['lstm-ae', 'none'],
      ['lstm-ae-classifier', 'classification'],
      ['lstm-ae-predictor', 'prediction'],
    ]);
    expect(getModelDefinition('lstm-ae-classifier').kinds).toEqual(['classification']);
  });

  it('rejects an unknown name with a UserError that lists the known ones', () => {
    let error: unknown;
    try {
      getModelDefinition('lstm-vae');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe(ErrorCode.UnknownName);
    expect((error as UserError).message).toBe('unknown model "lstm-vae"; expected one of lstm-ae, lstm-ae-classifier, lstm-ae-predictor');
    expect((error as UserError).fix).toMatch(/model\.name/);
    expect(() => getModelDefinition('toString')).toThrow(UserError);
  });
});

describe('model builders', () => {
  it('lstm-ae reconstructs [B, T, F]', () => {
    const model = buildModel(ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 5 }), shape, 1);
    expect(outputShapes(model, 2)).toEqual([[2, 7, 3]]);
    expect(modelHead(model)).toBe('none');
    expect(model.getLayer('recon_encoder').outputShape).toEqual([null, 7, 5]);
    model.dispose();
  });

  it('lstm-ae-classifier gives a reconstruction and logits, with the dense size defaulting to F', () => {
    const model = buildModel(ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 5 }), shape, 1);
    expect(outputShapes(model, 2)).toEqual([[2, 7, 3], [2, 4]]);
    expect(modelHead(model)).toBe('classification');
    expect(model.getLayer('class_dense').outputShape).toEqual([null, 3]);
    model.dispose();
    const wide = buildModel(ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 5, denseSize: 9 }), shape, 1);
    expect(wide.getLayer('class_dense').outputShape).toEqual([null, 9]);
    wide.dispose();
  });

  it("lstm-ae-classifier with classifyFrom 'encoder' reads the encoder's last hidden state, with no second decoder", () => {
    const model = buildModel(ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 5, classifyFrom: 'encoder' }), shape, 1);
    expect(outputShapes(model, 2)).toEqual([[2, 7, 3], [2, 4]]);
    expect(model.getLayer('class_encoder').outputShape).toEqual([null, 5]);
    expect(model.getLayer('class_dense').outputShape).toEqual([null, 5]);
    expect(model.layers.map((l) => l.name)).not.toContain('class_decoder');
    model.dispose();
    const mean = buildModel(ModelOptions.parse({ name: 'lstm-ae-classifier', hiddenSize: 5, classifyFrom: 'encoder-mean' }), shape, 1);
    expect(outputShapes(mean, 2)).toEqual([[2, 7, 3], [2, 4]]);
    expect(mean.getLayer('class_encoder').outputShape).toEqual([null, 7, 5]);
    expect(mean.getLayer('class_mean').outputShape).toEqual([null, 5]);
    mean.dispose();
  });

  it('lstm-ae-predictor gives a reconstruction and a prediction, both [B, T, F]', () => {
    const model = buildModel(ModelOptions.parse({ name: 'lstm-ae-predictor', hiddenSize: 5 }), shape, 1);
    expect(outputShapes(model, 3)).toEqual([[3, 7, 3], [3, 7, 3]]);
    expect(modelHead(model)).toBe('prediction');
    const out = tf.tidy(() => [model.predict(tf.ones([1, 7, 3])) as tf.Tensor[]].flat());
    expect(Object.keys(readModelOutputs(out))).toEqual(['reconstruction', 'prediction']);
    tf.dispose(out);
    model.dispose();
  });

  it("lstm-ae-predictor with predict 'change' adds its path's output to the input", () => {
    const options = ModelOptions.parse({ name: 'lstm-ae-predictor', hiddenSize: 5, predict: 'change' });
    const model = buildModel(options, shape, 3);
    const level = buildModel(ModelOptions.parse({ name: 'lstm-ae-predictor', hiddenSize: 5 }), shape, 3);
    const x = tf.randomUniform([2, 7, 3], 0, 1, 'float32', 5);
    const [change, plain] = tf.tidy(() => [model, level].map((m) => readModelOutputs(m.predict(x) as tf.Tensor[]).prediction!.arraySync() as number[][][]));
    const input = x.arraySync() as number[][][];
    // The same seed draws the same weights, so the change model's prediction is the input plus the level model's.
    for (let b = 0; b < 2; b++) for (let t = 0; t < 7; t++) for (let f = 0; f < 3; f++) expect(change![b]![t]![f]!).toBeCloseTo(input[b]![t]![f]! + plain![b]![t]![f]!, 5);
    x.dispose();
    model.dispose();
    level.dispose();
  });

  it('initialises weights from the seed alone, and leaks no tensor', () => {
    const before = tf.memory().numTensors;
    const options = ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 4 });
    const weights = (seed: number) => {
      const model = buildModel(options, shape, seed);
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    const a = weights(11);
    expect(weights(11)).toEqual(a);
    expect(weights(12)[0]).not.toEqual(a[0]);
    // Encoder kernel and recurrent kernel draw different seeds.
    expect(a[0]!.slice(0, 8)).not.toEqual(a[1]!.slice(0, 8));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('validates its arguments before building', () => {
    const classifier = getModelDefinition('lstm-ae-classifier');
    const options = ModelOptions.parse({ name: 'lstm-ae-classifier' });
    expect(() => classifier.build(options, { steps: 7, features: 3 }, 1)).toThrow(/numClasses/);
    expect(() => classifier.build(options, { steps: 0, features: 3, numClasses: 2 }, 1)).toThrow(/steps/);
    expect(() => classifier.build(options, shape, 1.5)).toThrow(/seed/);
    expect(() => classifier.build({ name: 'lstm-ae', hiddenSize: 4 }, shape, 1)).toThrow(/given options of model "lstm-ae"/);
    const bad = { name: 'lstm-ae-classifier', hiddenSize: -1 } as ModelOptions;
    expect(() => classifier.build(bad, shape, 1)).toThrow(UserError);
  });
});

describe('LSTM layers', () => {
  it('start with a forget-gate bias of 1 and the other gates at 0', () => {
    const model = buildModel(ModelOptions.parse({ name: 'lstm-ae', hiddenSize: 2 }), shape, 3);
    const bias = Array.from(model.getLayer('recon_encoder').getWeights()[2]!.dataSync());
    expect(bias).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    model.dispose();
  });
});
