/**
 * What the report's insight charts read from results.json: the points of each stage in draw order (with their
 * outcome and the trial compute up to them), each swept parameter's axis, and the importance the coordinator
 * recorded (computed here for a file written before it was recorded).
 */
import { scoredAtReachedRung, type ResultsFile, type ResultsImportance } from '@seqsweep/core';
import { declaredScaleOf, drawOrderOf, paramAxes, stageOneImportance, stagePoints, type ParamAxis, type SweepPoint } from '@seqsweep/insight';

/** The stages whose points are cross-validated, in order. */
export const CV_STAGES = ['filter', 'evaluate'] as const;

/** The report's view of a sweep for the history, parallel-coordinates, slice and importance charts. */
export interface SweepInsight {
  readonly metric: string;
  readonly mode: 'min' | 'max';
  readonly stages: Readonly<Record<(typeof CV_STAGES)[number], readonly SweepPoint[]>>;
  /** The axes of the swept parameters, over every point of stage one. */
  readonly axes: readonly ParamAxis[];
  readonly importance: ResultsImportance | null;
}

/** Reads the insight of `results`. */
export function sweepInsight(results: ResultsFile): SweepInsight {
  const { metric, mode } = results.objective;
  const order = drawOrderOf(results);
  const racedOut = (stage: 'filter' | 'evaluate') => new Set(results.leaderboard.filter((e) => e.stage === stage && e.racedOut).map((e) => e.pointId));
  const halted = (stage: 'filter' | 'evaluate') => new Set(results.leaderboard.filter((e) => e.stage === stage && e.halted).map((e) => e.pointId));
  // A point that trained in rungs is scored at the highest one it reached; every rung's trials count in the compute.
  const trials = scoredAtReachedRung(results.trials);
  const points = (stage: 'filter' | 'evaluate') => stagePoints(trials, { metric, stage, racedOut: racedOut(stage), halted: halted(stage), ...(order ? { order } : {}) });
  const stages = { filter: points('filter'), evaluate: points('evaluate') };
  return {
    metric, mode, stages,
    axes: paramAxes(stages.filter.map((p) => p.params), declaredScaleOf(results.spec)),
    importance: results.importance ?? stageOneImportance(trials, { metric, spec: results.spec, racedOut: racedOut('filter') }),
  };
}

/** Whether scores read better on a log axis: all positive and spanning more than 1.5 decades. */
export function logScores(values: readonly number[]): boolean {
  if (values.length < 2 || values.some((v) => !(v > 0))) return false;
  return Math.log10(Math.max(...values) / Math.min(...values)) > 1.5;
}

/** The better of two scores in `mode`. */
export const better = (mode: 'min' | 'max', a: number, b: number): number => (mode === 'min' ? Math.min(a, b) : Math.max(a, b));

/** A figure and the sentence that reads it, side by side. */
export function withReading(figure: string, reading: string): string {
  return `<div class="chart-reading">\n${figure}\n${reading}\n</div>`;
}
