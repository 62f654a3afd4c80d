/** @seqsweep/insight: what a sweep learned, from its trials: parameter importance, parameter axes, points in draw order. */
export { parameterImportance, rankedParams, IMPORTANCE_METHOD, MIN_IMPORTANCE_POINTS } from './importance.js';
export type { Importance, ImportanceOptions, ParamImportance } from './importance.js';
export { paramAxes, coordinate, declaredScaleOf, LOG_SPAN_DECADES } from './param-axes.js';
export type { ParamAxis, DeclaredScale } from './param-axes.js';
export { stagePoints, trialCompute, DIMMED_OUTCOMES } from './sweep-points.js';
export type { InsightTrial, PointOutcome, SweepPoint, StagePointsOptions } from './sweep-points.js';
export { treeShares } from './fanova.js';
export type { CartNode } from './fanova.js';
export { stageOneImportance, drawOrderOf } from './sweep-importance.js';
export type { SweepImportanceInput } from './sweep-importance.js';
