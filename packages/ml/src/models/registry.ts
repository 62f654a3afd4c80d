/** The models by name. The spec, the planner and the training loop look models up here and nowhere else. */
import type * as tf from '@tensorflow/tfjs';
import { ErrorCode, UserError } from '@seqsweep/core';
import { MODEL_NAMES, type ModelName, type ModelOptions } from '@seqsweep/core';
import { lstmAe } from './lstm-ae.js';
import { lstmAeClassifier } from './lstm-ae-classifier.js';
import { lstmAePredictor } from './lstm-ae-predictor.js';
import type { ModelBuildSettings, ModelDefinition, ModelShape } from './model-definition.js';

const MODELS: { readonly [N in ModelName]: ModelDefinition<Extract<ModelOptions, { name: N }>> } = {
  'lstm-ae': lstmAe,
  'lstm-ae-classifier': lstmAeClassifier,
  'lstm-ae-predictor': lstmAePredictor,
};

/** Every registered model, in the order of `MODEL_NAMES`. */
export function listModels(): readonly ModelDefinition[] {
  return MODEL_NAMES.map((name) => MODELS[name] as ModelDefinition);
}

/** The model registered as `name`; an unknown name is a UserError (`UNKNOWN_NAME`) that lists the known ones. */
export function getModelDefinition(name: string): ModelDefinition {
  if (!Object.hasOwn(MODELS, name)) {
    throw new UserError(ErrorCode.UnknownName, `unknown model "${name}"; expected one of ${MODEL_NAMES.join(', ')}`, {
      fix: `set model.name in the spec to one of ${MODEL_NAMES.join(', ')}`,
    });
  }
  return MODELS[name as ModelName] as ModelDefinition;
}

/** Builds the model that `options.name` names: a shortcut for `getModelDefinition(options.name).build(...)`. */
export function buildModel(options: ModelOptions, shape: ModelShape, seed: number, settings?: ModelBuildSettings): tf.LayersModel {
  return getModelDefinition(options.name).build(options, shape, seed, settings);
}
