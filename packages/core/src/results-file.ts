/**
 * The shape of `results.json`, as one zod schema: the coordinator writes a {@link ResultsFile}, and the report
 * reads the file back through {@link parseResultsFile}. Types are `z.infer` of the schemas, never hand-written.
 */
import { z } from 'zod';
import { CodeRefs, HaltedPoint, Params, RaceDecided, RacedOut, RaceState, RungState, SearchState, Stage, SweepRecord, TrialResult, VsPersistence } from './messages.js';
import { HalvingOptions, MedianOptions } from './spec/halving-spec.js';
import { RaceOptions } from './spec/race-spec.js';
import { SplitProtocol } from './plan/protocol.js';
import { OBJECTIVE_METRICS, SweepSpec } from './spec/sweep-spec.js';
import { safeResult } from './log/safe-text.js';

const score = z.number().finite().nullable();

/** One row of the leaderboard in results.json. */
export const LeaderboardEntry = z
  .object({
    rank: z.number().int().min(1),
    pointId: z.string().min(1),
    params: Params,
    stage: z.enum(['filter', 'evaluate']),
    mean: score,
    std: score,
    folds: z.number().int().min(0),
    /**
     * `raced-out`: fold racing stopped the point in this stage; its mean and std are then null. `halted`: a rung
     * pruner stopped it at a rung; its mean and std are over its folds at that rung (fewer epochs than the stage's).
     */
    status: z.enum(['ok', 'diverged', 'failed', 'raced-out', 'halted']),
    survivor: z.boolean(),
    /** The test that raced the point out, as it stood at that moment. */
    racedOut: RacedOut.optional(),
    /** Where a rung pruner halted the point: "halted at 4 epochs (rank 7 of 9)" (see `haltedText`). */
    halted: HaltedPoint.optional(),
  })
  .strict();
export type LeaderboardEntry = z.infer<typeof LeaderboardEntry>;

/** The best point: its cross-validated score and its one evaluation on the held-out test split. */
export const BestPoint = z
  .object({
    pointId: z.string().min(1),
    params: Params,
    cv: z.object({ mean: score, std: score, folds: z.number().int().min(0) }).strict(),
    test: z.record(z.string(), score),
    trialId: z.string().min(1),
    /**
     * A forecast's test errors against persistence, next day and multi-step (closed loop), each with its paired
     * verdict: the figures the report shows. Null for tasks that are not forecasts; absent in older files.
     */
    vsPersistence: VsPersistence.nullable().optional(),
  })
  .strict();
export type BestPoint = z.infer<typeof BestPoint>;

const ms = z.number().finite().min(0);

/** One raced stage in results.json's `race` summary. */
export const RaceStageSummary = z
  .object({
    config: RaceOptions,
    /** Folds a worker trained (a running fold that was let finish counts: its compute was spent). */
    foldsRun: z.number().int().min(0),
    /** Folds withdrawn before any worker trained them: raced-out points' and, once decided, live points' folds. */
    foldsSkipped: z.number().int().min(0),
    pointsRacedOut: z.number().int().min(0),
    /** Present when the stage's race was decided and its remaining folds skipped (`decided: stop`). */
    decided: RaceDecided.optional(),
    /** The sum of `durationMs` over the stage's trials. */
    computeMs: ms,
    /** An estimate: skipped folds times the mean duration of the stage's trained folds. */
    savedMs: ms,
  })
  .strict();
export type RaceStageSummary = z.infer<typeof RaceStageSummary>;

/** results.json's `race`: present when a stage raced its folds. */
export const RaceSummary = z
  .object({
    stages: z.object({ filter: RaceStageSummary, evaluate: RaceStageSummary }).partial().strict(),
    /** Compute spent over the raced stages, and the estimate of what racing saved, in ms. */
    computeMs: ms,
    savedMs: ms,
    /** The folds the raced stages plan without racing (the worst case), and the folds run. */
    worstCaseFolds: z.number().int().min(0),
    foldsRun: z.number().int().min(0),
    /**
     * The race as the sweep record held it (rounds published, points raced out, decisions): what `seqsweep resume`
     * continues an embedded sweep from. Absent in files written before it was kept.
     */
    state: RaceState.optional(),
  })
  .strict();
export type RaceSummary = z.infer<typeof RaceSummary>;

/** One stage that trained in rungs, in results.json's `halving` summary. */
export const RungStageSummary = z
  .object({
    /** The rung pruner: `halving` (ASHA) or `median`. */
    rule: z.enum(['halving', 'median']),
    config: z.union([HalvingOptions, MedianOptions]),
    /** Each rung's epochs, the last the stage's own. */
    rungs: z.array(z.number().int().min(1)).min(1).max(65),
    /** How many points reached each rung. */
    reached: z.array(z.number().int().min(0)).max(65),
    /** Points halted at a rung below the top. */
    halted: z.number().int().min(0),
    /** Epochs trained over every fold trial of the stage (a promoted trial counts only the epochs it added). */
    epochsRun: z.number().int().min(0),
    /** Epochs the stage trains without rungs: its points times its folds times its epochs. */
    worstCaseEpochs: z.number().int().min(0),
    /** The sum of `durationMs` over the stage's trials. */
    computeMs: ms,
  })
  .strict();
export type RungStageSummary = z.infer<typeof RungStageSummary>;

/** results.json's `halving`: present when a stage trained in rungs (`halving` or `median`). */
export const HalvingSummary = z
  .object({
    stages: z.object({ filter: RungStageSummary, evaluate: RungStageSummary }).partial().strict(),
    /** The rungs as the sweep record held them (promotions, halted points, closed rungs). */
    state: RungState.optional(),
  })
  .strict();
export type HalvingSummary = z.infer<typeof HalvingSummary>;

/** One parameter's importance: its main effect's share of the score's variance across points, and its std over fold resamples. */
export const ParamImportanceEntry = z
  .object({
    share: z.number().finite().min(0).max(1),
    /** Null when the points had fewer than two folds to resample. */
    std: z.number().finite().min(0).nullable(),
  })
  .strict();

/**
 * results.json's `importance`: how much each swept parameter moves the objective across the stage-one points
 * (`@seqsweep/insight` computes it; docs/results.md says how to read it). Absent with too few points.
 */
export const ResultsImportance = z
  .object({
    /** How it was computed: `fanova-random-forest`. */
    method: z.string().min(1),
    /** Points with a score that the model was fit on. */
    points: z.number().int().min(0),
    /** Fold resamples behind each `std`. */
    resamples: z.number().int().min(0),
    params: z.record(z.string(), ParamImportanceEntry),
  })
  .strict();
export type ResultsImportance = z.infer<typeof ResultsImportance>;

/** One trial as results.json records it: the result less its wire-only fields (sweepId, artifacts). */
export const ResultsTrial = TrialResult.pick({
  pointId: true, stage: true, params: true, fold: true, status: true, metrics: true, history: true,
  bestEpoch: true, worker: true, attempts: true, durationMs: true, backend: true, error: true, dates: true, rung: true, checkpoint: true,
})
  .extend({
    id: TrialResult.shape.trialId,
    /** When the worker finished it (ISO time); absent in files written before it was recorded. */
    finishedAt: TrialResult.shape.finishedAt.optional(),
  })
  .strict();
export type ResultsTrial = z.infer<typeof ResultsTrial>;

/** The whole of results.json. */
export const ResultsFile = z
  .object({
    sweepId: z.string().min(1),
    name: z.string(),
    status: SweepRecord.shape.status,
    stage: Stage,
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The complete spec; a parsed spec parses again to itself. */
    spec: SweepSpec,
    objective: z.object({ metric: z.enum(OBJECTIVE_METRICS), mode: z.enum(['min', 'max']) }).strict(),
    survivors: z.array(z.string()),
    pruned: z.array(z.string()),
    trials: z.array(ResultsTrial),
    leaderboard: z.array(LeaderboardEntry),
    best: BestPoint.nullable(),
    /** Fold racing's summary, when a stage raced. */
    race: RaceSummary.optional(),
    /** The rung pruners' summary, when a stage trained in rungs. */
    halving: HalvingSummary.optional(),
    /** How the data was split: the kind, the cut-off and gap, and each fold's training and validation dates. */
    protocol: SplitProtocol.optional(),
    /** Stage one's strategy and every point it drew, in the order drawn (an embedded resume continues from it). */
    search: SearchState.optional(),
    /**
     * Results the coordinator refused since it (last) started: forged or misrouted, or sent for a trial it had not
     * published in the stage it was running. None of them counts anywhere above. Absent in older files.
     */
    refusedResults: z.number().int().min(0).optional(),
    /** Parameter importance over the stage-one points; absent in older files and with fewer than four scored points. */
    importance: ResultsImportance.optional(),
    /** The modules the spec's task and model ran, each with its digest and files, so that a run can be reproduced. */
    code: CodeRefs.optional(),
  })
  .strict();
export type ResultsFile = z.infer<typeof ResultsFile>;

/** A trial result as results.json records it. */
export function toResultsTrial(result: TrialResult): ResultsTrial {
  // results.json is read by people and by the report: a worker's own text goes in escaped and capped.
  const r = safeResult(result);
  return {
    id: r.trialId, pointId: r.pointId, stage: r.stage, params: r.params, fold: r.fold, status: r.status, metrics: r.metrics,
    history: r.history, bestEpoch: r.bestEpoch, worker: r.worker, attempts: r.attempts, durationMs: r.durationMs,
    backend: r.backend, finishedAt: r.finishedAt, ...(r.error ? { error: r.error } : {}), ...(r.dates ? { dates: r.dates } : {}),
    ...(r.rung !== undefined ? { rung: r.rung } : {}), ...(r.checkpoint ? { checkpoint: r.checkpoint } : {}),
  };
}

/**
 * The trial result a results.json row stands for (the inverse of {@link toResultsTrial}); a row written before
 * `finishedAt` was recorded takes `fallbackFinishedAt` (the file's own time).
 */
export function fromResultsTrial(sweepId: string, t: ResultsTrial, fallbackFinishedAt: string): TrialResult {
  const { id, finishedAt, ...rest } = t;
  return { ...rest, sweepId, trialId: id, finishedAt: finishedAt ?? fallbackFinishedAt };
}

/** Why a value is not a results file: the first problem, with its path (`trials[3].status: ...`). */
export type ResultsFileCheck = { readonly ok: true; readonly file: ResultsFile } | { readonly ok: false; readonly problem: string };

/** Checks a value read from results.json against {@link ResultsFile}; never throws. */
export function parseResultsFile(value: unknown): ResultsFileCheck {
  const parsed = ResultsFile.safeParse(value);
  if (parsed.success) return { ok: true, file: parsed.data };
  const first = parsed.error.issues[0];
  const path = (first?.path ?? []).map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  return { ok: false, problem: `${path || '(root)'}: ${first?.message ?? 'invalid'}` };
}
