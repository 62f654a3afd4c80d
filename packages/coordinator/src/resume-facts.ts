/**
 * What a resumed coordinator can tell from the record about the stage it took over: whether the coordinator before
 * it can have published a trial whose result it now reads, and whether the stored evaluate results are complete.
 */
import { pointId, stageRungs, type SweepRecord, type SweepSpec, type TrialResult } from '@seqsweep/core';
import { PRUNERS } from './pruners/registry.js';
import type { PrunerEntry } from './pruners/stage-pruner.js';

/**
 * Whether the coordinator resumed from can have published the trial of `result` (a filter or evaluate result): the
 * points a strategy drew (each recorded before its trials went out), and of those every trial, but for what a
 * scheduling pruner held back by its record (racing's later rounds, the rungs above a point's promotions).
 */
export function publishedBefore(
  result: TrialResult & { stage: 'filter' | 'evaluate' }, spec: SweepSpec, record: SweepRecord, adaptive: boolean, entries: readonly PrunerEntry[] = PRUNERS,
): boolean {
  const search = record.search;
  if (result.stage === 'filter' && search && !search.drawn.some((p) => pointId(p) === result.pointId)) return false;
  const facts = { spec, record, stage: result.stage, rungs: stageRungs(spec, result.stage), drawn: result.stage === 'filter' && adaptive };
  return entries.every((e) => e.publishedBefore?.(result, facts) ?? true);
}

/** Whether every evaluate trial has its result: the stage's top rung is closed, or each survivor has every fold. */
export function evaluateComplete(spec: SweepSpec, record: SweepRecord, evaluateResults: number): boolean {
  const rungs = stageRungs(spec, 'evaluate');
  if (rungs) return (record.rungs?.closed.evaluate ?? -1) >= rungs.epochs.length - 1;
  return evaluateResults >= (record.survivors?.length ?? 0) * spec.stages.evaluate.folds;
}
