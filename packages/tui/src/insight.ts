/**
 * What the sweep has learned so far, from the results that arrived: stage one's best score so far in the order
 * points finished (kept up to date one result at a time, see best-so-far.ts), and parameter importance
 * (`@seqsweep/insight`, the same fANOVA over a random forest that results.json records, with fewer trees).
 */
import { atReachedRung } from '@seqsweep/core';
import { stageOneImportance, type Importance, type InsightTrial, type SweepImportanceInput } from '@seqsweep/insight';
import { BestSoFar } from './best-so-far.js';
import { resultLog } from './results-log.js';
import type { SweepViewState } from './state.js';

/**
 * Trees per forest in the TUI, and fold resamples (results.json's figure uses 64 and 5): ml-random-forest's trees
 * cost about n² in the points, so the live figure is the cheaper one.
 */
export const LIVE_TREES = 16;
export const LIVE_RESAMPLES = 3;

const trackers = new WeakMap<readonly unknown[], BestSoFar>();

/** Stage one's best mean score so far, one value per scored point in the order points first finished. */
export function bestSoFar(state: SweepViewState): readonly number[] {
  const log = resultLog(state.results);
  const metric = state.spec?.metric ?? 'valLoss';
  const mode = state.spec?.mode ?? 'min';
  let t = trackers.get(log);
  // An older state than the tracker has seen, or another objective: scored again from the start, once.
  if (!t || t.count > state.results.size || t.metric !== metric || t.mode !== mode) {
    t = new BestSoFar(metric, mode);
    trackers.set(log, t);
  }
  for (let i = t.count; i < state.results.size; i++) t.add(log[i]!);
  return t.values();
}

/** What the importance fit reads of the results: the fields insight's points are made from, for the objective only. */
export interface ImportanceInput {
  readonly trials: readonly InsightTrial[];
  readonly metric: string;
  readonly spec: SweepImportanceInput['spec'];
}

/** The input of {@link fitImportance} for a state: small enough to hand to a worker thread. */
export function importanceInput(state: SweepViewState): ImportanceInput {
  const metric = state.spec?.metric ?? 'valLoss';
  // A point that trains in rungs scores at the highest rung it reached, as on the leaderboard.
  const reached = atReachedRung(resultLog(state.results).slice(0, state.results.size));
  const trials: InsightTrial[] = [];
  for (const r of reached) {
    trials.push({
      pointId: r.pointId, stage: r.stage, params: r.params, fold: r.fold, status: r.status,
      metrics: { [metric]: r.metrics[metric] }, durationMs: r.durationMs, finishedAt: r.finishedAt,
    });
  }
  return { trials, metric, spec: state.spec?.parsed ?? { seed: 0, grid: {}, space: {} } };
}

/** Importance over the stage-one points that have a score, or null with fewer than four of them. */
export function fitImportance(input: ImportanceInput): Importance | null {
  return stageOneImportance(input.trials, {
    metric: input.metric, spec: input.spec, trees: LIVE_TREES, resamples: LIVE_RESAMPLES,
  });
}

/** Importance over the stage-one points of a state (see {@link fitImportance}), fitted here and now. */
export function liveImportance(state: SweepViewState): Importance | null {
  return fitImportance(importanceInput(state));
}
