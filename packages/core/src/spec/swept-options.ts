/**
 * Which options a grid may sweep and a study flag may set, who owns each (the train options or the model's), and
 * the schema that checks one of its values. The grid check, the overrides and `resolvePoint` all read this.
 */
import type { z } from 'zod';
import { SURFACE_KEY, SURFACE_NAMES } from '../plan/search/surfaces.js';
import { NUMERIC_TRAIN_OPTIONS, TrainOptions } from './components.js';
import { listModelDeclarations, modelDeclaration } from './component-registry.js';

/**
 * Train options a grid may sweep: the numeric ones and `optimizer`. `epochs` is left out because every stage sets
 * its own epochs, so a swept value would never be used.
 */
export const SWEEPABLE_TRAIN_OPTIONS: readonly string[] = [...NUMERIC_TRAIN_OPTIONS.filter((k) => k !== 'epochs'), 'optimizer'];

const TRAIN_KEYS: readonly string[] = Object.keys(TrainOptions.shape);

/**
 * True when `name` is a registered model: a built-in's name, or `module:<path>` for a module registered in this
 * process (see `componentKey`).
 */
export const isModelName = (name: unknown): name is string => typeof name === 'string' && modelDeclaration(name) !== undefined;

const optionKeysOf = (shape: Record<string, unknown>): string[] => Object.keys(shape).filter((k) => k !== 'name');

/** The options of model `name` (a registry key) that a grid may sweep (every option but `name`). */
export function modelOptionKeys(name: string): string[] {
  const declaration = modelDeclaration(name);
  if (!declaration) throw new Error(`model ${name} has no option schema`);
  return optionKeysOf(declaration.options.shape);
}

/** Models that have option `key`, in registry order. */
export function modelsWithOption(key: string): string[] {
  return listModelDeclarations().filter((m) => optionKeysOf(m.options.shape).includes(key)).map((m) => m.name);
}

const allModelKeys = (): string[] => listModelDeclarations().flatMap((m) => optionKeysOf(m.options.shape));

/**
 * Keys a grid may sweep for model `model`. With no valid model name every model's options count, so that an
 * unknown model name is reported once and not again for each grid key.
 */
export function sweepableKeys(model: string | undefined): string[] {
  const modelKeys = model ? modelOptionKeys(model) : allModelKeys();
  return [...new Set([...SWEEPABLE_TRAIN_OPTIONS, ...modelKeys])];
}

/**
 * Where option `key` lives for model `model`: `train`, `model`, or `undefined` for neither. Train options win
 * (no model option shares a train option's name).
 */
export function optionOwner(key: string, model: string | undefined): 'train' | 'model' | undefined {
  if (TRAIN_KEYS.includes(key)) return 'train';
  if (key === 'name' || key === 'module') return undefined;
  const keys = model ? modelOptionKeys(model) : allModelKeys();
  return keys.includes(key) ? 'model' : undefined;
}

/** The schema that checks one value of option `key` (the same one the option itself is parsed with). */
export function optionSchema(key: string, model: string | undefined): z.ZodType | undefined {
  const owner = optionOwner(key, model);
  if (owner === 'train') return (TrainOptions.shape as Record<string, z.ZodType>)[key];
  if (owner !== 'model') return undefined;
  const declaration = model ? modelDeclaration(model) : listModelDeclarations().find((m) => key in m.options.shape);
  return declaration ? (declaration.options.shape as Record<string, z.ZodType>)[key] : undefined;
}

/** Every option a study flag may set: the train options and every registered model's options (but `name`). */
export function overridableKeys(): string[] {
  return [...new Set([...TRAIN_KEYS, ...allModelKeys()])];
}

/** The surface a task reports (a `noop` task with `surface`), or undefined. */
export function taskSurface(task: unknown): (typeof SURFACE_NAMES)[number] | undefined {
  if (typeof task !== 'object' || task === null) return undefined;
  const { name, surface } = task as Record<string, unknown>;
  return name === 'noop' && (SURFACE_NAMES as readonly unknown[]).includes(surface) ? (surface as (typeof SURFACE_NAMES)[number]) : undefined;
}

/**
 * Whether `key` is a surface variable (`x1`, `x2`, ...) that task `task` reads from the point: only a `noop` task
 * with a `surface` does (an unknown surface name included, so that it is reported once, not again for each key).
 * Variables beyond the surface's dimension are allowed and have no effect.
 */
export function isSurfaceKey(task: unknown, key: string): boolean {
  const t = typeof task === 'object' && task !== null ? (task as Record<string, unknown>) : {};
  return t.name === 'noop' && t.surface !== undefined && SURFACE_KEY.test(key);
}
