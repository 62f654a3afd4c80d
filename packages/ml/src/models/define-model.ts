/**
 * Turns a model's layer graph into a registered {@link ModelDefinition}: arguments are validated up front
 * (options against the model's schema, the shape, the seed) before any layer is made.
 */
import * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import { ErrorCode, UserError } from '@seqsweep/core';
import type { TaskKind } from '../data/types.js';
import type { ModelOptions } from '@seqsweep/core';
import { createInitSeeds, type InitSeeds } from './init-seeds.js';
import { resolveLstmImplementation, type ResolvedLstmImplementation } from './lstm-implementation.js';
import { initForgetGateBias } from './lstm-layer.js';
import type { ModelDefinition, ModelHead, ModelShape } from './model-definition.js';

/** A model's shape after validation; `numClasses` is set when the head needs it. */
export interface CheckedShape {
  readonly steps: number;
  readonly features: number;
  readonly numClasses: number | undefined;
}

/** What a model file declares; {@link defineModel} adds the validation and the `tf.model` call. */
export interface ModelSpecification<O extends ModelOptions> {
  readonly name: O['name'];
  readonly description: string;
  readonly options: z.ZodType<O>;
  readonly kinds: readonly TaskKind[];
  readonly head: ModelHead;
  /**
   * Wires the layers from `input` (`[B, steps, features]`), building every LSTM with `lstm`; returns the outputs,
   * reconstruction first.
   */
  readonly graph: (options: O, shape: CheckedShape, input: tf.SymbolicTensor, seeds: InitSeeds, lstm: ResolvedLstmImplementation) => tf.SymbolicTensor[];
}

/** Creates a definition whose `build` validates its arguments and then wires the graph. */
export function defineModel<O extends ModelOptions>(spec: ModelSpecification<O>): ModelDefinition<O> {
  return {
    name: spec.name,
    description: spec.description,
    options: spec.options,
    kinds: spec.kinds,
    head: spec.head,
    build(options, shape, seed, settings = {}) {
      const parsed = parseOptions(spec, options);
      const checked = checkShape(spec.name, spec.head, shape);
      const seeds = createInitSeeds(seed);
      const lstm = resolveLstmImplementation(settings.lstm);
      let model: tf.LayersModel | undefined;
      // Layer variables survive a tidy; anything an initialiser leaves behind does not.
      tf.tidy(() => {
        const input = tf.input({ shape: [checked.steps, checked.features], name: 'x' });
        model = tf.model({ inputs: input, outputs: spec.graph(parsed, checked, input, seeds, lstm), name: spec.name.replace(/-/g, '_') });
        initForgetGateBias(model);
      });
      return model!;
    },
  };
}

function parseOptions<O extends ModelOptions>(spec: ModelSpecification<O>, options: ModelOptions): O {
  if (options.name !== spec.name) throw new Error(`the ${spec.name} builder was given options of model "${options.name}"`);
  const parsed = spec.options.safeParse(options);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `model.${i.path.join('.')}: ${i.message}`).join('; ');
  throw new UserError(ErrorCode.InvalidSpec, `invalid options for model "${spec.name}": ${issues}`, {
    fix: 'correct the model options in the spec (docs/spec.md lists them)',
  });
}

function checkShape(name: string, head: ModelHead, shape: ModelShape): CheckedShape {
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
