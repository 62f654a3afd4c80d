/**
 * The importance a finished sweep records in results.json, and the draw order a results file carries: the one
 * place that knows which points the importance is fit on (stage one's, all on the same budget) and where a search
 * strategy's draw order is read from.
 */
import { pointId, type Params } from '@seqsweep/core';
import { declaredScaleOf } from './param-axes.js';
import { parameterImportance, type Importance } from './importance.js';
import { stagePoints, type InsightTrial } from './sweep-points.js';

/** What {@link stageOneImportance} reads besides the trials. */
export interface SweepImportanceInput {
  readonly metric: string;
  /** The sweep's spec: its seed seeds the forest, and its `space:` declares log scales. */
  readonly spec: { readonly seed: number } & Parameters<typeof declaredScaleOf>[0];
  readonly racedOut?: ReadonlySet<string>;
  /** Trees per forest (the TUI draws with fewer). */
  readonly trees?: number;
  /** Fold resamples at most (the TUI draws with fewer). */
  readonly resamples?: number;
}

/**
 * Parameter importance over the stage-one (filter) points: every point there ran on the same budget, so their
 * scores compare. Points with no score (diverged, pruned, failed) are left out; raced-out and halted points count
 * with the folds they ran. Null with fewer than four scored points.
 */
export function stageOneImportance(trials: readonly InsightTrial[], input: SweepImportanceInput): Importance | null {
  const points = stagePoints(trials, { metric: input.metric, stage: 'filter', ...(input.racedOut ? { racedOut: input.racedOut } : {}) });
  return parameterImportance(points, { seed: input.spec.seed, declared: declaredScaleOf(input.spec), ...(input.trees ? { trees: input.trees } : {}), ...(input.resamples !== undefined ? { resamples: input.resamples } : {}) });
}

/**
 * The point ids in the order the search drew them, from results.json's `search.drawn` (a strategy's record); undefined
 * for a file written before it was recorded, and the views then take the order points first finished.
 */
export function drawOrderOf(file: { readonly search?: { readonly drawn: readonly Params[] } | undefined }): readonly string[] | undefined {
  return file.search?.drawn.map((params) => pointId(params));
}
