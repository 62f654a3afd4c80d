/**
 * The sweep spec: component options, the spec schema, loading from YAML or JSON with every problem reported at
 * once, command-line overrides, and resolving a grid point into complete options.
 */
export {
  ToyOptions, MnistOptions, Sp500Options, SeriesOptions, NoopOptions, TaskOptions, TASK_NAMES,
  LstmAeOptions, LstmAeClassifierOptions, LstmAePredictorOptions, ModelOptions, MODEL_NAMES, ModuleOptions,
  TrainOptions, NUMERIC_TRAIN_OPTIONS, BUILTIN_TASKS, BUILTIN_MODELS,
  TOY_TASK, MNIST_TASK, SP500_TASK, SERIES_TASK, NOOP_TASK, LSTM_AE_MODEL, LSTM_AE_CLASSIFIER_MODEL, LSTM_AE_PREDICTOR_MODEL,
} from './components.js';
export type { TaskName, ModelName, TrainOptionsInput } from './components.js';
export { TASK_KINDS, MODEL_HEADS, HEADS_FOR_METRIC, declareTask, declareModel } from './component-declaration.js';
export type { TaskKind, ModelHead, FileOption, OptionsSchema, TaskDeclaration, ModelDeclaration } from './component-declaration.js';
export {
  componentKey, isModuleComponent, taskDeclaration, modelDeclaration, listTaskDeclarations, listModelDeclarations,
  builtinTaskDeclarations, builtinModelDeclarations, registerModuleTask, registerModuleModel, ownOptions, taskUsesSeed,
  withModuleDefaults,
} from './component-registry.js';
export { loadSpecModules, importModuleFile } from './load-modules.js';
export type { ModuleImporter } from './load-modules.js';

export { SweepSpec, GridValue, FilterStage, EvaluateStage, FinalStage, OBJECTIVE_METRICS, SWEEP_SPEC_KEYS } from './sweep-spec.js';
export type { SweepSpecInput, Objective, ObjectiveMetric, Grid } from './sweep-spec.js';

export { SpaceSetting, SearchSetting, searchSpaceOf, toDistribution, strategyOptions, DISTRIBUTION_KINDS } from './search-spec.js';
export type { SpaceEntryInput, SearchConfig } from './search-spec.js';
export { RaceOptions, RaceSetting } from './race-spec.js';
export type { RaceConfig } from './race-spec.js';
export { HalvingOptions, HalvingSetting, MedianOptions, MedianSetting, rungEpochs } from './halving-spec.js';
export type { HalvingConfig, MedianConfig } from './halving-spec.js';

export { parseSpec } from './parse-spec.js';
export { SplitOptions, FORECAST_TASKS, fillSplit, randomSplitWarning } from './split-spec.js';
export type { SplitChoice, SplitOptionsInput } from './split-spec.js';
export { loadSpecText, loadSpecFile } from './load-spec.js';
export type { LoadSpecOptions } from './load-spec.js';
export { readSpecText, MAX_SPEC_BYTES, MAX_SPEC_DEPTH, MAX_YAML_ALIASES } from './read-spec-text.js';
export { applyOverrides, applyDataPath, applySearch } from './overrides.js';
export type { SearchOverride } from './overrides.js';
export { parseRange, rangeEntry } from './range-override.js';
export { resolvePoint } from './resolve-point.js';
export type { ResolvedPoint } from './resolve-point.js';
export { SWEEPABLE_TRAIN_OPTIONS, sweepableKeys } from './swept-options.js';
