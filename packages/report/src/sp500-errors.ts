/**
 * Next-day errors of an sp500 predictor on test windows, beside the persistence baseline ("tomorrow equals
 * today"), in scaled units and in dollars. In a window of T days the model's output at step t predicts day t+1,
 * so only its last step predicts a day it has not seen; the others predict days that are in its input.
 */
import type { MinMaxScaler } from '@seqsweep/ml';
import { formatNumber } from './html.js';

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

/** What the paired test says: significantly better than persistence, within noise, or significantly worse. */
export type PersistenceVerdict = 'beats' | 'no-better' | 'worse';

/**
 * Mean of (model error² − persistence error²) over the windows, with a standard error taken over blocks of
 * {@link BLOCK_DAYS} consecutive days (see {@link dayBlocks}): overlapping windows of one company, and the same
 * days of different companies, move together; blocks far apart nearly do not. `se` is NaN with fewer than 2
 * blocks; `z` is `mean / se`; `verdict` needs `|z|` above {@link SIGNIFICANT_Z}, and is `no-better` without `se`.
 */
export interface PairedDifference {
  readonly mean: number;
  readonly se: number;
  readonly z: number;
  readonly blocks: number;
  readonly verdict: PersistenceVerdict;
}

/** Days of the series per block of {@link PairedDifference}. */
export const BLOCK_DAYS = 30;
/** How many standard errors the mean difference must clear to count. */
export const SIGNIFICANT_Z = 2;

/** The verdict of a mean paired difference (model less persistence) `z` standard errors from 0. */
export function verdictOf(z: number): PersistenceVerdict {
  if (z < -SIGNIFICANT_Z) return 'beats';
  return z > SIGNIFICANT_Z ? 'worse' : 'no-better';
}

/**
 * The block of each of `indices`: its start day counted back from the last window of its company, in blocks of
 * {@link BLOCK_DAYS}. Counting back from the end puts the same dates of every company in one block whenever their
 * series end on the same day (as in the Kaggle file); with one series the blocks are its consecutive stretches.
 */
export function dayBlocks(data: Pick<WindowData, 'groups' | 'stride'>, indices: Int32Array): Int32Array {
  const lastOfGroup = new Map<number, number>();
  data.groups.forEach((g, i) => lastOfGroup.set(g, i));
  return indices.map((sample) => Math.floor(((lastOfGroup.get(data.groups[sample]!)! - sample) * data.stride) / BLOCK_DAYS));
}

/** The paired difference of `d` (one per window), with the standard error over the windows' `blocks`. */
export function pairedDifference(d: ArrayLike<number>, blocks: ArrayLike<number>): PairedDifference {
  const n = d.length;
  const sums = new Map<number, { sum: number; n: number }>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += d[i]!;
    let block = sums.get(blocks[i]!);
    if (!block) sums.set(blocks[i]!, (block = { sum: 0, n: 0 }));
    block.sum += d[i]!;
    block.n++;
  }
  const mean = n ? total / n : NaN;
  const k = sums.size;
  if (k < 2) return { mean, se: NaN, z: NaN, blocks: k, verdict: 'no-better' };
  // Cluster-robust variance of the mean: blocks of unequal size count by their size, and the windows within a block
  // may be correlated in any way.
  let spread = 0;
  for (const b of sums.values()) spread += (b.sum - b.n * mean) ** 2;
  const se = Math.sqrt((k / (k - 1)) * spread) / n;
  const z = se > 0 ? mean / se : mean === 0 ? 0 : Math.sign(mean) * Infinity;
  return { mean, se, z, blocks: k, verdict: verdictOf(z) };
}

/** How sure `d` is, as a clause: `the paired difference per window ... is m ± 2se (z = …)`, or too few blocks. */
export function differenceClause(d: PairedDifference): string {
  if (!Number.isFinite(d.se)) return `there are too few windows (${d.blocks} block${d.blocks === 1 ? '' : 's'} of ${BLOCK_DAYS} days) to tell a difference from noise`;
  return `the paired difference per window (model squared error less persistence's) is ${formatNumber(d.mean)} ± ${formatNumber(2 * d.se)}, z = ${formatNumber(d.z, 3)}`;
}

/** The one sentence that says how the ± of {@link differenceClause} is taken, and why. */
export function blockingNote(d: PairedDifference): string {
  if (!Number.isFinite(d.se)) return `A standard error needs at least 2 blocks of ${BLOCK_DAYS} consecutive days of the series, and the windows fall in ${d.blocks}, so the verdict cannot be "beats" or "worse".`;
  return `The ± is twice the standard error of the mean paired difference, taken over ${d.blocks} blocks of ${BLOCK_DAYS} consecutive days of the series (counted back from each company's last day, so that a block holds the same dates of every company whose series end together) because overlapping windows, and the same day of different companies, are correlated, so a standard error over single windows would be optimistic; the verdict is "beats" or "worse" only when |z| > ${SIGNIFICANT_Z}.`;
}

/** The windows' data: inputs and targets of the whole dataset (row-major, one feature), and its groups. */
export interface WindowData {
  readonly x: Float32Array;
  readonly target: Float32Array;
  /** The company of each window; a company's windows are consecutive, in order of their first day. */
  readonly groups: Int32Array;
  readonly steps: number;
  /** Days between the starts of a company's consecutive windows. */
  readonly stride: number;
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
  const diffs = new Float64Array(indices.length);
  indices.forEach((sample, j) => {
    const last = sample * T + T - 1;
    const actual = data.target[last]!;
    const modelErr = prediction[j * T + T - 1]! - actual;
    const persistErr = data.x[last]! - actual;
    const group = data.groups[sample]!;
    diffs[j] = modelErr ** 2 - persistErr ** 2;
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
  return { windows: indices.length, scaled: mean(scaled), dollars: mean(dollars), companies, perStep, difference: pairedDifference(diffs, dayBlocks(data, indices)) };
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
