/**
 * Planning a sweep: grid expansion, stable ids, the seeded generator, data splits, the stage planner, and the
 * statistics that pick stage one's survivors and the best point.
 */
export { expandGrid } from './expand-grid.js';
export { canonicalJson, pointId, trialId } from './ids.js';
export type { TrialKey } from './ids.js';
export { createRng } from './rng.js';
export type { Rng, MutableArrayLike } from './rng.js';
export { holdoutSplit, kfoldSplits, resolveSplit } from './splits.js';
export type { HoldoutSplit, TrainValSplit } from './splits.js';
export { planStage, planFinal } from './plan-stage.js';
export type { StagePlanRequest, FinalPlanRequest } from './plan-stage.js';
export { summarizePoints } from './point-summary.js';
export { sampleStd, compareStd } from './fold-stats.js';
export type { PointSummary } from './point-summary.js';
export { rankPoints, selectSurvivors, survivorCount, isRankable } from './selection.js';
export { rankLeaderboard } from './leaderboard-order.js';
export type { ObjectiveMode, SurvivorCount } from './selection.js';
export { describePlan } from './describe-plan.js';
export type { PlanSummary } from './describe-plan.js';
