/**
 * @seqsweep/core: the contract every seqsweep process shares. Sweep specs, planning, wire messages, errors, the
 * results.json schema, and the Transport interface with its in-memory and IPC transports. zod and yaml only: no
 * tfjs (that is @seqsweep/ml), no NATS client (@seqsweep/transport-nats), no process globals, no UI.
 */
export { ErrorCode, UserError, SpecError, DataError, InvalidMessageError, SweepNotFoundError, isUserError } from './errors.js';
export type { SpecIssue } from './errors.js';

export { fileNameProblem, isPlainFileName, MAX_FILE_NAME_LENGTH } from './files/plain-file-name.js';
export { writeFileInside, pathInside, UnsafePathError } from './files/write-inside.js';
export { LogLimiter } from './log/log-limiter.js';
export type { LogLimiterOptions } from './log/log-limiter.js';

export {
  MAX_MESSAGE_BYTES, NamedConfig, ObjectRef, Stage, TrialStatus, Params, SplitRef, TrialAssignment, EpochMetrics, TrialResult,
  TrialProgress, WorkerHeartbeat, SweepRecord, parseMessage, encodeMessage,
} from './messages.js';

export {
  ToyOptions, MnistOptions, Sp500Options, NoopOptions, TaskOptions, TASK_NAMES,
  LstmAeOptions, LstmAeClassifierOptions, LstmAePredictorOptions, ModelOptions, MODEL_NAMES,
  TrainOptions, NUMERIC_TRAIN_OPTIONS,
  SweepSpec, GridValue, FilterStage, EvaluateStage, FinalStage, OBJECTIVE_METRICS, SWEEP_SPEC_KEYS,
  parseSpec, loadSpecText, loadSpecFile, readSpecText, MAX_SPEC_BYTES, MAX_SPEC_DEPTH, MAX_YAML_ALIASES,
  applyOverrides, applyDataPath, resolvePoint, SWEEPABLE_TRAIN_OPTIONS, sweepableKeys,
} from './spec/index.js';
export type {
  TaskName, ModelName, TrainOptionsInput, SweepSpecInput, Objective, ObjectiveMetric, Grid, LoadSpecOptions, ResolvedPoint,
} from './spec/index.js';

export {
  expandGrid, canonicalJson, pointId, trialId, createRng, holdoutSplit, kfoldSplits, resolveSplit, planStage, planFinal,
  summarizePoints, sampleStd, compareStd, rankPoints, rankLeaderboard, selectSurvivors, survivorCount, isRankable, describePlan,
} from './plan/index.js';
export type {
  TrialKey, Rng, MutableArrayLike, HoldoutSplit, TrainValSplit, StagePlanRequest, FinalPlanRequest, PointSummary,
  ObjectiveMode, SurvivorCount, PlanSummary,
} from './plan/index.js';

export { ResultsFile, ResultsTrial, LeaderboardEntry, BestPoint, toResultsTrial, parseResultsFile } from './results-file.js';
export type { ResultsFileCheck } from './results-file.js';

export { DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER, resolveQueueOptions, sha256Hex, MemoryTransport, MemoryBroker, MEMORY_PREFIX } from './transport/index.js';
export type {
  Transport, TrialLease, Subscription, QueueOptions, DeliveryExhausted, InvalidMessageHandler, ResolvedQueueOptions,
  MemoryTransportOptions,
} from './transport/index.js';
export { IpcTransport, serveTransport } from './transport/ipc/index.js';
export type { IpcChannel, IpcEndpoint, BridgeHandle, ServeOptions } from './transport/ipc/index.js';
