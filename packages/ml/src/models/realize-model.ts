/**
 * Turns a model declared with `defineModel` into a registered {@link ModelDefinition}: arguments are validated up
 * front (options against the model's schema, the shape, the seed) before any layer is made, and the model's
 * outputs are checked against its declared head.
 */
import * as tf from '@tensorflow/tfjs';
import { ErrorCode, ModuleError, UserError, ownOptions, type ModelHead } from '@seqsweep/core';
import type { BuildShape, ModelBuildContext, ModelModule } from '../define.js';
import { createInitSeeds } from './init-seeds.js';
import { resolveLstmImplementation } from './lstm-implementation.js';
import { initForgetGateBias, lstmLayer } from './lstm-layer.js';
import type { ModelDefinition, ModelShape } from './model-definition.js';
import { modelHead } from './model-outputs.js';

/** The registered form of `model`, whose `build` validates, seeds, wires and checks. */
export function realizeModel(model: ModelModule, source?: string): ModelDefinition {
  // A user's module (registered under its path) fails its trial once with a sentence naming it; a built-in's error is a bug.
  const fault = (e: unknown): unknown => (source === undefined || e instanceof UserError ? e : new ModuleError(source, 'failed to build its model', e));
  return {
    name: model.name,
    description: model.description,
    options: model.options,
    kinds: model.kinds,
    head: model.head,
    build(options, shape, seed, settings = {}) {
      const parsed = parseOptions(model, options);
      const checked = checkShape(model.name, model.head, shape);
      const seeds = createInitSeeds(seed);
      const implementation = resolveLstmImplementation(settings.lstm);
      let built: tf.LayersModel | undefined;
      // Layer variables survive a tidy; anything an initialiser leaves behind does not.
      tf.tidy(() => {
        const input = tf.input({ shape: [checked.steps, checked.features], name: 'x' });
        const ctx: ModelBuildContext<Record<string, unknown>> = {
          options: parsed, shape: checked, seed, tf, input, glorot: seeds.glorot, lstmImplementation: implementation,
          lstm: (args) => lstmLayer({ ...args, seeds, implementation }),
        };
        let out: ReturnType<ModelModule['build']>;
        try {
          out = model.build(ctx as never);
        } catch (e) {
          throw fault(e);
        }
        built = out instanceof tf.LayersModel ? out : tf.model({ inputs: input, outputs: out, name: model.name.replace(/[^A-Za-z0-9_]/g, '_') });
        initForgetGateBias(built);
      });
      try {
        checkHead(model.name, model.head, built!);
      } catch (e) {
        throw fault(e);
      }
      return built!;
    },
  };
}

function parseOptions(model: ModelModule, options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // A built-in's schema reads its own `name`; a module's reads only its options.
  const value = 'name' in model.options.shape ? options : ownOptions(options);
  if ('name' in model.options.shape && options.name !== model.name) throw new Error(`the ${model.name} builder was given options of model "${String(options.name)}"`);
  const parsed = model.options.safeParse(value);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issues = parsed.error.issues.map((i) => `model.${i.path.join('.')}: ${i.message}`).join('; ');
  throw new UserError(ErrorCode.InvalidSpec, `invalid options for model "${model.name}": ${issues}`, {
    fix: 'correct the model options in the spec (docs/spec.md lists them)',
  });
}

function checkShape(name: string, head: ModelHead, shape: ModelShape): BuildShape {
  const whole = (v: number | undefined, what: string, min: number): number => {
    if (v === undefined || !Number.isInteger(v) || v < min) throw new Error(`model ${name}: ${what} must be a whole number >= ${min}, got ${v}`);
    return v;
  };
  return {
    steps: whole(shape.steps, 'steps', 1),
    features: whole(shape.features, 'features', 1),
    numClasses: head === 'classification' ? whole(shape.numClasses, 'numClasses', 2) : undefined,
  };
}

/** A model whose outputs do not match its declared head would train on the wrong loss: say so at build. */
function checkHead(name: string, head: ModelHead, model: tf.LayersModel): void {
  let actual: ModelHead;
  try {
    actual = modelHead(model);
  } catch (e) {
    model.dispose();
    throw new Error(`model ${name}: ${(e as Error).message}; output 0 must be the reconstruction [B, T, F]`);
  }
  if (actual !== head) {
    model.dispose();
    throw new Error(`model ${name} declares head "${head}" but its outputs make it "${actual}"`);
  }
}
