/**
 * What a resumed coordinator can tell from the record about the stage it took over: whether the coordinator before
 * it can have published a trial whose result it now reads, and the final point the stored evaluate results choose.
 */
import { pointId, racedStages, rungOf, stageRungs, type SweepRecord, type SweepSpec, type TrialResult } from '@seqsweep/core';

/** Whether a stage's folds race in rounds (StageRace): not when its rungs or its draws publish them. */
export function racesInRounds(spec: SweepSpec, stage: 'filter' | 'evaluate', adaptive: boolean): boolean {
  return racedStages(spec).includes(stage) && !stageRungs(spec, stage) && !(stage === 'filter' && adaptive);
}

/**
 * Whether the coordinator resumed from can have published the trial of `result` (a filter or evaluate result): any
 * trial of a plain stage (a stage publishes all of them as it starts), a point's first rung and the rungs the
 * record says it was promoted to, the points a strategy drew (each recorded before its trials went out), and the
 * rounds of a race that the record says went out (and the later folds it recorded as raced out or skipped).
 */
export function publishedBefore(result: TrialResult & { stage: 'filter' | 'evaluate' }, spec: SweepSpec, record: SweepRecord, adaptive: boolean): boolean {
  const search = record.search;
  if (result.stage === 'filter' && search && !search.drawn.some((p) => pointId(p) === result.pointId)) return false;
  const rung = rungOf(result);
  if (rung > 0) return record.rungs?.promoted.some((p) => p.stage === result.stage && p.pointId === result.pointId && p.rung === rung) ?? false;
  const race = record.race;
  if (!race || !racesInRounds(spec, result.stage, adaptive)) return true;
  if (result.fold <= (race.rounds[result.stage] ?? -1)) return true;
  // The folds of later rounds that the race recorded itself, as raced out or skipped.
  if (result.status === 'raced-out') return race.out.some((o) => o.stage === result.stage && o.pointId === result.pointId);
  return result.status === 'skipped' && (race.decided[result.stage]?.live.includes(result.pointId) ?? false);
}

/** Whether every evaluate trial has its result: the stage's top rung is closed, or each survivor has every fold. */
export function evaluateComplete(spec: SweepSpec, record: SweepRecord, evaluateResults: number): boolean {
  const rungs = stageRungs(spec, 'evaluate');
  if (rungs) return (record.rungs?.closed.evaluate ?? -1) >= rungs.epochs.length - 1;
  return evaluateResults >= (record.survivors?.length ?? 0) * spec.stages.evaluate.folds;
}
