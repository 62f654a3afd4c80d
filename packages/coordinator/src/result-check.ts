import { pointId, trialId, type SweepSpec, type TrialResult } from '@seqsweep/core';

/** What a result is checked against: the sweep's plan as far as it is known. */
export interface PlanFacts {
  readonly sweepId: string;
  readonly spec: SweepSpec;
  /** The grid points by point id. */
  readonly points: ReadonlyMap<string, unknown>;
  /** Stage one's survivors, once chosen. */
  readonly survivors: readonly string[] | undefined;
}

/**
 * Why `result` cannot be a result of the sweep's plan, or `undefined` when it can be. Every field the id is made
 * of is checked against the id, so a result that is well formed but forged or misrouted (a made-up trial id, a
 * point off the grid, a fold the stage does not have, a stage-two point that did not survive) never reaches the
 * statistics. A result that matches the plan in every field is taken as the trial's.
 */
export function resultMismatch(result: TrialResult, plan: PlanFacts): string | undefined {
  const { spec } = plan;
  if (result.sweepId !== plan.sweepId) return `it belongs to sweep "${result.sweepId}"`;
  if (pointId(result.params) !== result.pointId) return `point "${result.pointId}" does not match its params`;
  if (!plan.points.has(result.pointId)) return `point "${result.pointId}" is not a point of the grid`;
  const folds = result.stage === 'final' ? 0 : spec.stages[result.stage].folds;
  const foldOk = result.stage === 'final' ? result.fold === -1 : result.fold >= 0 && result.fold < folds;
  if (!foldOk) return `fold ${result.fold} is not a fold of stage ${result.stage}`;
  if (result.stage === 'evaluate' && plan.survivors && !plan.survivors.includes(result.pointId)) {
    return `point "${result.pointId}" did not survive stage one`;
  }
  const expected = trialId({ sweepId: plan.sweepId, stage: result.stage, params: result.params, fold: result.fold, seed: spec.seed });
  if (expected !== result.trialId) return `trial "${result.trialId}" is not the id of its stage, point, fold and seed`;
  return undefined;
}
