/**
 * A grid point's complete component configs: the spec's task, model and train options with the point's values
 * merged in and validated again.
 */
import type { z } from 'zod';
import type { Params } from '../messages.js';
import { ModelOptions, TrainOptions, type TaskOptions } from './components.js';
import { componentKey, isModuleComponent, modelDeclaration, ownOptions } from './component-registry.js';
import { plainErrorMap, toSpecIssues } from './spec-issues.js';
import { isSurfaceKey, optionOwner } from './swept-options.js';
import type { SweepSpec } from './sweep-spec.js';

/** What one trial of a point trains: the task, the model and the training loop's options. */
export interface ResolvedPoint {
  readonly task: TaskOptions;
  readonly model: ModelOptions;
  readonly train: TrainOptions;
}

function reparse<T>(schema: z.ZodType<T>, value: Record<string, unknown>, what: string, params: Params): T {
  const parsed = schema.safeParse(value, { error: plainErrorMap });
  if (parsed.success) return parsed.data;
  const issues = toSpecIssues(parsed.error.issues, value, schema).map((i) => `${what}.${i.path}: ${i.message}`);
  throw new Error(`point ${JSON.stringify(params)} gives invalid options: ${issues.join('; ')}`);
}

/**
 * Merges `params` (a point of `spec.grid`) into the spec's model and train options and validates the result.
 * @throws {Error} (a bug, since a parsed spec's grid is already checked) for a parameter that is no option of the
 * spec's model or training, or a value that does not fit its option.
 */
export function resolvePoint(spec: SweepSpec, params: Params): ResolvedPoint {
  const model: Record<string, unknown> = { ...spec.model };
  const train: Record<string, unknown> = { ...spec.train };
  const key = componentKey(spec.model);
  // A module this process has not imported (a resumed coordinator): its keys were checked when the sweep was planned.
  const unknownModule = isModuleComponent(spec.model) && !modelDeclaration(key);
  for (const [param, value] of Object.entries(params)) {
    const owner = optionOwner(param, unknownModule ? undefined : key) ?? (unknownModule && !isSurfaceKey(spec.task, param) ? 'model' : undefined);
    // A surface variable is read by the task from the point itself, and sets no option.
    if (owner === undefined && isSurfaceKey(spec.task, param)) continue;
    if (owner === undefined) throw new Error(`point parameter ${param} is no option of the training loop or of model ${key}`);
    (owner === 'model' ? model : train)[param] = value;
  }
  return {
    task: spec.task,
    model: resolveModel(model, params),
    train: reparse(TrainOptions, train, 'train', params),
  };
}

/** A module's options are checked with its own schema (when imported here); the spec keeps its `name` and `module`. */
function resolveModel(model: Record<string, unknown>, params: Params): ModelOptions {
  if (!isModuleComponent(model)) return reparse(ModelOptions, model, 'model', params);
  const declaration = modelDeclaration(model);
  if (!declaration) return model as ModelOptions;
  const options = reparse(declaration.options as z.ZodType<Record<string, unknown>>, ownOptions(model), 'model', params);
  return { name: 'module', module: model.module, ...options } as ModelOptions;
}
