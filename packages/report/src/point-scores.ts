/** The objective of every scored fold, by point and stage, read from results.json's trials. */
import { atReachedRung, sampleStd, type Params } from '@seqsweep/core';
import type { ResultsFile, ResultsTrial } from '@seqsweep/core';

/** One fold's objective value. */
export interface FoldScore {
  readonly pointId: string;
  readonly params: Params;
  readonly stage: ResultsTrial['stage'];
  readonly fold: number;
  readonly value: number;
}

/** A point's mean and spread in one stage. */
export interface StageScore {
  readonly pointId: string;
  readonly params: Params;
  readonly mean: number;
  readonly std: number;
  readonly folds: number;
}

/**
 * The objective of every completed cross-validation trial with a finite value; a point that trained in rungs has
 * its folds' scores at the highest rung it reached.
 */
export function foldScores(results: ResultsFile): FoldScore[] {
  const metric = results.objective.metric;
  return atReachedRung(results.trials)
    .filter((t) => t.stage !== 'final' && t.status === 'completed' && Number.isFinite(t.metrics[metric]))
    .map((t) => ({ pointId: t.pointId, params: t.params, stage: t.stage, fold: t.fold, value: t.metrics[metric] as number }));
}

/** Mean and sample standard deviation (n − 1; `NaN` for one fold) per point of the given stage's fold scores. */
export function stageScores(scores: readonly FoldScore[], stage: 'filter' | 'evaluate'): Map<string, StageScore> {
  const groups = new Map<string, FoldScore[]>();
  for (const s of scores) {
    if (s.stage !== stage) continue;
    const group = groups.get(s.pointId) ?? [];
    group.push(s);
    groups.set(s.pointId, group);
  }
  const out = new Map<string, StageScore>();
  for (const [pointId, group] of groups) {
    const mean = group.reduce((a, s) => a + s.value, 0) / group.length;
    const std = sampleStd(group.map((s) => s.value));
    out.set(pointId, { pointId, params: group[0]!.params, mean, std, folds: group.length });
  }
  return out;
}
