/**
 * Planning a sweep: grid expansion, stable ids, the seeded generator, data splits, the stage planner, and the
 * statistics that pick stage one's survivors and the best point.
 */
export { expandGrid } from './expand-grid.js';
export { fromUnit, valueAt, valueCount, spaceSize, isDiscrete } from './search/space.js';
export type { SearchSpace, Distribution, SpaceValue, UniformDistribution, LogUniformDistribution, IntDistribution, ChoiceDistribution } from './search/space.js';
export type { SearchStrategy, Observation, StrategyContext, StrategyFactory } from './search/strategy.js';
export { STRATEGIES, STRATEGY_NAMES, strategyEntry } from './search/registry.js';
export type { StrategyEntry } from './search/registry.js';
export { STRATEGY_TRAITS, TpeOptions, SobolOptions } from './search/strategy-traits.js';
export type { StrategyTraits } from './search/strategy-traits.js';
export { gridStrategy, gridPoints } from './search/grid.js';
export { searchExhaustedText, pointsInFlight, paramText } from './search/search-text.js';
export { strategyOf, stageOneSize, drawRunning, firstDraws } from './search/spec-strategy.js';
export type { SpecStrategy, FirstDraws, StrategyTable } from './search/spec-strategy.js';
export { canonicalJson, pointId, trialId } from './ids.js';
export type { TrialKey } from './ids.js';
export { createRng, restoreRng } from './rng.js';
export type { Rng, RngState, MutableArrayLike } from './rng.js';
export { holdoutSplit, kfoldSplits, resolveSplit } from './splits.js';
export type { HoldoutSplit, TrainValSplit, ResolvedSplit } from './splits.js';
export { datedHoldout, datedFold, calendarPositions } from './date-splits.js';
export type { DatedHoldout, DatedSplit, DateSpan } from './date-splits.js';
export { splitDates, windowRange, isoDay } from './split-dates.js';
export { planStage, planRung, planFinal, finalSplitRef } from './plan-stage.js';
export type { RungPlanRequest } from './plan-stage.js';
export type { StagePlanRequest, FinalPlanRequest } from './plan-stage.js';
export { summarizePoints } from './point-summary.js';
export { sampleStd, compareStd } from './fold-stats.js';
export type { PointSummary } from './point-summary.js';
export { rankPoints, selectSurvivors, survivorCount, isRankable } from './selection.js';
export { rankLeaderboard } from './leaderboard-order.js';
export type { ObjectiveMode, SurvivorCount } from './selection.js';
export { describePlan, racedStages } from './describe-plan.js';
export { stageRungs, rungOf, atReachedRung, haltedIn, haltedText } from './rungs.js';
export type { StageRungs } from './rungs.js';
export type { PlanSummary, RungPlan } from './describe-plan.js';
export { pairedTTest, wilcoxonSignedRank, pairedTest, studentTUpper, regularizedBeta, logGamma } from './race-tests.js';
export type { PairedTest, RaceTestName } from './race-tests.js';
export { racedOutOf, racedOutText, raceVerdict, withdrawnResult, raceDecidedIn, raceDecidedText, skippedResult, notRunResult, wasTrained, formatP, formatTolerance, leaderboardBlock } from './race-state.js';
export { protocolLine, protocolLineOf, buildProtocol, holdoutDates, unusableFolds, SplitProtocol, FoldDates } from './protocol.js';
export type { ProtocolDates, ProtocolTrial } from './protocol.js';
export type { WindowDates, MinMaxScaler } from './window-dates.js';
export { randomStrategy } from './search/random.js';
export { sobolStrategy } from './search/sobol.js';
export { tpeStrategy } from './search/tpe.js';
export { SURFACES, SURFACE_NAMES, SURFACE_KEY, surfaceKeys, surfaceValue } from './search/surfaces.js';
export type { Surface, SurfaceName } from './search/surfaces.js';
