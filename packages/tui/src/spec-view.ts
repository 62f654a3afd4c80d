/**
 * The few facts the TUI needs from a sweep's spec. The record carries the spec as JSON; it is read through core's
 * `parseSpec` (the schema that fills every default) and `describePlan`, so the TUI plans exactly as the
 * coordinator does and holds no copy of the defaults.
 */
import { describePlan, parseSpec, searchSpaceOf, SpecError, stageRungs, valueCount, type Stage, type SweepSpec } from '@seqsweep/core';

/** Whether a smaller or a larger objective is better. */
export type ObjectiveMode = 'min' | 'max';

/** What the TUI knows of a sweep's plan. */
export interface SpecView {
  readonly metric: string;
  readonly mode: ObjectiveMode;
  /** Swept option names in spec order (grid, then space), each with its number of values (Infinity for a range). */
  readonly grid: readonly { readonly key: string; readonly values: number }[];
  /** The most points stage one draws: the whole grid (1 for an empty one), or `search.trials`. */
  readonly points: number;
  readonly filterFolds: number;
  readonly evaluateFolds: number;
  /** Rungs of the filter and evaluate stages (1 for a stage that trains without them). */
  readonly rungs: { readonly filter: number; readonly evaluate: number };
  /** How many points survive the filter stage, before the survivors are known. */
  readonly keep: number;
  /** Epochs per trial of each stage. */
  readonly epochs: Readonly<Record<Stage, number>>;
  /** Final trials: 1, or 0 when the spec does not retrain the best point. */
  readonly finalTrials: number;
  /** The whole parsed spec (the header's split protocol line reads it). */
  readonly parsed: SweepSpec;
}

/**
 * Reads a record's spec, or returns null when it does not parse (a record written by another version of
 * seqsweep): the TUI then shows the results without planned counts rather than failing.
 */
export function readSpec(json: Record<string, unknown>): SpecView | null {
  let spec;
  try {
    spec = parseSpec(json, 'the sweep record');
  } catch (e) {
    if (e instanceof SpecError) return null;
    throw e;
  }
  const plan = describePlan(spec);
  return {
    metric: spec.objective.metric,
    mode: spec.objective.mode,
    grid: Object.entries(searchSpaceOf(spec)).map(([key, d]) => ({ key, values: valueCount(d) })),
    points: plan.points,
    filterFolds: spec.stages.filter.folds,
    evaluateFolds: spec.stages.evaluate.folds,
    rungs: { filter: stageRungs(spec, 'filter')?.epochs.length ?? 1, evaluate: stageRungs(spec, 'evaluate')?.epochs.length ?? 1 },
    keep: plan.survivors,
    epochs: { filter: spec.stages.filter.epochs, evaluate: spec.stages.evaluate.epochs, final: spec.final.epochs },
    finalTrials: plan.final,
    parsed: spec,
  };
}

/**
 * Trials planned for a stage: every grid point times the filter folds; the survivors (or, before they are known,
 * the number the spec keeps) times the evaluate folds; and the final trial. A stage in rungs counts its worst case,
 * a trial per point, fold and rung, as the coordinator's stage total does.
 */
export function plannedTrials(spec: SpecView, stage: Stage, survivors: readonly string[] | undefined): number {
  switch (stage) {
    case 'filter': return spec.points * spec.filterFolds * spec.rungs.filter;
    case 'evaluate': return (survivors ? survivors.length : spec.keep) * spec.evaluateFolds * spec.rungs.evaluate;
    case 'final': return spec.finalTrials;
  }
}

/** Folds each trial of a stage's point runs (the final stage trains once, on the whole training split). */
export function stageFolds(spec: SpecView, stage: Stage): number {
  return stage === 'filter' ? spec.filterFolds : stage === 'evaluate' ? spec.evaluateFolds : 1;
}
