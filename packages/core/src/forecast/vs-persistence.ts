/**
 * One scoring of a forecast on its test windows, shared by the worker (which records it in the final trial's
 * result, and so in results.json's `best.vsPersistence`) and the report (which draws it): the same windows, the same
 * errors and the same verdicts in both.
 */
import type { PersistenceComparison, VsPersistence } from '../messages.js';
import type { NextDayModel } from './closed-loop.js';
import { closedLoopRollout, seenDays } from './closed-loop.js';
import { multiStepErrors, type MultiStepErrors } from './multistep-errors.js';
import { evenSubset, sp500Errors, type PairedMse, type Sp500Errors, type WindowData } from './next-day-errors.js';
import type { PairedDifference } from './paired-difference.js';

/** Test windows scored next day at most (evenly spaced over the test split beyond that). */
export const MAX_NEXT_DAY_WINDOWS = 20_000;
/** Test windows rolled out at most (evenly spaced over the test split beyond that), to bound the cost. */
export const MAX_ROLLOUT_WINDOWS = 200;

/** Every figure of one scoring. */
export interface ForecastScores {
  readonly nextDay: Sp500Errors;
  /** The windows scored next day, and their predictions (`steps * features` each). */
  readonly nextDayIndices: Int32Array;
  readonly prediction: Float32Array;
  /** Null when the windows have more than one feature (the closed loop feeds back one). */
  readonly multiStep: MultiStepErrors | null;
  readonly rolloutIndices: Int32Array;
  readonly vsPersistence: VsPersistence;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The figures results.json keeps of one horizon. */
export function comparison(scaled: PairedMse, d: PairedDifference, windows: number): PersistenceComparison {
  return {
    modelMse: finiteOrNull(scaled.model),
    persistenceMse: finiteOrNull(scaled.persistence),
    ratio: finiteOrNull(scaled.model / scaled.persistence),
    z: finiteOrNull(d.z),
    verdict: d.verdict,
    windows,
  };
}

/**
 * Scores a forecast on `test`: next day on up to {@link MAX_NEXT_DAY_WINDOWS} windows (`predictWindows` returns the
 * model's outputs for the windows it is given), and closed loop on up to {@link MAX_ROLLOUT_WINDOWS} when `next` is
 * given and the windows have one feature.
 */
export function scoreForecast(data: WindowData, test: Int32Array, predictWindows: (indices: Int32Array) => Float32Array, next: NextDayModel | undefined): ForecastScores {
  const nextDayIndices = evenSubset(test, MAX_NEXT_DAY_WINDOWS);
  const prediction = predictWindows(nextDayIndices);
  const nextDay = sp500Errors(data, nextDayIndices, prediction);
  const rolloutIndices = evenSubset(test, MAX_ROLLOUT_WINDOWS);
  let multiStep: MultiStepErrors | null = null;
  if (next && (data.features ?? 1) === 1 && data.steps >= 2) {
    const T = data.steps;
    const seen = seenDays(T);
    const windows = new Float32Array(rolloutIndices.length * T);
    rolloutIndices.forEach((sample, j) => windows.set(data.x.subarray(sample * T, (sample + 1) * T), j * T));
    multiStep = multiStepErrors(data, rolloutIndices, seen, closedLoopRollout(windows, T, seen, next));
  }
  return {
    nextDay, nextDayIndices, prediction, multiStep, rolloutIndices,
    vsPersistence: {
      nextDay: comparison(nextDay.scaled, nextDay.difference, nextDay.windows),
      multiStep: multiStep ? comparison(multiStep.scaled, multiStep.difference, multiStep.windows) : null,
    },
  };
}
