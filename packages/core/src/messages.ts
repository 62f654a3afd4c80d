/**
 * Every message seqsweep puts on the wire, as strict zod schemas. Types are `z.infer` of these schemas and never
 * written by hand. Messages are parsed once, where they come off a transport (see `parseMessage`), so handlers
 * only ever see typed values.
 */
import { z } from 'zod';
import { InvalidMessageError } from './errors.js';
import { fileNameProblem, MAX_FILE_NAME_LENGTH } from './files/plain-file-name.js';

/** The largest message any subject accepts, in bytes. Larger payloads are rejected before parsing. */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.-]+$/, 'only letters, digits, ".", "_" and "-"')
  // A sweep id names the run's folder.
  .refine((s) => s !== '.' && s !== '..', 'not "." or ".."');
const finite = z.number().finite();
const scalar = z.union([z.string().max(1024), finite, z.boolean(), z.null()]);
/** A name that becomes a file name on disk: one plain path segment (see `fileNameProblem`). */
const fileName = z.string().max(MAX_FILE_NAME_LENGTH).superRefine((name, ctx) => {
  const problem = fileNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** A key of `dataRefs`: the task option it replaces (`path`), or `dir/<file>` for a file of the task's folder. */
const dataKey = z.string().max(MAX_FILE_NAME_LENGTH + 4).superRefine((key, ctx) => {
  const problem = fileNameProblem(key.startsWith('dir/') ? key.slice('dir/'.length) : key);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** The SHA-256 of an object, lower-case hex: workers name cached copies by it. */
const digest = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lower-case hex');
/** A file in the transport's object store: its name there and the digest its bytes must have. */
export const ObjectRef = z.object({ name: z.string().min(1).max(512), digest }).strict();
export type ObjectRef = z.infer<typeof ObjectRef>;
/** A path inside a module's folder: plain segments joined by `/` (never `..`), as workers write it in their cache. */
const modulePath = z.string().max(1024).superRefine((path, ctx) => {
  const segments = path.split('/');
  const problem = segments.length > 16 ? 'more than 16 folders deep' : segments.map(fileNameProblem).find((p) => p !== undefined);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/**
 * A user's module a sweep runs, shipped through the object store: its entry file and every file it imports
 * relatively, each by digest. `digest` (over the files' paths and digests) names the module as a whole: what
 * `seqsweep worker --trust` takes and results.json records.
 */
export const ModuleRef = z.object({ entry: modulePath, digest, files: z.record(modulePath, ObjectRef) }).strict();
export type ModuleRef = z.infer<typeof ModuleRef>;
/** The modules of a sweep's task and model, where the spec names modules. */
export const CodeRefs = z.object({ task: ModuleRef.optional(), model: ModuleRef.optional() }).strict();
export type CodeRefs = z.infer<typeof CodeRefs>;
/**
 * A training checkpoint in the `models` object store: what a fold trial leaves at the end of a halving rung, so
 * that a promoted trial continues from it (weights, optimizer state, epoch, data-order RNG position, early-stopping
 * and divergence state, and the history so far). `epoch` is the number of epochs it holds.
 */
export const CheckpointRef = ObjectRef.extend({ epoch: z.number().int().min(1).max(100_000) }).strict();
export type CheckpointRef = z.infer<typeof CheckpointRef>;
/**
 * Successive halving's part of a fold trial: train until `epochs` epochs in all (the rung's budget), continuing
 * from `from` when given (the previous rung's checkpoint), and leave a checkpoint at the end.
 */
export const Fidelity = z.object({ rung: z.number().int().min(0).max(64), epochs: z.number().int().min(1).max(100_000), from: CheckpointRef.optional() }).strict();
export type Fidelity = z.infer<typeof Fidelity>;
type Json = z.infer<typeof scalar> | Json[] | { [k: string]: Json };
const json: z.ZodType<Json> = z.lazy(() => z.union([scalar, z.array(json).max(10_000), z.record(z.string().max(256), json)]));

/** A named component config (`{name, ...options}`) as it travels; the worker validates options against the spec. */
export const NamedConfig = z.object({ name: z.string().min(1).max(64) }).catchall(json);
export type NamedConfig = z.infer<typeof NamedConfig>;

export const Stage = z.enum(['filter', 'evaluate', 'final']);
export type Stage = z.infer<typeof Stage>;

/**
 * `raced-out`: withdrawn by fold racing before a worker trained it, its point stopped (see `SweepRecord.race`);
 * `skipped`: a fold of a point still live, not run because its stage's race was decided (`RaceState.decided`).
 */
export const TrialStatus = z.enum(['completed', 'failed', 'diverged', 'pruned', 'raced-out', 'skipped']);
export type TrialStatus = z.infer<typeof TrialStatus>;

/** A point of the grid: swept option name to value. */
export const Params = z.record(z.string().max(64), scalar);
export type Params = z.infer<typeof Params>;

/** A split by date: the folds (`forward` or `blocked`), and the dates left out between training and what it is judged on. */
export const ChronologicalRef = z.object({ cv: z.enum(['forward', 'blocked']), gap: z.number().int().min(0), embargo: z.number().int().min(0) }).strict();
export type ChronologicalRef = z.infer<typeof ChronologicalRef>;

/** Which rows a trial trains and validates on. Without `chronological` the split is random (seeded). */
export const SplitRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kfold'), folds: z.number().int().min(2).max(100), fold: z.number().int().min(0), testFraction: finite.min(0).lt(1), chronological: ChronologicalRef.optional() }).strict(),
  z.object({ kind: z.literal('final'), testFraction: finite.min(0).lt(1), chronological: ChronologicalRef.optional() }).strict(),
]);
export type SplitRef = z.infer<typeof SplitRef>;

/** How a forecast compares with persistence over one horizon: MSEs (scaled units), their ratio, the paired test. */
export const PersistenceComparison = z.object({
  /** Null when not finite (a model that diverged). */
  modelMse: finite.nullable(),
  persistenceMse: finite.nullable(),
  /** `modelMse / persistenceMse`. */
  ratio: finite.nullable(),
  /** Mean paired difference over its standard error (blocks of consecutive days); null with too few blocks. */
  z: finite.nullable(),
  /** `beats` only when z < -2, `worse` when z > 2, else `no-better`. */
  verdict: z.enum(['beats', 'no-better', 'worse']),
  /** Test windows scored. */
  windows: z.number().int().min(0),
}).strict();
export type PersistenceComparison = z.infer<typeof PersistenceComparison>;

/** The next-day and the closed-loop multi-step comparison (null when the windows have more than one feature). */
export const VsPersistence = z.object({ nextDay: PersistenceComparison, multiStep: PersistenceComparison.nullable() }).strict();
export type VsPersistence = z.infer<typeof VsPersistence>;

/** A range of dates, ISO days (`2017-03-01`), both ends included. */
export const DateRange = z.object({ first: z.string().max(32), last: z.string().max(32) }).strict();
export type DateRange = z.infer<typeof DateRange>;

/**
 * The dates a trial's split by date covers: the first and last day of the windows it trained on and of those it
 * was judged on (validation, or the test for the final trial), and the test's cut-off date (null: nothing held out).
 */
export const SplitDates = z.object({
  train: DateRange.nullable(),
  val: DateRange.nullable(),
  cutoff: z.string().max(32).nullable(),
  /** The held-out test windows' first and last day (the same for every trial of a sweep). */
  test: DateRange.nullable(),
  /** Dates left out between the training period and the test. */
  gap: z.number().int().min(0),
}).strict();
export type SplitDates = z.infer<typeof SplitDates>;

/**
 * One trial to train: published to `<prefix>.trials.<sweepId>` with the message id `<sweepId>/<trialId>` (see
 * nats-layout.ts in @seqsweep/transport-nats).
 */
export const TrialAssignment = z
  .object({
    sweepId: id,
    trialId: id,
    pointId: id,
    stage: Stage,
    params: Params,
    seed: z.number().int(),
    task: NamedConfig,
    model: NamedConfig,
    train: z.record(z.string().max(64), json),
    split: SplitRef,
    /** Object-store digests of data files named by path in the task, keyed by option name or `dir/<plain file name>`. */
    dataRefs: z.record(dataKey, ObjectRef).optional(),
    /** The task's and model's modules, for a spec that names modules: a worker runs them only when it accepts code. */
    codeRefs: CodeRefs.optional(),
    /** Under successive halving: the rung this trial trains to, and the checkpoint it continues from. */
    fidelity: Fidelity.optional(),
  })
  .strict();
export type TrialAssignment = z.infer<typeof TrialAssignment>;

/** Metrics of one epoch (train and validation). Keys such as `loss`, `valLoss`, `valAccuracy`. */
export const EpochMetrics = z.record(z.string().max(64), finite.nullable());
export type EpochMetrics = z.infer<typeof EpochMetrics>;

/** The outcome of a trial: published to `<prefix>.results.<sweepId>.<trialId>`, one per subject, message id `<sweepId>/<trialId>`. */
export const TrialResult = z
  .object({
    sweepId: id,
    trialId: id,
    pointId: id,
    stage: Stage,
    params: Params,
    fold: z.number().int().min(-1),
    status: TrialStatus,
    /** Metrics of the epoch the objective picked (validation), plus `test*` metrics for the final stage. */
    metrics: EpochMetrics,
    /** One entry per epoch trained. */
    history: z.array(EpochMetrics).max(100_000),
    bestEpoch: z.number().int().min(-1),
    worker: z.string().max(256),
    attempts: z.number().int().min(1),
    durationMs: finite.min(0),
    backend: z.string().max(64),
    error: z.string().max(4096).optional(),
    /** Files the worker stored in the object store (the final model), by plain file name: the coordinator writes them under that name. */
    artifacts: z.record(fileName, ObjectRef).optional(),
    /** For a split by date: the dates it trained and was judged on. */
    dates: SplitDates.optional(),
    /** For a forecast's final trial: its test errors against persistence ("tomorrow equals today"). */
    vsPersistence: VsPersistence.optional(),
    /** Under successive halving: the rung the trial trained to (its assignment's `fidelity.rung`). */
    rung: z.number().int().min(0).max(64).optional(),
    /** Under successive halving: the checkpoint the trial left at the end of its rung (absent when it failed or diverged). */
    checkpoint: CheckpointRef.optional(),
    finishedAt: z.string().max(64),
  })
  .strict();
export type TrialResult = z.infer<typeof TrialResult>;

/** Throttled live progress of a trial: plain subject `<prefix>.progress.<sweepId>.<trialId>`. */
export const TrialProgress = z
  .object({
    sweepId: id,
    trialId: id,
    pointId: id,
    stage: Stage,
    worker: z.string().max(256),
    epoch: z.number().int().min(0),
    epochs: z.number().int().min(1),
    batch: z.number().int().min(0).optional(),
    batches: z.number().int().min(0).optional(),
    loss: finite.nullable(),
    valLoss: finite.nullable().optional(),
    ts: finite,
  })
  .strict();
export type TrialProgress = z.infer<typeof TrialProgress>;

/** A worker's heartbeat on `<prefix>.workers`, every few seconds. */
export const WorkerHeartbeat = z
  .object({
    workerId: z.string().min(1).max(256),
    host: z.string().max(256),
    pid: z.number().int(),
    state: z.enum(['idle', 'training', 'stopping']),
    sweepId: id.optional(),
    trialId: id.optional(),
    done: z.number().int().min(0),
    backend: z.string().max(64),
    /** Which sweeps' code it runs: `all` (`--allow-code`), `trusted` (`--trust DIGEST`) or `none`. @default none */
    code: z.enum(['all', 'trusted', 'none']).optional(),
    ts: finite,
  })
  .strict();
export type WorkerHeartbeat = z.infer<typeof WorkerHeartbeat>;

/** A point that fold racing stopped: the test that stopped it, as it stood at that moment. */
export const RacedOut = z
  .object({
    pointId: id,
    stage: z.enum(['filter', 'evaluate']),
    /** Folds the point had completed when it was raced out. */
    afterFolds: z.number().int().min(0),
    /** The folds the paired test compared (those both points had). */
    compared: z.array(z.number().int().min(0)).max(100),
    /** The one-sided p-value of "no worse than the reference". */
    p: finite.min(0).max(1),
    /** The point it was compared with: the leader (evaluate) or the keep-th best point (filter). */
    leader: id,
    test: z.enum(['t', 'wilcoxon']),
    /**
     * The race's tolerance, when above 0: the test was of "better than the reference by tolerance x |its mean|",
     * so the point may be as good as the reference, just not better by that much.
     */
    tolerance: finite.gt(0).lt(1).optional(),
    /** In a stage that trains in rungs: the rung whose folds were compared. */
    rung: z.number().int().min(0).max(64).optional(),
    at: z.string().max(64),
  })
  .strict();
export type RacedOut = z.infer<typeof RacedOut>;

/**
 * A stage whose race is decided: racing had left only as many live points as go on (the filter stage's `keep`,
 * the evaluate stage's one leader), so the stage's remaining folds could change nothing and were not run.
 */
export const RaceDecided = z
  .object({
    /** The points still live, which all go on (the evaluate stage: the best point). */
    live: z.array(id).min(1).max(100_000),
    /** Folds each live point had completed, in `live`'s order. */
    folds: z.array(z.number().int().min(0)).max(100_000),
    at: z.string().max(64),
  })
  .strict();
export type RaceDecided = z.infer<typeof RaceDecided>;

/** Fold racing's part of the sweep record. */
export const RaceState = z
  .object({
    /** The highest round (fold index) published per stage; -1 or absent: none yet. */
    rounds: z.object({ filter: z.number().int().min(-1), evaluate: z.number().int().min(-1) }).partial().strict().default({}),
    /** The raced-out points, in the order they were stopped. */
    out: z.array(RacedOut).max(100_000).default([]),
    /** The stages whose race was decided; workers skip their remaining folds. */
    decided: z.object({ filter: RaceDecided, evaluate: RaceDecided }).partial().strict().default({}),
  })
  .strict();
export type RaceState = z.infer<typeof RaceState>;

/**
 * A point that a rung pruner sent on to the next rung of a stage: recorded before the point's trials of that rung are
 * published, so that a resumed coordinator publishes them again (a repeat is dropped) and never trains a rung twice.
 */
export const RungPromotion = z
  .object({
    pointId: id,
    stage: z.enum(['filter', 'evaluate']),
    /** The rung the point goes on to (from 1). */
    rung: z.number().int().min(1).max(64),
    /** Its rank at the rung below among the points that had finished that rung then (1 is the best), and how many those were. */
    rank: z.number().int().min(1),
    of: z.number().int().min(1),
    at: z.string().max(64),
  })
  .strict();
export type RungPromotion = z.infer<typeof RungPromotion>;

/**
 * A point a rung pruner stopped: it finished `rung` (`epochs` epochs) and was not sent on. `rank` of `of` is its
 * place among the points that finished that rung with a score, when the rung closed. `rule` names the pruner.
 */
export const HaltedPoint = z
  .object({
    pointId: id,
    stage: z.enum(['filter', 'evaluate']),
    rung: z.number().int().min(0).max(64),
    epochs: z.number().int().min(1).max(100_000),
    rank: z.number().int().min(1),
    of: z.number().int().min(1),
    rule: z.enum(['halving', 'median']),
    at: z.string().max(64),
  })
  .strict();
export type HaltedPoint = z.infer<typeof HaltedPoint>;

/** The rung pruners' part of the sweep record (`stages.*.halving`, `stages.*.median`). */
export const RungState = z
  .object({
    /** Every promotion, in the order made. */
    promoted: z.array(RungPromotion).max(1_000_000).default([]),
    /** Every halted point, in the order its rung closed. */
    halted: z.array(HaltedPoint).max(100_000).default([]),
    /** The highest rung closed per stage (every point that reached it has finished it, and its promotions are made). */
    closed: z.object({ filter: z.number().int().min(0), evaluate: z.number().int().min(0) }).partial().strict().default({}),
  })
  .strict();
export type RungState = z.infer<typeof RungState>;

/** A sweep's record in the KV bucket, one key per sweep. */
/**
 * What stage one's strategy has drawn. A resumed coordinator replays the stored results against it and takes each
 * point from here rather than drawing it again, so a point is never drawn twice and the draws go on as before.
 */
export const SearchState = z
  .object({
    /** The strategy's registry name. */
    strategy: z.string().min(1).max(64),
    /** Every point drawn, in the order drawn. */
    drawn: z.array(Params).max(100_000),
    /** For a strategy that draws as results arrive: the stage-one trials it keeps unfinished (the workers it keeps busy). */
    parallel: z.number().int().positive().max(100_000),
    /** Set when the space ran out of undrawn points before `search.trials`: stage one ended early. */
    exhausted: z.boolean().optional(),
  })
  .strict();
export type SearchState = z.infer<typeof SearchState>;

export const SweepRecord = z
  .object({
    sweepId: id,
    name: z.string().max(256),
    spec: z.record(z.string(), json),
    stage: Stage,
    status: z.enum(['running', 'completed', 'failed']),
    createdAt: z.string().max(64),
    updatedAt: z.string().max(64),
    /** Lease settings of the sweep's work queue, so every worker keeps its leases alive in time. */
    queue: z.object({ ackWaitMs: z.number().int().positive(), maxDeliver: z.number().int().positive() }).strict(),
    /** Point ids that stage one kept. */
    survivors: z.array(id).optional(),
    /** Point ids pruned because a fold diverged: workers skip their remaining trials. */
    pruned: z.array(id).default([]),
    /** Object-store digests of data files the spec names by path. */
    dataRefs: z.record(dataKey, ObjectRef).optional(),
    /** The task's and model's modules, by digest, for a spec that names modules. */
    codeRefs: CodeRefs.optional(),
    /** Fold racing's state, present when a stage races: workers skip the trials of raced-out points. */
    race: RaceState.optional(),
    /** Stage one's search: every point drawn, in draw order, written before its trials are published. */
    search: SearchState.optional(),
    /** The rung pruners' promotions and halted points, present when a stage trains in rungs. */
    rungs: RungState.optional(),
  })
  .strict();
export type SweepRecord = z.infer<typeof SweepRecord>;

/**
 * Parses bytes or text that came off `subject` against `schema`. Throws {@link InvalidMessageError} for anything
 * oversized, not JSON, or not of the schema; callers log it once and drop the message.
 */
export function parseMessage<S extends z.ZodType>(schema: S, subject: string, data: Uint8Array | string): z.infer<S> {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  if (size > MAX_MESSAGE_BYTES) throw new InvalidMessageError(subject, `${size} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit`);
  let value: unknown;
  try {
    value = JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
  } catch (cause) {
    throw new InvalidMessageError(subject, 'not JSON', { cause });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new InvalidMessageError(subject, `${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Serialises a message for the wire. */
export function encodeMessage(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
