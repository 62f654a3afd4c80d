/**
 * Next-day errors of a predictor on test windows, beside the persistence baseline ("tomorrow equals today"), in
 * scaled units and in the data's units (dollars for sp500). In a window of T days the model's output at step t
 * predicts day t+1, so only its last step predicts a day it has not seen. With several features per day, the
 * target is feature 0.
 */
import type { MinMaxScaler, WindowDates } from '../plan/window-dates.js';
import { dayBlocks, pairedDifference, type PairedDifference } from './paired-difference.js';

/** Squared-error means of the model and of persistence on the same windows. */
export interface PairedMse {
  readonly model: number;
  readonly persistence: number;
}

/** One series' next-day errors. */
export interface CompanyErrors {
  readonly name: string;
  readonly group: number;
  readonly windows: number;
  readonly scaled: PairedMse;
  readonly dollars: PairedMse;
}

/** Everything known about next-day errors. */
export interface Sp500Errors {
  /** Windows scored. */
  readonly windows: number;
  /** Next-day (last step) MSE in the scaled units the model trains on. */
  readonly scaled: PairedMse;
  /** Next-day MSE in the data's units (each series' scaler inverted), over all windows. */
  readonly dollars: PairedMse;
  readonly companies: readonly CompanyErrors[];
  /** The model's MSE at each step of the window (scaled); the last is the unseen day. */
  readonly perStep: Float64Array;
  /** The model's next-day squared error less persistence's, per window (scaled), and how sure that mean is. */
  readonly difference: PairedDifference;
}

/** The windows' data: inputs and targets of the whole dataset (row-major), its groups, and its dates if known. */
export interface WindowData {
  readonly x: Float32Array;
  readonly target: Float32Array;
  /** The series of each window; a series' windows are consecutive, in order of their first day. */
  readonly groups: Int32Array;
  readonly steps: number;
  /** Values per day; the target is feature 0. @default 1 */
  readonly features?: number;
  /** Days between the starts of a series' consecutive windows. */
  readonly stride: number;
  /** The scaler of each group's target, fit on training days. */
  readonly scalers: readonly MinMaxScaler[];
  readonly dates?: WindowDates | undefined;
}

interface Sums { model: number; persistence: number; n: number }
const mean = (s: Sums): PairedMse => ({ model: s.n ? s.model / s.n : NaN, persistence: s.n ? s.persistence / s.n : NaN });
const sums = (): Sums => ({ model: 0, persistence: 0, n: 0 });

/**
 * Scores the windows `indices` (of `data`), given `prediction` (`indices.length * steps * features` values, in the
 * order of `indices`). Persistence predicts each window's next day by its last input day.
 */
export function sp500Errors(data: WindowData, indices: Int32Array, prediction: Float32Array): Sp500Errors {
  const T = data.steps;
  const F = data.features ?? 1;
  const scaled = sums();
  const dollars = sums();
  const perCompany = new Map<number, { scaled: Sums; dollars: Sums }>();
  const perStep = new Float64Array(T);
  const diffs = new Float64Array(indices.length);
  indices.forEach((sample, j) => {
    const last = (sample * T + T - 1) * F;
    const actual = data.target[last]!;
    const modelErr = prediction[(j * T + T - 1) * F]! - actual;
    const persistErr = data.x[last]! - actual;
    const group = data.groups[sample]!;
    diffs[j] = modelErr ** 2 - persistErr ** 2;
    const scaler = data.scalers[group];
    const range = scaler ? scaler.max - scaler.min : NaN;
    let company = perCompany.get(group);
    if (!company) perCompany.set(group, (company = { scaled: sums(), dollars: sums() }));
    for (const [s, scale] of [[scaled, 1], [dollars, range], [company.scaled, 1], [company.dollars, range]] as const) {
      s.model += (modelErr * scale) ** 2;
      s.persistence += (persistErr * scale) ** 2;
      s.n++;
    }
    for (let t = 0; t < T; t++) perStep[t]! += (prediction[(j * T + t) * F]! - data.target[(sample * T + t) * F]!) ** 2;
  });
  for (let t = 0; t < T; t++) perStep[t] = indices.length ? perStep[t]! / indices.length : NaN;
  const companies = [...perCompany.entries()].sort(([a], [b]) => a - b).map(([group, c]) => ({
    name: data.scalers[group]?.name ?? `group ${group}`, group, windows: c.scaled.n, scaled: mean(c.scaled), dollars: mean(c.dollars),
  }));
  return { windows: indices.length, scaled: mean(scaled), dollars: mean(dollars), companies, perStep, difference: pairedDifference(diffs, dayBlocks(data, indices)) };
}

/** A scaled value of a group back in its units (dollars for sp500). */
export function toDollars(value: number, scaler: MinMaxScaler | undefined): number {
  return scaler ? scaler.min + value * (scaler.max - scaler.min) : value;
}

/** At most `max` of `indices`, evenly spaced, in order. */
export function evenSubset(indices: Int32Array, max: number): Int32Array {
  if (indices.length <= max) return indices;
  return Int32Array.from({ length: max }, (_, k) => indices[Math.floor((k * indices.length) / max)]!);
}
