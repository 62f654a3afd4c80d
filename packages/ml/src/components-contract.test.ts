/**
 * The contract every registered task and model fulfils, looped over whatever is registered (as Optuna's sampler
 * tests loop over samplers): adding a component adds its rows here, not a test file. It pins no list of names.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinModelDeclarations, builtinTaskDeclarations, ModuleError, modelDeclaration, taskDeclaration } from '@seqsweep/core';
import { defineModel, defineTask } from './define.js';
import { getTaskDefinition, listTasks, registerTask } from './data/task-registry.js';
import { loadDataset } from './data/load-dataset.js';
import { FusedLstm } from './models/fused-lstm-layer.js';
import { modelHead } from './models/model-outputs.js';
import { buildModel, getModelDefinition, listModels, registerModel } from './models/registry.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const shape = { steps: 5, features: 2, numClasses: 3 };
const defaultsOf = (options: z.ZodObject, name: string): Record<string, unknown> => ({ name, ...(options.parse('name' in options.shape ? { name } : {}) as object) });

// A user's model, written as a module is: tf comes from the context, the fused LSTM from ctx.lstm.
const userModel = defineModel({
  name: 'user-gru', description: 'a GRU encoder and a fused LSTM decoder', head: 'none', kinds: ['reconstruction'],
  options: z.strictObject({ hiddenSize: z.number().int().positive().default(4) }),
  build: ({ tf: t, input, options, shape: s, glorot, lstm }) => {
    const code = t.layers.gru({ units: options.hiddenSize, returnSequences: true, kernelInitializer: glorot(), recurrentInitializer: glorot() }).apply(input);
    return lstm({ units: s.features, name: 'decoder' }).apply(code) as tf.SymbolicTensor;
  },
});
registerModel(userModel, 'module:/user/gru.mjs');

describe('every registered model', () => {
  for (const model of listModels()) {
    it(`${model.name} builds from its default options, and its outputs are its declared head's`, () => {
      const built = buildModel({ ...defaultsOf(model.options, model.name), ...(model.name === 'user-gru' ? { name: 'module', module: '/user/gru.mjs' } : {}) }, shape, 3);
      try {
        expect(modelHead(built)).toBe(model.head);
        expect(built.inputs[0]!.shape).toEqual([null, shape.steps, shape.features]);
      } finally {
        built.dispose();
      }
    });
  }

  it('matches the declaration core checks specs with, for every built-in, in both directions', () => {
    for (const declaration of builtinModelDeclarations()) {
      const definition = getModelDefinition(declaration.name);
      expect([definition.head, definition.kinds, definition.options]).toEqual([declaration.head, declaration.kinds, declaration.options]);
    }
    for (const model of listModels().filter((m) => m.name !== 'user-gru')) expect(modelDeclaration(model.name)).toBeDefined();
  });

  it('gives a user model the fused LSTM layer, and refuses outputs that contradict its head', () => {
    const built = buildModel({ name: 'module', module: '/user/gru.mjs', hiddenSize: 3 }, shape, 1);
    expect(built.layers.some((l) => l instanceof FusedLstm)).toBe(true);
    built.dispose();
    const liar = registerModel(defineModel({ ...userModel, name: 'liar', head: 'classification', kinds: ['classification'] }), 'module:/user/liar.mjs');
    expect(() => liar.build({ name: 'module', module: '/user/liar.mjs' }, shape, 1)).toThrow('module /user/liar.mjs failed to build its model: model liar declares head "classification" but its outputs make it "none"');
    const thrower = registerModel(defineModel({ ...userModel, build: () => { throw new RangeError('kernel too wide'); } }), 'module:/user/thrower.mjs');
    expect(() => thrower.build({ name: 'module', module: '/user/thrower.mjs' }, shape, 1)).toThrow(ModuleError);
  });
});

describe('every registered task', () => {
  it('matches the declaration core checks specs with, for every built-in, in both directions', () => {
    for (const declaration of builtinTaskDeclarations()) {
      const task = getTaskDefinition(declaration.name);
      expect([task.kind, task.dated, task.fileOptions, task.options]).toEqual([declaration.kind, declaration.dated, declaration.fileOptions, declaration.options]);
    }
    for (const task of listTasks()) expect(taskDeclaration(task.name)).toBeDefined();
  });

  it('loads a user task\'s data and says its kind; refuses data its kind cannot train on, naming the module', async () => {
    const labelled = defineTask({
      name: 'tiny', description: 'eight labelled steps', kind: 'classification', dated: false,
      options: z.strictObject({ size: z.number().int().default(4) }),
      load: ({ options }) => ({ size: options.size, steps: 2, features: 1, x: new Float32Array(options.size * 2), labels: new Int32Array(options.size).map((_, i) => i % 2), numClasses: 2 }),
    });
    registerTask(labelled, 'module:/user/tiny.mjs');
    const data = await loadDataset({ name: 'module', module: '/user/tiny.mjs', size: 6 });
    expect([data.task, data.kind, data.size, data.numClasses, data.info.source]).toEqual(['tiny', 'classification', 6, 2, '/user/tiny.mjs']);
    registerTask(defineTask({ ...labelled, load: () => ({ size: 2, steps: 2, features: 1, x: new Float32Array(4) }) }), 'module:/user/unlabelled.mjs');
    const error = await loadDataset({ name: 'module', module: '/user/unlabelled.mjs' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModuleError);
    expect((error as Error).message).toBe('module /user/unlabelled.mjs returned data that has no Int32Array labels (one per sample) and numClasses, which a classification task needs');
  });
});
