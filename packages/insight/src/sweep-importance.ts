/**
 * The importance a finished sweep records in results.json, and the draw order a results file carries: the one
 * place that knows which points the importance is fit on (stage one's, all on the same budget) and where a search
 * strategy's draw order is read from.
 */
import { declaredScaleOf } from './param-axes.js';
import { parameterImportance, type Importance } from './importance.js';
import { stagePoints, type InsightTrial } from './sweep-points.js';

/** What {@link stageOneImportance} reads besides the trials. */
export interface SweepImportanceInput {
  readonly metric: string;
  /** The sweep's spec: its seed seeds the forest, and its `space:` (where it has one) declares log scales. */
  readonly spec: { readonly seed: number };
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
 * The point ids in the order the search drew them, where the file records it (a strategy's `search.order`, or
 * `drawOrder`); undefined otherwise, and the views then take the order points first finished.
 */
export function drawOrderOf(file: unknown): readonly string[] | undefined {
  const f = file as { search?: { order?: unknown }; drawOrder?: unknown } | null;
  const order = f?.search?.order ?? f?.drawOrder;
  return Array.isArray(order) && order.every((id) => typeof id === 'string') ? order : undefined;
}
