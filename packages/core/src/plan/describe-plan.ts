/**
 * The trial counts of a sweep before it runs, for `seqsweep plan`.
 */
import type { SweepSpec } from '../spec/sweep-spec.js';
import { expandGrid } from './expand-grid.js';
import { survivorCount } from './selection.js';

/** How many points and trials each stage of a sweep has (stage two assumes every survivor can be ranked). */
export interface PlanSummary {
  readonly points: number;
  readonly survivors: number;
  /** Stage one trials: points x filter folds. */
  readonly filter: number;
  /** Stage two trials: survivors x evaluate folds. */
  readonly evaluate: number;
  /** The final trial: 1, or 0 when `final.retrain` is false. */
  readonly final: number;
  /** Every trial the sweep can run: with racing on, fewer run when points are raced out. */
  readonly total: number;
  /** The stages that race their folds (so `total` is the worst case). */
  readonly raced: readonly ('filter' | 'evaluate')[];
}

/** Counts the trials `spec` will run. */
export function describePlan(spec: SweepSpec): PlanSummary {
  const points = expandGrid(spec.grid).length;
  const survivors = survivorCount(points, spec.stages.filter);
  const filter = points * spec.stages.filter.folds;
  const evaluate = survivors * spec.stages.evaluate.folds;
  const final = spec.final.retrain ? 1 : 0;
  const raced = (['filter', 'evaluate'] as const).filter((s) => spec.stages[s].race !== undefined);
  return { points, survivors, filter, evaluate, final, total: filter + evaluate + final, raced };
}
