/**
 * Next-day errors of an sp500 predictor on test windows, beside the persistence baseline ("tomorrow equals
 * today"), in scaled units and in dollars. In a window of T days the model's output at step t predicts day t+1,
 * so only its last step predicts a day it has not seen; the others predict days that are in its input.
 */
import type { MinMaxScaler } from '@seqsweep/core';

/** Squared-error means of the model and of persistence on the same windows. */
export interface PairedMse {
  readonly model: number;
  readonly persistence: number;
}

/** One company's next-day errors. */
export interface CompanyErrors {
  readonly name: string;
  readonly group: number;
  readonly windows: number;
  readonly scaled: PairedMse;
  readonly dollars: PairedMse;
}

/** Everything the sp500 section reports about errors. */
export interface Sp500Errors {
  /** Windows scored. */
  readonly windows: number;
  /** Next-day (last step) MSE in the scaled units the model trains on. */
  readonly scaled: PairedMse;
  /** Next-day MSE in dollars (each company's scaler inverted), over all windows. */
  readonly dollars: PairedMse;
  readonly companies: readonly CompanyErrors[];
  /** The model's MSE at each step of the window (scaled); the last is the unseen day. */
  readonly perStep: Float64Array;
}

/** The windows' data: inputs and targets of the whole dataset (row-major, one feature), and its groups. */
export interface WindowData {
  readonly x: Float32Array;
  readonly target: Float32Array;
  readonly groups: Int32Array;
  readonly steps: number;
  readonly scalers: readonly MinMaxScaler[];
}

interface Sums { model: number; persistence: number; n: number }
const mean = (s: Sums): PairedMse => ({ model: s.n ? s.model / s.n : NaN, persistence: s.n ? s.persistence / s.n : NaN });

/**
 * Scores the windows `indices` (of `data`), given `prediction` (`indices.length * steps` values, in the order of
 * `indices`). Persistence predicts each window's next day by its last input day.
 */
export function sp500Errors(data: WindowData, indices: Int32Array, prediction: Float32Array): Sp500Errors {
  const T = data.steps;
  const scaled: Sums = { model: 0, persistence: 0, n: 0 };
  const dollars: Sums = { model: 0, persistence: 0, n: 0 };
  const perCompany = new Map<number, { scaled: Sums; dollars: Sums }>();
  const perStep = new Float64Array(T);
  indices.forEach((sample, j) => {
    const last = sample * T + T - 1;
    const actual = data.target[last]!;
    const modelErr = prediction[j * T + T - 1]! - actual;
    const persistErr = data.x[last]! - actual;
    const group = data.groups[sample]!;
    const scaler = data.scalers[group];
    const range = scaler ? scaler.max - scaler.min : NaN;
    let company = perCompany.get(group);
    if (!company) perCompany.set(group, (company = { scaled: { model: 0, persistence: 0, n: 0 }, dollars: { model: 0, persistence: 0, n: 0 } }));
    for (const [sums, scale] of [[scaled, 1], [dollars, range], [company.scaled, 1], [company.dollars, range]] as const) {
      sums.model += (modelErr * scale) ** 2;
      sums.persistence += (persistErr * scale) ** 2;
      sums.n++;
    }
    for (let t = 0; t < T; t++) perStep[t]! += (prediction[j * T + t]! - data.target[sample * T + t]!) ** 2;
  });
  for (let t = 0; t < T; t++) perStep[t] = indices.length ? perStep[t]! / indices.length : NaN;
  const companies = [...perCompany.entries()].sort(([a], [b]) => a - b).map(([group, c]) => ({
    name: data.scalers[group]?.name ?? `group ${group}`, group, windows: c.scaled.n, scaled: mean(c.scaled), dollars: mean(c.dollars),
  }));
  return { windows: indices.length, scaled: mean(scaled), dollars: mean(dollars), companies, perStep };
}

/** A scaled value of `group` back in dollars. */
export function toDollars(value: number, scaler: MinMaxScaler | undefined): number {
  return scaler ? scaler.min + value * (scaler.max - scaler.min) : value;
}

/** At most `max` of `indices`, evenly spaced, in order. */
export function evenSubset(indices: Int32Array, max: number): Int32Array {
  if (indices.length <= max) return indices;
  return Int32Array.from({ length: max }, (_, k) => indices[Math.floor((k * indices.length) / max)]!);
}
