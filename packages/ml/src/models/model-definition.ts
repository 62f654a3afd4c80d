/**
 * The contract every named model fulfils: its option schema, the task kinds it can train on, what its second
 * output is, and a builder that makes a fresh, deterministically initialised tf.LayersModel.
 */
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { TaskKind } from '../data/types.js';
import type { ModelOptions } from '@seqsweep/core';
import type { LstmImplementation } from './lstm-implementation.js';

/** The shape of the data a model is built for. */
export interface ModelShape {
  /** Timesteps per sample. */
  readonly steps: number;
  /** Features per timestep. */
  readonly features: number;
  /** Number of classes; required by models with a classification head. */
  readonly numClasses?: number;
}

/** How a model is built, beside its options: settings that change speed, not the model. */
export interface ModelBuildSettings {
  /** Which implementation computes the LSTM layers. @default the process default, itself 'auto' unless set */
  readonly lstm?: LstmImplementation;
}

/**
 * What a model predicts beside the reconstruction of its input (always output 0):
 * `none` (one output), `classification` (output 1 is logits `[B, classes]`) or
 * `prediction` (output 1 is the next-step prediction `[B, T, F]`, compared with `dataset.target`).
 */
export type ModelHead = 'none' | 'classification' | 'prediction';

/** A model registered by name. `O` is the parsed options type of that model. */
export interface ModelDefinition<O extends ModelOptions = ModelOptions> {
  readonly name: O['name'];
  /** One line for help texts. */
  readonly description: string;
  /** The strict option schema (from spec/components.ts), with defaults. */
  readonly options: z.ZodType<O>;
  /** Task kinds it can train on. */
  readonly kinds: readonly TaskKind[];
  readonly head: ModelHead;
  /**
   * Builds a new model with the functional API. Weights are initialised from `seed` alone, so the same
   * options, shape and seed give the same weights on every backend. Throws a UserError for options of another
   * model, and an Error for an invalid shape or seed.
   */
  build(options: ModelOptions, shape: ModelShape, seed: number, settings?: ModelBuildSettings): tf.LayersModel;
}
