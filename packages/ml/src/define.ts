/**
 * `@seqsweep/ml/define`: the public API that every task and model, built-in or a user's own module, is written
 * with. It loads no TensorFlow.js (its tfjs imports are types only), so `seqsweep plan` can import a module to
 * check its options without loading tfjs: a model gets `tf` from its build context, and a task needs none.
 */
import type * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import type { FileOption, ModelHead, TaskKind, WindowDates } from '@seqsweep/core';

/** A zod object schema of a component's options (strict, with defaults), without `name` or `module`. */
export type ComponentOptions = z.ZodObject;

/** The shape of the data a model is built for, after validation. */
export interface BuildShape {
  /** Timesteps per sample. */
  readonly steps: number;
  /** Features per timestep. */
  readonly features: number;
  /** Classes, for a model with a classification head; else undefined. */
  readonly numClasses: number | undefined;
}

/** Arguments of the fused LSTM layer a model gets from its build context (`ctx.lstm`). */
export interface ContextLstmArgs {
  /** Hidden units. */
  readonly units: number;
  /** Emit every step (`[B, T, units]`) rather than only the last (`[B, units]`). @default true */
  readonly returnSequences?: boolean;
  /** Layer name, unique within the model. */
  readonly name: string;
}

/** What a model's `build` gets. Everything random flows from `seed` (use `glorot()` for initialisers). */
export interface ModelBuildContext<O> {
  /** The options, parsed with the model's schema (defaults filled in, a grid point's values merged in). */
  readonly options: O;
  /** The data's shape. */
  readonly shape: BuildShape;
  /** The trial's seed. */
  readonly seed: number;
  /** The TensorFlow.js the worker runs (so a module needs no tfjs import of its own). */
  readonly tf: typeof tf;
  /** The model's input, `[B, steps, features]`; return outputs computed from it, reconstruction first. */
  readonly input: tf.SymbolicTensor;
  /** A Glorot-uniform initialiser with the next seed drawn from `seed`. */
  readonly glorot: () => ReturnType<typeof tf.initializers.glorotUniform>;
  /**
   * A new LSTM layer (seeded Glorot kernels, forget-gate bias 1 once built) computed by seqsweep's fused kernel,
   * or by `tf.layers.lstm` where the build settings say so (`lstmImplementation`): the fast kernel for your models.
   */
  readonly lstm: (args: ContextLstmArgs) => tf.layers.Layer;
  /** Which implementation `lstm` uses: `fused` (the fused kernel) or `layers` (tfjs-layers), a build setting. */
  readonly lstmImplementation: 'fused' | 'layers';
}

/**
 * A model: its declaration (the facts the spec checks read) and `build`.
 * @example
 * ```js
 * // models/gru-ae.mjs
 * import { z } from 'zod';
 * import { defineModel } from '@seqsweep/ml/define';
 * export default defineModel({
 *   name: 'gru-ae', description: 'GRU autoencoder', head: 'none', kinds: ['reconstruction', 'classification', 'prediction'],
 *   options: z.strictObject({ hiddenSize: z.number().int().positive().default(16) }),
 *   build: ({ tf, input, options, shape, glorot }) => {
 *     const code = tf.layers.gru({ units: options.hiddenSize, kernelInitializer: glorot(), recurrentInitializer: glorot() }).apply(input);
 *     const repeated = tf.layers.repeatVector({ n: shape.steps }).apply(code);
 *     return tf.layers.gru({ units: shape.features, returnSequences: true, kernelInitializer: glorot(), recurrentInitializer: glorot() }).apply(repeated);
 *   },
 * });
 * ```
 */
export interface ModelModule<S extends ComponentOptions = ComponentOptions> {
  /** Set by {@link defineModel}. */
  readonly component: 'model';
  /** A short name for messages and the report. */
  readonly name: string;
  /** One line for help texts and the report. */
  readonly description: string;
  /** The options a spec may give it (swept like any other), as a zod object; checked by `plan`. */
  readonly options: S;
  /**
   * What it outputs beside the reconstruction (output 0, `[B, T, F]`): `none`; `classification` (output 1, logits
   * `[B, classes]`); `prediction` (output 1, the next step `[B, T, F]`).
   */
  readonly head: ModelHead;
  /** The task kinds it can train on. */
  readonly kinds: readonly TaskKind[];
  /**
   * Builds the model: return its outputs (reconstruction first) computed from `ctx.input`, or a whole
   * `tf.LayersModel` whose input is `[B, steps, features]`. Any tfjs layers may be used.
   */
  readonly build: (ctx: ModelBuildContext<z.output<S>>) => tf.LayersModel | tf.SymbolicTensor | tf.SymbolicTensor[];
}

/** What a task's `load` returns: fixed-length sequences, one contiguous row-major array. */
export interface TaskData {
  /** Number of samples. */
  readonly size: number;
  /** Timesteps per sample. */
  readonly steps: number;
  /** Features per timestep. */
  readonly features: number;
  /** Inputs, `size * steps * features` values: `x[((i * steps) + t) * features + f]`. */
  readonly x: Float32Array;
  /** A class per sample, 0 to `numClasses - 1` (classification). */
  readonly labels?: Int32Array;
  /** Number of classes (classification). */
  readonly numClasses?: number;
  /** The target, laid out as `x` (prediction): usually the window one step later. */
  readonly target?: Float32Array;
  /** The dates of each window (dated tasks): first, last and target day, so splits and folds go by date. */
  readonly dates?: WindowDates;
  /** Anything JSON the report or logs may show (counts, the file read). @default { source: the module } */
  readonly info?: Record<string, unknown>;
}

/** What a task's `load` gets. */
export interface TaskLoadContext<O> {
  /** The options, parsed with the task's schema; options it declares as files hold local paths. */
  readonly options: O;
  /** Seeds every random choice of the loader. */
  readonly seed: number;
  /** The folder from which default data packages are looked up. @default this package's */
  readonly packageRoot: string | undefined;
}

/** A section a task module adds to report.html (HTML it builds itself: escape what it prints). */
export interface ReportSectionHtml {
  /** The section's heading. */
  readonly title: string;
  /** Its body, as HTML. */
  readonly html: string;
}

/** What a task module's `report` gets: the best model's outputs on the sweep's held-out test samples. */
export interface TaskReportContext {
  /** The task's data, loaded again with the spec's options and seed. */
  readonly data: TaskData;
  /** The held-out test samples, as indices into `data`. */
  readonly test: Int32Array;
  /**
   * The best model's outputs on `test`, in that order, row-major: `reconstruction` (`n * steps * features`), and
   * `logits` (`n * numClasses`) or `prediction` (`n * steps * features`) by the model's head.
   */
  readonly outputs: { readonly reconstruction: Float32Array; readonly logits?: Float32Array; readonly prediction?: Float32Array };
}

/**
 * A task: its declaration (the facts the spec checks read) and `load`.
 * @example
 * ```js
 * // tasks/sines.mjs
 * import { z } from 'zod';
 * import { defineTask } from '@seqsweep/ml/define';
 * export default defineTask({
 *   name: 'sines', description: 'noisy sine waves', kind: 'reconstruction', dated: false,
 *   options: z.strictObject({ samples: z.number().int().positive().default(200), length: z.number().int().min(2).default(20) }),
 *   load: ({ options }) => {
 *     const x = new Float32Array(options.samples * options.length);
 *     for (let i = 0; i < options.samples; i++) for (let t = 0; t < options.length; t++) x[i * options.length + t] = Math.sin(i + t / 3);
 *     return { size: options.samples, steps: options.length, features: 1, x };
 *   },
 * });
 * ```
 */
export interface TaskModule<S extends ComponentOptions = ComponentOptions> {
  /** Set by {@link defineTask}. */
  readonly component: 'task';
  /** A short name for messages and the report. */
  readonly name: string;
  /** One line for help texts and the report. */
  readonly description: string;
  /** The options a spec may give it, as a zod object; checked by `plan`. */
  readonly options: S;
  /** What its data is for: `reconstruction`, `classification` (labels) or `prediction` (a target). */
  readonly kind: TaskKind;
  /** True when its samples are windows of dated series (return `dates`), so splits and folds go by date. */
  readonly dated: boolean;
  /** Options that name data files, shipped to workers by digest and set by `--data`. @default none */
  readonly fileOptions?: readonly FileOption[];
  /** Loads the dataset (once per worker process and options). */
  readonly load: (ctx: TaskLoadContext<z.output<S>>) => TaskData | Promise<TaskData>;
  /** Its own section of report.html, drawn from the best model. @default only the report's generic sections */
  readonly report?: (ctx: TaskReportContext) => ReportSectionHtml | Promise<ReportSectionHtml>;
}

/** What a module passes to {@link defineModel}: a {@link ModelModule} without `component`. */
export type ModelModuleInput<S extends ComponentOptions> = Omit<ModelModule<S>, 'component'>;
/** What a module passes to {@link defineTask}: a {@link TaskModule} without `component`. */
export type TaskModuleInput<S extends ComponentOptions> = Omit<TaskModule<S>, 'component'>;

function requireFields(what: string, value: Record<string, unknown>, fields: readonly string[]): void {
  const missing = fields.filter((f) => value[f] === undefined);
  if (missing.length > 0) throw new TypeError(`${what} "${String(value.name)}" lacks ${missing.join(', ')}`);
}

/** Declares a model. The default export of a model module; the built-ins are written with it too. */
export function defineModel<S extends ComponentOptions>(model: ModelModuleInput<S>): ModelModule<S> {
  requireFields('defineModel', model as unknown as Record<string, unknown>, ['name', 'options', 'head', 'kinds', 'build']);
  return Object.freeze({ ...model, component: 'model' as const });
}

/** Declares a task. The default export of a task module; the built-ins are written with it too. */
export function defineTask<S extends ComponentOptions>(task: TaskModuleInput<S>): TaskModule<S> {
  requireFields('defineTask', task as unknown as Record<string, unknown>, ['name', 'options', 'kind', 'dated', 'load']);
  return Object.freeze({ ...task, component: 'task' as const });
}
