/**
 * The models by registry key: the built-ins by name, and users' modules by `module:<path>` once a worker has
 * imported them. The training loop and the evaluation look models up here and nowhere else.
 */
import type * as tf from '@tensorflow/tfjs';
import { componentKey, ErrorCode, UserError } from '@seqsweep/core';
import type { ModelModule } from '../define.js';
import { BUILTIN_MODEL_MODULES } from './builtin-models.js';
import type { ModelBuildSettings, ModelDefinition, ModelShape } from './model-definition.js';
import { realizeModel } from './realize-model.js';

const models = new Map<string, ModelDefinition>(BUILTIN_MODEL_MODULES.map((m) => [m.name, realizeModel(m)]));
const builtinNames = BUILTIN_MODEL_MODULES.map((m) => m.name);

/** Registers a model under `key` (its name, or `module:<path>` for a user's module), replacing any before. */
export function registerModel(model: ModelModule, key: string = model.name): ModelDefinition {
  const definition = realizeModel(model, key.startsWith('module:') ? key.slice('module:'.length) : undefined);
  models.set(key, definition);
  return definition;
}

/** Every registered model: the built-ins first, in their declared order. */
export function listModels(): readonly ModelDefinition[] {
  return [...models.values()];
}

/**
 * The model a spec value (`{ name }`, `{ name: module, module }`) or a registry key names; an unknown one is a
 * UserError (`UNKNOWN_NAME`) that lists the built-ins.
 */
export function getModelDefinition(model: string | Readonly<Record<string, unknown>>): ModelDefinition {
  const key = typeof model === 'string' ? model : componentKey(model);
  const definition = key === undefined ? undefined : models.get(key);
  if (!definition) {
    throw new UserError(ErrorCode.UnknownName, `unknown model "${key}"; expected one of ${builtinNames.join(', ')}`, {
      fix: `set model.name in the spec to one of ${builtinNames.join(', ')}, or name a module with model.module`,
    });
  }
  return definition;
}

/** Builds the model that `options` names: a shortcut for `getModelDefinition(options).build(...)`. */
export function buildModel(options: Readonly<Record<string, unknown>>, shape: ModelShape, seed: number, settings?: ModelBuildSettings): tf.LayersModel {
  return getModelDefinition(options).build(options, shape, seed, settings);
}
