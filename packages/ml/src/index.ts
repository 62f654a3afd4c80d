/**
 * @seqsweep/ml: everything that loads TensorFlow.js. Datasets (toy, MNIST, S&P 500, series, noop), model builders
 * by name, the training loop, and the fused LSTM kernels. It reads specs and errors from @seqsweep/core. Tasks and
 * models, built-in or a user's module, are written with `defineTask` / `defineModel` (also at
 * `@seqsweep/ml/define`, which loads no tfjs) and registered with `registerTask` / `registerModel`.
 */
export { defineModel, defineTask } from './define.js';
export type {
  ModelModule, TaskModule, ModelBuildContext, TaskLoadContext, TaskData, BuildShape, ContextLstmArgs, ComponentOptions,
  ModelModuleInput, TaskModuleInput, ReportSectionHtml, TaskReportContext,
} from './define.js';
export {
  loadDataset, datasetKey, datasetKind, datasetUsesSeed, describeDataset, DatasetCache, loadToy, dipGeometry, loadMnist,
  parseIdxImages, parseIdxLabels, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, loadSp500, defaultSp500Path, readPriceTable, csvRows, readCsvRows, loadNoop,
  loadSeries, readSeriesTable, buildDatedWindows, dayNumber, windowCount, trialDataset, fitGroupScalers,
  registerTask, listTasks, getTaskDefinition,
} from './data/index.js';
export type {
  LoadDatasetOptions, DatasetCacheStats, ToyTask, ToyInfo, DipGeometry, MnistTask, MnistInfo, IdxImages, Sp500Task,
  Sp500Info, PriceTable, PriceSeries, DroppedRows, SequenceDataset, TaskKind, DatasetInfo, MinMaxScaler, CsvRow,
  SeriesTask, SeriesInfo, SeriesTable, SeriesColumns, DroppedSeriesRows, DatedSeries, DatedWindows, GroupScalers, WindowDates,
} from './data/index.js';

export {
  getModelDefinition, listModels, buildModel, registerModel, lstmAe, lstmAeClassifier, lstmAePredictor, lstmLayer, initForgetGateBias,
  FusedLstm, setDefaultLstmImplementation, defaultLstmImplementation, resolveLstmImplementation, describeLstmImplementation, lstmArithmeticTag, lstmAutoencoder,
  createInitSeeds, readModelOutputs, modelHead,
} from './models/index.js';
export type {
  ModelDefinition, ModelHead, ModelShape, ModelBuildSettings, FusedLstmArgs, LstmImplementation,
  ResolvedLstmImplementation, LstmLayerArgs, LstmAutoencoderArgs, InitSeeds, Initializer, ModelOutputs,
} from './models/index.js';

export {
  selectBackend, trainModel, pickBestEpoch, evaluateModel, evaluateModelAsync, evaluationBatchSize, EVALUATION_BATCH, predict, saveModel, loadModel, MODEL_FILES,
  clipByGlobalNorm, createOptimizer, batchLosses, forecastScores, forecastWindowData, modelNextDay,
  encodeCheckpoint, decodeCheckpoint, CHECKPOINT_VERSION, ModelCache, KEPT_MODELS,
} from './train/index.js';
export type {
  BackendChoice, BackendPreference, TrainArgs, TrainOutcome, TrainProgress, TrainStatus, EvaluationMetrics, LoadedModel,
  ModelMeta, ClippedGradients, BatchLosses, SplitMetrics, TrainCheckpoint, CheckpointFit, SavedTensor,
} from './train/index.js';

export { CheckpointError } from './errors.js';

export { applyAdam, globalNormScale, fusedLstm, LstmWorkspace, createLstmKernel, autoLstmKernel, setDefaultLstmKernel, defaultLstmKernel, nativeAddonAt, nativeLstmAddon, NativeLstmKernel, FMA_TOLERANCE, planLstm, LSTM_BUFFERS, lstmWasmModule, fastTanh, fastSigmoid } from './kernels/index.js';
export type { FusedLstmOptions, LstmInputs, LstmGradients, LstmForward, LstmDims, LstmLayout, LstmBuffer, LstmKernel, LstmKernelKind, LstmKernelChoice, NativeAddonState, NativeArithmetic } from './kernels/index.js';
