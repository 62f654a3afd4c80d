/**
 * The training loop and what surrounds it: backend choice, optimisers, global-norm clipping, losses and
 * metrics, early stopping and divergence, evaluation, prediction, and model files.
 */
export { selectBackend } from './select-backend.js';
export type { BackendChoice, BackendPreference } from './select-backend.js';
export { trainModel, pickBestEpoch } from './train-model.js';
export { ModelCache, KEPT_MODELS } from './model-cache.js';
export type { TrainArgs, TrainOutcome, TrainProgress, TrainStatus } from './train-types.js';
export { encodeCheckpoint, decodeCheckpoint, CHECKPOINT_VERSION } from './checkpoint-format.js';
export type { TrainCheckpoint, CheckpointFit, SavedTensor } from './checkpoint-format.js';
export { evaluateModel, evaluateModelAsync, evaluationBatchSize, EVALUATION_BATCH } from './evaluate-model.js';
export type { EvaluationMetrics } from './evaluate-model.js';
export { predict } from './predict.js';
export { forecastScores, forecastWindowData, modelNextDay } from './forecast-scores.js';
export { saveModel, loadModel, MODEL_FILES } from './model-files.js';
export type { LoadedModel, ModelMeta } from './model-files.js';
export { clipByGlobalNorm } from './clip-by-global-norm.js';
export type { ClippedGradients } from './clip-by-global-norm.js';
export { createOptimizer } from './create-optimizer.js';
export { batchLosses } from './losses.js';
export type { BatchLosses } from './losses.js';
export type { SplitMetrics } from './loss-totals.js';
