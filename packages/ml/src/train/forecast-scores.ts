/**
 * A trained predictor scored against persistence on its test windows (see forecast/vs-persistence.ts in @seqsweep/core): the final
 * trial records these figures and the report draws the same ones from the saved model.
 */
import type * as tf from '@tensorflow/tfjs';
import type { SequenceDataset } from '../data/types.js';
import { scoreForecast, type ForecastScores, type NextDayModel, type WindowData } from '@seqsweep/core';
import { predict } from './predict.js';

/** The window data of a prediction dataset (scaled for its trial), or undefined when it has no targets. */
export function forecastWindowData(dataset: SequenceDataset): WindowData | undefined {
  if (!dataset.target || !dataset.groups) return undefined;
  const stride = typeof dataset.info.stride === 'number' ? dataset.info.stride : 1;
  return {
    x: dataset.x, target: dataset.target, groups: dataset.groups, steps: dataset.steps, features: dataset.features,
    stride, scalers: dataset.info.scalers ?? [], dates: dataset.dates,
  };
}

/**
 * The model's next-day output as a {@link NextDayModel} (one feature per step). Throws when the model has no
 * next-day prediction output.
 */
export function modelNextDay(model: tf.LayersModel, steps: number): NextDayModel {
  return (windows) => {
    const size = windows.length / steps;
    const dataset = { task: 'rollout', kind: 'prediction' as const, size, steps, features: 1, x: windows, info: { source: 'closed-loop rollout' } };
    const { prediction } = predict(model, dataset, Int32Array.from({ length: size }, (_, i) => i));
    if (!prediction) throw new Error('the model has no next-day prediction output');
    return prediction;
  };
}

/**
 * Scores `model` on the test windows `test` of `dataset` (already scaled for its trial), or returns undefined when
 * the dataset has no prediction targets or the model no prediction output, or there is no test window.
 */
export function forecastScores(model: tf.LayersModel, dataset: SequenceDataset, test: Int32Array): ForecastScores | undefined {
  const data = forecastWindowData(dataset);
  if (!data || test.length === 0) return undefined;
  const probe = predict(model, dataset, test.subarray(0, 1));
  if (!probe.prediction) return undefined;
  const predictWindows = (indices: Int32Array): Float32Array => predict(model, dataset, indices).prediction!;
  return scoreForecast(data, test, predictWindows, dataset.features === 1 ? modelNextDay(model, dataset.steps) : undefined);
}
