/**
 * @seqsweep/core: the contract every seqsweep process shares. Sweep specs, planning, wire messages, errors, the
 * results.json schema, and the Transport interface with its in-memory and IPC transports. zod and yaml only: no
 * tfjs (that is @seqsweep/ml), no NATS client (@seqsweep/transport-nats), no process globals, no UI.
 */
export { ErrorCode, UserError, SpecError, DataError, ModuleError, InvalidMessageError, SweepNotFoundError, isUserError, DeterministicTrialError, isDeterministicTrialError } from './errors.js';
export type { SpecIssue } from './errors.js';

export { fileNameProblem, isPlainFileName, MAX_FILE_NAME_LENGTH } from './files/plain-file-name.js';
export { writeFileInside, dirInside, pathInside, UnsafePathError } from './files/write-inside.js';
export { openRegularFile, readRegularFile, fileKind, byteText, tooLarge, DATA_FILE_MAX_BYTES, MNIST_DATA_FILE } from './files/read-regular-file.js';
export type { DataFileOptions } from './files/read-regular-file.js';
export { LogLimiter } from './log/log-limiter.js';
export { safeText, safeResult, SAFE_TEXT_MAX, SAFE_ERROR_MAX } from './log/safe-text.js';
export type { LogLimiterOptions } from './log/log-limiter.js';

export {
  MAX_MESSAGE_BYTES, NamedConfig, ObjectRef, ModuleRef, CodeRefs, CheckpointRef, Fidelity, Stage, TrialStatus, Params, SplitRef, TrialAssignment, EpochMetrics, TrialResult,
  TrialProgress, WorkerHeartbeat, SweepRecord, SearchState, RacedOut, RaceDecided, RaceState, RungPromotion, HaltedPoint, RungState, parseMessage, encodeMessage,
  ChronologicalRef, DateRange, SplitDates, PersistenceComparison, VsPersistence,
} from './messages.js';

export {
  ToyOptions, MnistOptions, Sp500Options, SeriesOptions, NoopOptions, TaskOptions, TASK_NAMES,
  SplitOptions, FORECAST_TASKS, fillSplit, randomSplitWarning,
  LstmAeOptions, LstmAeClassifierOptions, LstmAePredictorOptions, ModelOptions, MODEL_NAMES,
  TrainOptions, NUMERIC_TRAIN_OPTIONS,
  SweepSpec, GridValue, FilterStage, EvaluateStage, FinalStage, OBJECTIVE_METRICS, SWEEP_SPEC_KEYS,
  SpaceSetting, SearchSetting, searchSpaceOf, toDistribution, DISTRIBUTION_KINDS,
  parseSpec, loadSpecText, loadSpecFile, readSpecText, MAX_SPEC_BYTES, MAX_SPEC_DEPTH, MAX_YAML_ALIASES,
  applyOverrides, applyDataPath, applySearch, parseRange, rangeEntry, resolvePoint, SWEEPABLE_TRAIN_OPTIONS, sweepableKeys, RaceOptions, RaceSetting,
  HalvingOptions, HalvingSetting, MedianOptions, MedianSetting, rungEpochs,
  ModuleOptions, BUILTIN_TASKS, BUILTIN_MODELS, TOY_TASK, MNIST_TASK, SP500_TASK, SERIES_TASK, NOOP_TASK, LSTM_AE_MODEL,
  LSTM_AE_CLASSIFIER_MODEL, LSTM_AE_PREDICTOR_MODEL, TASK_KINDS, MODEL_HEADS, HEADS_FOR_METRIC, declareTask, declareModel,
  componentKey, isModuleComponent, taskDeclaration, modelDeclaration, listTaskDeclarations, listModelDeclarations,
  builtinTaskDeclarations, builtinModelDeclarations, registerModuleTask, registerModuleModel, ownOptions, taskUsesSeed,
  withModuleDefaults, loadSpecModules, importModuleFile,
} from './spec/index.js';
export { moduleDigest, modulesOf, acceptsCode, codePolicyWord, refusedCodeText } from './spec/module-digest.js';
export type { CodePolicy } from './spec/module-digest.js';
export { codeRefs, describeCode, relativeImports } from './spec/module-files.js';
export type { PutFile } from './spec/module-files.js';
export type {
  TaskName, ModelName, TrainOptionsInput, SweepSpecInput, Objective, ObjectiveMetric, Grid, LoadSpecOptions, ResolvedPoint, RaceConfig, HalvingConfig, MedianConfig,
  SplitChoice, SplitOptionsInput, SpaceEntryInput, SearchConfig, SearchOverride, TaskKind, ModelHead, FileOption, OptionsSchema,
  TaskDeclaration, ModelDeclaration, ModuleImporter,
} from './spec/index.js';

export {
  expandGrid, canonicalJson, pointId, trialId, createRng, restoreRng, holdoutSplit, kfoldSplits, resolveSplit, planStage, planFinal,
  summarizePoints, sampleStd, compareStd, rankPoints, rankLeaderboard, selectSurvivors, survivorCount, isRankable, describePlan, racedStages,
  stageRungs, rungOf, atReachedRung, scoredAtReachedRung, haltedIn, haltedText, planRung,
  pairedTTest, wilcoxonSignedRank, pairedTest, studentTUpper, regularizedBeta, logGamma,
  racedOutOf, racedOutText, raceVerdict, withdrawnResult, raceDecidedIn, raceDecidedText, skippedResult, notRunResult, wasTrained, formatP, formatTolerance, leaderboardBlock,
  finalSplitRef, datedHoldout, datedFold, calendarPositions, splitDates, windowRange, isoDay,
  protocolLine, protocolLineOf, buildProtocol, holdoutDates, unusableFolds, SplitProtocol, FoldDates,
  fromUnit, valueAt, valueCount, spaceSize, isDiscrete, STRATEGIES, STRATEGY_NAMES, strategyEntry, STRATEGY_TRAITS, TpeOptions,
  gridStrategy, gridPoints, searchExhaustedText, pointsInFlight, paramText, strategyOf, stageOneSize, drawRunning, firstDraws,
} from './plan/index.js';
export type {
  TrialKey, Rng, RngState, MutableArrayLike, HoldoutSplit, TrainValSplit, StagePlanRequest, FinalPlanRequest, PointSummary,
  ObjectiveMode, SurvivorCount, PlanSummary, RungPlan, PairedTest, RaceTestName, ResolvedSplit, DatedHoldout, DatedSplit, DateSpan,
  ProtocolDates, ProtocolTrial, WindowDates, MinMaxScaler, StageRungs, RungPlanRequest,
  SearchSpace, Distribution, SpaceValue, UniformDistribution, LogUniformDistribution, IntDistribution, ChoiceDistribution,
  SearchStrategy, Observation, StrategyContext, StrategyFactory, StrategyEntry, StrategyTraits, SpecStrategy, FirstDraws, StrategyTable,
} from './plan/index.js';
export { checkTrialLimit, plannedTrials, TooManyTrialsError, DEFAULT_MAX_TRIALS } from './plan/trial-limit.js';
export { randomStrategy, sobolStrategy, tpeStrategy, SobolOptions, SURFACES, SURFACE_NAMES, SURFACE_KEY, surfaceKeys, surfaceValue } from './plan/index.js';
export type { Surface, SurfaceName } from './plan/index.js';

export {
  BLOCK_DAYS, SIGNIFICANT_Z, verdictOf, dayBlocks, pairedDifference, sp500Errors, toDollars, evenSubset, multiStepErrors,
  closedLoopRollout, seenDays, comparison, MAX_NEXT_DAY_WINDOWS, MAX_ROLLOUT_WINDOWS, scoreForecast,
} from './forecast/index.js';
export type {
  PersistenceVerdict, PairedDifference, BlockSource, PairedMse, CompanyErrors, Sp500Errors, WindowData, PairedSteps,
  MultiStepErrors, NextDayModel, ForecastScores,
} from './forecast/index.js';

export { ResultsFile, ResultsTrial, LeaderboardEntry, BestPoint, RaceSummary, RaceStageSummary, HalvingSummary, RungStageSummary, ResultsImportance, ParamImportanceEntry, toResultsTrial, fromResultsTrial, parseResultsFile } from './results-file.js';
export type { ResultsFileCheck } from './results-file.js';

export { DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER, resolveQueueOptions, sha256Hex, MemoryTransport, MemoryBroker, MEMORY_PREFIX } from './transport/index.js';
export { DEFAULT_MAX_OBJECT_BYTES, DEFAULT_OBJECT_TIMEOUT_MS, resolveObjectLimits } from './transport/index.js';
export type { ObjectReadLimits, ResolvedObjectLimits, ObjectStoreName, ObjectStoreChoice } from './transport/index.js';
export type {
  Transport, PullOptions, TrialLease, Subscription, QueueOptions, DeliveryExhausted, InvalidMessageHandler, ResolvedQueueOptions,
  MemoryTransportOptions,
} from './transport/index.js';
export { IpcTransport, serveTransport } from './transport/ipc/index.js';
export type { IpcChannel, IpcEndpoint, BridgeHandle, ServeOptions } from './transport/ipc/index.js';
