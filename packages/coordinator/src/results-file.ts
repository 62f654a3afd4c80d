/** The shape of `results.json`, which {@link writeOutputs} writes and the report reads back. */
import type { SplitProtocol, SweepRecord, SweepSpec, TrialResult } from '@seqsweep/core';
import type { BestPoint, LeaderboardEntry } from './outputs.js';

/** One trial as results.json records it: the result less its wire-only fields. */
export interface ResultsTrial {
  readonly id: string;
  readonly pointId: string;
  readonly stage: TrialResult['stage'];
  readonly params: TrialResult['params'];
  readonly fold: number;
  readonly status: TrialResult['status'];
  readonly metrics: TrialResult['metrics'];
  readonly history: TrialResult['history'];
  readonly bestEpoch: number;
  readonly worker: string;
  readonly attempts: number;
  readonly durationMs: number;
  readonly backend: string;
  /** When the worker finished it (ISO time); absent in files written before it was recorded. */
  readonly finishedAt?: string;
  readonly error?: string;
  /** For a split by date: the dates the trial trained and was judged on. */
  readonly dates?: TrialResult['dates'];
}

/** The whole of results.json. */
export interface ResultsFile {
  readonly sweepId: string;
  readonly name: string;
  readonly status: SweepRecord['status'];
  readonly stage: SweepRecord['stage'];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly spec: SweepSpec;
  readonly objective: SweepSpec['objective'];
  readonly survivors: readonly string[];
  readonly pruned: readonly string[];
  readonly trials: readonly ResultsTrial[];
  readonly leaderboard: readonly LeaderboardEntry[];
  readonly best: BestPoint | null;
  /** How the data was split: the kind, the cut-off and gap, and each fold's training and validation dates. */
  readonly protocol?: SplitProtocol;
}

/** A trial result as results.json records it. */
export function toResultsTrial(r: TrialResult): ResultsTrial {
  return {
    id: r.trialId, pointId: r.pointId, stage: r.stage, params: r.params, fold: r.fold, status: r.status, metrics: r.metrics,
    history: r.history, bestEpoch: r.bestEpoch, worker: r.worker, attempts: r.attempts, durationMs: r.durationMs,
    backend: r.backend, finishedAt: r.finishedAt, ...(r.error ? { error: r.error } : {}), ...(r.dates ? { dates: r.dates } : {}),
  };
}
