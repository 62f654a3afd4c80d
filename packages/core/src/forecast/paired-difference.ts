/**
 * The paired test of a forecast against persistence: per window, the model's squared error less persistence's,
 * and how sure its mean is, with a standard error over blocks of consecutive days. Overlapping windows of one
 * series, and the same days of different series, move together; blocks far apart nearly do not.
 */
import { calendarPositions } from '../plan/date-splits.js';
import type { WindowDates } from '../plan/window-dates.js';

/** What the paired test says: significantly better than persistence, within noise, or significantly worse. */
export type PersistenceVerdict = 'beats' | 'no-better' | 'worse';

/**
 * Mean of (model error² − persistence error²) over the windows, with a standard error taken over blocks of
 * {@link BLOCK_DAYS} consecutive days (see {@link dayBlocks}). `se` is NaN with fewer than 2 blocks; `z` is
 * `mean / se`; `verdict` needs `|z|` above {@link SIGNIFICANT_Z}, and is `no-better` without `se`.
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

/** What {@link dayBlocks} reads: the group of every window, the stride between them, and their dates if known. */
export interface BlockSource {
  readonly groups: Int32Array;
  readonly stride: number;
  readonly dates?: WindowDates | undefined;
}

/**
 * The block of each of `indices`. With dates: its last day's place on the calendar, counted back from the end in
 * blocks of {@link BLOCK_DAYS} dates, so a block holds the same dates of every series. Without: its start day
 * counted back from the last window of its group, which lines up the same dates of series that end together.
 */
export function dayBlocks(data: BlockSource, indices: Int32Array): Int32Array {
  if (data.dates) {
    const { last } = calendarPositions(data.dates);
    const end = data.dates.calendar.length - 1;
    return indices.map((sample) => Math.floor((end - last[sample]!) / BLOCK_DAYS));
  }
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
