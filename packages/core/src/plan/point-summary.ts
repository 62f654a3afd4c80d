/**
 * Per-point statistics of a stage: the objective's mean and standard deviation over the folds that completed,
 * with counts of the folds that failed or diverged.
 */
import type { Params, Stage, TrialResult } from '../messages.js';
import { sampleStd } from './fold-stats.js';

/** A point's record in one stage. */
export interface PointSummary {
  readonly pointId: string;
  readonly params: Params;
  readonly stage: Stage;
  /** Mean of `values`; `NaN` when no fold completed. */
  readonly mean: number;
  /** Sample standard deviation of `values` (n − 1, see `fold-stats.ts`); `NaN` with fewer than two. */
  readonly std: number;
  /** Folds that completed with a finite objective value. */
  readonly folds: number;
  /** Folds that failed, or completed without a finite objective value. */
  readonly failed: number;
  /** Folds that diverged. */
  readonly diverged: number;
  /** The objective of each completed fold, in fold order. */
  readonly values: readonly number[];
}

/** The latest result of each trial, preferring a completed one (a redelivered trial may report more than once). */
function latestPerTrial(results: readonly TrialResult[]): TrialResult[] {
  const byTrial = new Map<string, TrialResult>();
  for (const r of results) {
    const seen = byTrial.get(r.trialId);
    if (!seen || seen.status !== 'completed') byTrial.set(r.trialId, r);
  }
  return [...byTrial.values()];
}

function summarize(group: readonly TrialResult[], metric: string): PointSummary {
  const first = group[0]!;
  const scored = group
    .filter((r) => r.status === 'completed' && Number.isFinite(r.metrics[metric]))
    .sort((a, b) => a.fold - b.fold);
  const values = scored.map((r) => r.metrics[metric] as number);
  const mean = values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
  const std = sampleStd(values);
  const diverged = group.filter((r) => r.status === 'diverged').length;
  const failed = group.filter((r) => r.status === 'failed').length + group.filter((r) => r.status === 'completed').length - values.length;
  return { pointId: first.pointId, params: first.params, stage: first.stage, mean, std, folds: values.length, failed, diverged, values };
}

/**
 * One summary per point and stage found in `results`, in order of first appearance, scored on
 * `objective.metric`. Pruned trials count nowhere.
 */
export function summarizePoints(results: readonly TrialResult[], objective: { readonly metric: string }): PointSummary[] {
  const groups = new Map<string, TrialResult[]>();
  for (const r of latestPerTrial(results)) {
    const key = `${r.stage}\0${r.pointId}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(r);
  }
  return [...groups.values()].map((group) => summarize(group, objective.metric));
}
