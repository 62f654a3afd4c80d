import { pointId, rungOf, stageRungs, trialId, type Stage, type SweepSpec, type TrialResult } from '@seqsweep/core';

/** What a result is checked against: the sweep's plan as far as it is known. */
export interface PlanFacts {
  readonly sweepId: string;
  readonly spec: SweepSpec;
  /** The grid points by point id. */
  readonly points: ReadonlyMap<string, unknown>;
  /** Stage one's survivors, once chosen. */
  readonly survivors: readonly string[] | undefined;
  /** The point the final stage retrains, once chosen. */
  readonly finalPoint?: string | undefined;
}

/** Where the coordinator stands: the stage it runs and what it has published in it so far. */
export interface StageFacts {
  /** The stage the coordinator is running. */
  readonly stage: Stage;
  /**
   * The ids of the trials the coordinator has published (or recorded itself) in that stage so far. Trials drawn
   * later (a race's next round, a search strategy's next points) join it as they go out.
   */
  readonly published: ReadonlySet<string>;
}

const STAGE_ORDER: Record<Stage, number> = { filter: 0, evaluate: 1, final: 2 };

/**
 * Why `result` cannot be a result of the sweep's plan, or `undefined` when it can be. Every field the id is made
 * of is checked against the id, so a result that is well formed but forged or misrouted (a made-up trial id, a
 * point off the grid, a fold the stage does not have, a stage-two point that did not survive, a final result for
 * a point that is not the chosen one) never reaches the statistics. An evaluate result before the survivors are
 * chosen, and a final result before the final point is, fit no plan yet and are refused.
 */
export function resultMismatch(result: TrialResult, plan: PlanFacts): string | undefined {
  const { spec } = plan;
  if (result.sweepId !== plan.sweepId) return `it belongs to sweep "${result.sweepId}"`;
  if (pointId(result.params) !== result.pointId) return `point "${result.pointId}" does not match its params`;
  if (!plan.points.has(result.pointId)) return `point "${result.pointId}" is not a point of the grid`;
  const folds = result.stage === 'final' ? 0 : spec.stages[result.stage].folds;
  const foldOk = result.stage === 'final' ? result.fold === -1 : result.fold >= 0 && result.fold < folds;
  if (!foldOk) return `fold ${result.fold} is not a fold of stage ${result.stage}`;
  if (result.stage === 'evaluate' && !plan.survivors?.includes(result.pointId)) {
    return plan.survivors ? `point "${result.pointId}" did not survive stage one` : 'stage one has chosen no survivors yet';
  }
  if (result.stage === 'final' && plan.finalPoint !== result.pointId) {
    return plan.finalPoint ? `point "${result.pointId}" is not the point chosen for the final stage` : 'no point is chosen for the final stage yet';
  }
  const rung = rungOf(result);
  const rungs = stageRungs(spec, result.stage)?.epochs.length ?? 1;
  if (rung >= rungs) return `rung ${rung} is not a rung of stage ${result.stage}`;
  const expected = trialId({ sweepId: plan.sweepId, stage: result.stage, params: result.params, fold: result.fold, seed: spec.seed, rung });
  if (expected !== result.trialId) return `trial "${result.trialId}" is not the id of its stage, point, fold and seed${rungs > 1 ? ` at rung ${rung}` : ''}`;
  return undefined;
}

/**
 * Why the coordinator refuses `result` now, or `undefined` when it takes it: the plan is the only truth. A result is
 * taken only for a trial of the plan that was published in the stage running now, or in a stage that ended (each of
 * whose trials has its result stored, so the stream refuses any other for it). A result of a later stage, or of a
 * trial of this stage not published yet, is refused, however well it matches the plan.
 */
export function resultRefusal(result: TrialResult, plan: PlanFacts, now: StageFacts): string | undefined {
  const mismatch = resultMismatch(result, plan);
  if (mismatch) return mismatch;
  if (STAGE_ORDER[result.stage] > STAGE_ORDER[now.stage]) return `stage ${result.stage} has not started (the sweep is in stage ${now.stage})`;
  if (result.stage === now.stage && !now.published.has(result.trialId)) return `trial "${result.trialId}" has not been published`;
  return undefined;
}
