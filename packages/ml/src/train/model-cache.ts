/**
 * Models a worker keeps between trials, so that a trial of a model and shape it has trained before starts warm: the
 * layers' kernel memory already grown to the training and evaluation batches, tfjs-layers' execution order of the
 * model already worked out. A trial still builds its model afresh from its seed (a fraction of a millisecond) and
 * the kept model takes that model's weights, so it starts from exactly the weights a fresh build would have.
 */
import type * as tf from '@tensorflow/tfjs';
import { defaultLstmKernel } from '../kernels/lstm-workspace.js';
import { resolveLstmImplementation } from '../models/lstm-implementation.js';
import type { ModelDefinition, ModelShape } from '../models/model-definition.js';

/** The most models a cache keeps idle, across all keys: each holds its layers' kernel memory. */
export const KEPT_MODELS = 4;

/**
 * Idle built models by definition, options and shape. A model is either lent out ({@link ModelCache.take}) or idle
 * here; the cache disposes the ones it drops, and {@link ModelCache.clear} the rest.
 */
export class ModelCache {
  // Insertion order is use order: the first entry is the least recently given back.
  readonly #idle = new Map<string, { readonly definition: ModelDefinition; readonly model: tf.LayersModel }>();

  /** An idle model built by `definition` from `options` for `shape`, now lent to the caller; undefined if none. */
  take(definition: ModelDefinition, options: object, shape: ModelShape): tf.LayersModel | undefined {
    const key = modelKey(definition, options, shape);
    const entry = this.#idle.get(key);
    if (!entry || entry.definition !== definition) return undefined;
    this.#idle.delete(key);
    return entry.model;
  }

  /** Keeps `model` (built by `definition` from `options` for `shape`) for a later trial, disposing what it drops. */
  give(definition: ModelDefinition, options: object, shape: ModelShape, model: tf.LayersModel): void {
    const key = modelKey(definition, options, shape);
    const old = this.#idle.get(key);
    this.#idle.delete(key);
    if (old && old.model !== model) old.model.dispose();
    this.#idle.set(key, { definition, model });
    for (const [k, v] of this.#idle) {
      if (this.#idle.size <= KEPT_MODELS) break;
      this.#idle.delete(k);
      v.model.dispose();
    }
  }

  /** Idle models kept. */
  get size(): number {
    return this.#idle.size;
  }

  /** Disposes every idle model. */
  clear(): void {
    for (const { model } of this.#idle.values()) model.dispose();
    this.#idle.clear();
  }
}

/** What a model is built from, the process's LSTM implementation and kernel included (a bench may switch them). */
function modelKey(definition: ModelDefinition, options: object, shape: ModelShape): string {
  return JSON.stringify([definition.name, options, shape.steps, shape.features, shape.numClasses ?? null, resolveLstmImplementation(), defaultLstmKernel()]);
}
