/**
 * The contract every registered model fulfils once its module ({@link ModelModule}) is registered: its declaration,
 * and a builder that validates its arguments and makes a fresh, deterministically initialised tf.LayersModel.
 */
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { ModelHead, TaskKind } from '@seqsweep/core';
import type { LstmImplementation } from './lstm-implementation.js';

export type { ModelHead } from '@seqsweep/core';

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

/** A registered model. */
export interface ModelDefinition {
  /** Its name (a module's own, for messages). */
  readonly name: string;
  /** One line for help texts. */
  readonly description: string;
  /** The strict option schema, with defaults (a built-in's reads `name`; a module's reads its own keys only). */
  readonly options: z.ZodObject;
  /** Task kinds it can train on. */
  readonly kinds: readonly TaskKind[];
  /** What it outputs beside the reconstruction. */
  readonly head: ModelHead;
  /**
   * Builds a new model. Weights are initialised from `seed` alone, so the same options, shape and seed give the
   * same weights on every backend. Throws a UserError for options its schema refuses, and an Error for an invalid
   * shape or seed.
   */
  build(options: Readonly<Record<string, unknown>>, shape: ModelShape, seed: number, settings?: ModelBuildSettings): tf.LayersModel;
}
