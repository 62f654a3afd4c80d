/**
 * Multi-step errors of a one-feature predictor rolled out in closed loop over the second half of test windows, beside
 * persistence (the last seen day held flat), in scaled units and in dollars, overall and per horizon step.
 */
import type { PairedMse, WindowData } from './next-day-errors.js';
import { dayBlocks, pairedDifference, type PairedDifference } from './paired-difference.js';

/** MSE at each horizon step (index `k` is `k + 1` days ahead), of the model and of persistence. */
export interface PairedSteps {
  readonly model: Float64Array;
  readonly persistence: Float64Array;
}

/** Everything the report says about the closed-loop rollout. */
export interface MultiStepErrors {
  /** Windows scored. */
  readonly windows: number;
  /** Days of each window the model saw (the first half). */
  readonly seen: number;
  /** Days predicted in closed loop (the rest of the window). */
  readonly horizon: number;
  /** MSE over every horizon step, scaled units. */
  readonly scaled: PairedMse;
  /** MSE over every horizon step, in dollars (each company's scaler inverted). */
  readonly dollars: PairedMse;
  readonly perStep: { readonly scaled: PairedSteps; readonly dollars: PairedSteps };
  /** Per window, the model's mean squared error over the horizon less persistence's (scaled), and how sure it is. */
  readonly difference: PairedDifference;
}

const steps = (h: number): PairedSteps => ({ model: new Float64Array(h), persistence: new Float64Array(h) });
const average = (v: Float64Array): number => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

/**
 * Scores `forecasts` (`indices.length * (steps - seen)` values from {@link closedLoopRollout}, in the order of
 * `indices`) against the actual days `seen..steps-1` of each window of `data`. Persistence predicts every one of
 * those days by day `seen - 1`.
 */
export function multiStepErrors(data: WindowData, indices: Int32Array, seen: number, forecasts: Float32Array): MultiStepErrors {
  const T = data.steps;
  const horizon = T - seen;
  if (forecasts.length !== indices.length * horizon) throw new Error(`expected ${indices.length * horizon} forecasts, got ${forecasts.length}`);
  const scaled = steps(horizon);
  const dollars = steps(horizon);
  const diffs = new Float64Array(indices.length);
  indices.forEach((sample, j) => {
    const scaler = data.scalers[data.groups[sample]!];
    const range = scaler ? scaler.max - scaler.min : NaN;
    const last = data.x[sample * T + seen - 1]!;
    let d = 0;
    for (let k = 0; k < horizon; k++) {
      const actual = data.x[sample * T + seen + k]!;
      const modelErr = forecasts[j * horizon + k]! - actual;
      const persistErr = last - actual;
      scaled.model[k]! += modelErr ** 2;
      scaled.persistence[k]! += persistErr ** 2;
      dollars.model[k]! += (modelErr * range) ** 2;
      dollars.persistence[k]! += (persistErr * range) ** 2;
      d += (modelErr ** 2 - persistErr ** 2) / horizon;
    }
    diffs[j] = d;
  });
  for (const v of [scaled.model, scaled.persistence, dollars.model, dollars.persistence]) {
    for (let k = 0; k < horizon; k++) v[k] = indices.length ? v[k]! / indices.length : NaN;
  }
  // Every step has the same number of windows, so the mean over all forecasts is the mean of the step means.
  return {
    windows: indices.length, seen, horizon,
    scaled: { model: average(scaled.model), persistence: average(scaled.persistence) },
    dollars: { model: average(dollars.model), persistence: average(dollars.persistence) },
    perStep: { scaled, dollars },
    difference: pairedDifference(diffs, dayBlocks(data, indices)),
  };
}
