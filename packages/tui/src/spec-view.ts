/**
 * The few facts the TUI needs from a sweep's spec, read defensively from the record (the record carries the spec
 * as JSON, with defaults already filled in by the coordinator; the fallbacks below are the documented defaults).
 */
import { SweepSpec, type Stage } from '@seqsweep/core';

/** Whether a smaller or a larger objective is better. */
export type ObjectiveMode = 'min' | 'max';

/** What the TUI knows of a sweep's plan. */
export interface SpecView {
  readonly metric: string;
  readonly mode: ObjectiveMode;
  /** Swept option names in spec order, each with its number of values. */
  readonly grid: readonly { readonly key: string; readonly values: number }[];
  /** Grid points: the size of the Cartesian product of the grid's lists (1 for an empty grid). */
  readonly points: number;
  readonly filterFolds: number;
  readonly evaluateFolds: number;
  /** How many points survive the filter stage, before the survivors are known. */
  readonly keep: number;
  /** Epochs per trial of each stage. */
  readonly epochs: Readonly<Record<Stage, number>>;
  /** The whole spec, when the record's spec parses (for the split protocol line); null otherwise. */
  readonly parsed: SweepSpec | null;
}

/** The record's spec parsed, or null: the TUI never fails on a spec it cannot read. */
function parsedSpec(spec: Record<string, unknown>): SweepSpec | null {
  // An unreadable spec only costs the header its protocol line; the rest reads the JSON defensively.
  const parsed = SweepSpec.safeParse(spec);
  return parsed.success ? parsed.data : null;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** Reads a record's spec. Never throws: anything missing takes its documented default. */
export function readSpec(spec: Record<string, unknown>): SpecView {
  const objective = obj(spec.objective);
  const metric = typeof objective.metric === 'string' ? objective.metric : 'valLoss';
  const mode: ObjectiveMode = objective.mode === 'max' || objective.mode === 'min' ? objective.mode : metric === 'valAccuracy' ? 'max' : 'min';
  const grid = Object.entries(obj(spec.grid)).map(([key, list]) => ({ key, values: Array.isArray(list) ? list.length : 1 }));
  const points = grid.reduce((n, g) => n * Math.max(1, g.values), 1);
  const stages = obj(spec.stages);
  const filter = obj(stages.filter);
  const evaluate = obj(stages.evaluate);
  const trainEpochs = num(obj(spec.train).epochs, 10);
  const keepFraction = typeof filter.keepFraction === 'number' ? filter.keepFraction : undefined;
  const keep = typeof filter.keep === 'number' ? filter.keep : keepFraction !== undefined ? Math.ceil(points * keepFraction) : 4;
  const evaluateEpochs = num(evaluate.epochs, trainEpochs);
  return {
    metric, mode, grid, points,
    filterFolds: num(filter.folds, 3),
    evaluateFolds: num(evaluate.folds, 5),
    keep: Math.max(1, Math.min(points, keep)),
    epochs: { filter: num(filter.epochs, Math.max(1, Math.floor(trainEpochs / 3))), evaluate: evaluateEpochs, final: evaluateEpochs },
    parsed: parsedSpec(spec),
  };
}

/**
 * Trials planned for a stage: every grid point times the filter folds; the survivors (or, before they are known,
 * the number the spec keeps) times the evaluate folds; and one final trial.
 */
export function plannedTrials(spec: SpecView, stage: Stage, survivors: readonly string[] | undefined): number {
  switch (stage) {
    case 'filter': return spec.points * spec.filterFolds;
    case 'evaluate': return (survivors ? survivors.length : spec.keep) * spec.evaluateFolds;
    case 'final': return 1;
  }
}

/** Folds each trial of a stage's point runs (the final stage trains once, on the whole training split). */
export function stageFolds(spec: SpecView, stage: Stage): number {
  return stage === 'filter' ? spec.filterFolds : stage === 'evaluate' ? spec.evaluateFolds : 1;
}
