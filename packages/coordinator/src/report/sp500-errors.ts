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
  /** The model's next-day squared error less persistence's, per window (scaled), and how sure that mean is. */
  readonly difference: PairedDifference;
}

/**
 * Mean of (model error² − persistence error²) over the windows, with a standard error taken over blocks of
 * {@link DIFFERENCE_BLOCK} test windows that are consecutive within one company: overlapping windows are not
 * independent, blocks far apart nearly are. `se` is NaN with fewer than 2 blocks; `z` is `mean / se`.
 */
export interface PairedDifference {
  readonly mean: number;
  readonly se: number;
  readonly z: number;
  readonly blocks: number;
}

/** Test windows per block of {@link PairedDifference}. */
export const DIFFERENCE_BLOCK = 30;

/** The paired difference of `diffs` (one per window), blocked by company and window order. */
export function pairedDifference(diffs: readonly { group: number; sample: number; d: number }[]): PairedDifference {
  const n = diffs.length;
  const mean = n ? diffs.reduce((a, x) => a + x.d, 0) / n : NaN;
  const byGroup = new Map<number, { sample: number; d: number }[]>();
  for (const x of diffs) {
    let list = byGroup.get(x.group);
    if (!list) byGroup.set(x.group, (list = []));
    list.push(x);
  }
  const blockMeans: number[] = [];
  for (const list of byGroup.values()) {
    list.sort((a, b) => a.sample - b.sample);
    for (let i = 0; i < list.length; i += DIFFERENCE_BLOCK) {
      const block = list.slice(i, i + DIFFERENCE_BLOCK);
      blockMeans.push(block.reduce((a, x) => a + x.d, 0) / block.length);
    }
  }
  const k = blockMeans.length;
  if (k < 2) return { mean, se: NaN, z: NaN, blocks: k };
  const m = blockMeans.reduce((a, b) => a + b, 0) / k;
  const variance = blockMeans.reduce((a, b) => a + (b - m) ** 2, 0) / (k - 1);
  const se = Math.sqrt(variance / k);
  return { mean, se, z: se > 0 ? mean / se : mean === 0 ? 0 : Math.sign(mean) * Infinity, blocks: k };
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
  const diffs: { group: number; sample: number; d: number }[] = [];
  indices.forEach((sample, j) => {
    const last = sample * T + T - 1;
    const actual = data.target[last]!;
    const modelErr = prediction[j * T + T - 1]! - actual;
    const persistErr = data.x[last]! - actual;
    const group = data.groups[sample]!;
    diffs.push({ group, sample, d: modelErr ** 2 - persistErr ** 2 });
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
  return { windows: indices.length, scaled: mean(scaled), dollars: mean(dollars), companies, perStep, difference: pairedDifference(diffs) };
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
