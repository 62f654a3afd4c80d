/**
 * Seeded data splits: the held-out test split, k-fold cross-validation folds of the rest, and the split one trial
 * trains on. Every split is a function of the sample count, the seed and the labels only, so each worker derives
 * the same indices from a trial's `SplitRef`. With labels, each class is spread evenly (stratified).
 */
import type { WindowDates } from './window-dates.js';
import type { SplitRef } from '../messages.js';
import { datedFold, datedHoldout } from './date-splits.js';
import { splitDates, type SplitDates } from './split-dates.js';
import { createRng, type Rng } from './rng.js';

/** A training and a test split, as ascending sample indices. */
export interface HoldoutSplit {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

/** A training and a validation split, as ascending sample indices. */
export interface TrainValSplit {
  readonly train: Int32Array;
  readonly val: Int32Array;
}

/** `indices` grouped by label (classes in ascending order), each group shuffled; unlabelled: one shuffled group. */
function shuffledGroups(indices: Int32Array, rng: Rng, labels: ArrayLike<number> | undefined): Int32Array[] {
  if (!labels) return [rng.shuffle(Int32Array.from(indices))];
  const byClass = new Map<number, number[]>();
  for (const i of indices) {
    if (i >= labels.length) throw new Error(`sample ${i} has no label (${labels.length} labels)`);
    const label = labels[i]!;
    let group = byClass.get(label);
    if (!group) byClass.set(label, (group = []));
    group.push(i);
  }
  return [...byClass.keys()].sort((a, b) => a - b).map((label) => rng.shuffle(Int32Array.from(byClass.get(label)!)));
}

/** Splits `total` across groups of `sizes` in proportion (largest remainder; ties to the earlier group). */
function apportion(sizes: readonly number[], total: number): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  if (n === 0) return sizes.map(() => 0);
  const quotas = sizes.map((s) => (s * total) / n);
  const shares = quotas.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = quotas.map((q, i) => [q - Math.floor(q), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares;
}

/**
 * Holds out `round(n * testFraction)` of samples `0..n-1` for the test (keeping at least one for training).
 * With `labels`, each class gives its share (its count times the fraction, rounded so the total is exact).
 */
export function holdoutSplit(n: number, testFraction: number, seed: number, labels?: ArrayLike<number>): HoldoutSplit {
  if (!Number.isInteger(n) || n < 0) throw new Error(`holdoutSplit needs a whole number of samples, got ${n}`);
  if (!(testFraction >= 0 && testFraction < 1)) throw new Error(`holdoutSplit needs a test fraction in [0, 1), got ${testFraction}`);
  const all = new Int32Array(n).map((_, i) => i);
  const nTest = Math.min(Math.round(n * testFraction), Math.max(0, n - 1));
  const groups = shuffledGroups(all, createRng(seed, 'holdout'), labels);
  const shares = apportion(groups.map((g) => g.length), nTest);
  const inTest = new Uint8Array(n);
  groups.forEach((group, g) => {
    for (let j = 0; j < shares[g]!; j++) inTest[group[j]!] = 1;
  });
  return { train: all.filter((i) => inTest[i] === 0), test: all.filter((i) => inTest[i] === 1) };
}

/**
 * Splits `indices` into `k` folds and returns, for each fold, that fold as `val` and the rest as `train`. Folds
 * are disjoint, cover `indices`, and differ in size by at most one; with `labels` (indexed by sample) each class
 * is dealt across the folds in turn, so per class they differ by at most one too.
 * @throws {Error} (a bug: specs are checked) when `k` is not a whole number from 2 to the number of samples.
 */
export function kfoldSplits(indices: Int32Array, k: number, seed: number, labels?: ArrayLike<number>): TrainValSplit[] {
  if (!Number.isInteger(k) || k < 2) throw new Error(`kfoldSplits needs a whole number of folds of at least 2, got ${k}`);
  if (k > indices.length) throw new Error(`cannot split ${indices.length} samples into ${k} folds`);
  // Dealing the groups one after another in turn keeps every class, and the total, balanced.
  const order = shuffledGroups(indices, createRng(seed, 'kfold'), labels);
  const foldOf = new Int32Array(indices.reduce((max, i) => Math.max(max, i), -1) + 1);
  let dealt = 0;
  for (const group of order) for (const i of group) foldOf[i] = dealt++ % k;
  const sorted = Int32Array.from(indices).sort();
  return Array.from({ length: k }, (_, fold) => ({
    train: sorted.filter((i) => foldOf[i] !== fold),
    val: sorted.filter((i) => foldOf[i] === fold),
  }));
}

/** A trial's split, and for a split by date the dates it covers (for results.json). */
export interface ResolvedSplit extends TrainValSplit {
  readonly dates?: SplitDates;
}

/**
 * The split a trial uses on a dataset of `size` samples. The test split is held out first (the same for every
 * trial of a sweep seed); a `kfold` trial gets fold `fold` of the rest, a `final` trial trains on all the rest and
 * is validated on the test split. With `split.chronological` the split is by date (see date-splits.ts): `dates`
 * must then be given, and labels and the seed play no part.
 * @throws {Error} when the fold does not exist, the training split has fewer samples than folds, or a dated fold
 * has no training or validation windows.
 */
export function resolveSplit(size: number, split: SplitRef, seed: number, labels?: ArrayLike<number>, dates?: WindowDates): ResolvedSplit {
  if (split.chronological) {
    if (!dates || dates.first.length !== size) throw new Error('a chronological split needs the date of every window; this dataset has none');
    const holdout = datedHoldout(dates, split.testFraction, split.chronological.gap);
    if (split.kind === 'final') {
      return { train: holdout.train, val: holdout.test, dates: splitDates(dates, holdout.train, holdout.test, holdout) };
    }
    const fold = datedFold(dates, holdout.train, holdout.trainEnd, split.folds, split.fold, split.chronological);
    const what = `fold ${split.fold} of ${split.folds} (${split.chronological.cv}) inside a training period of ${holdout.trainEnd} dates`;
    if (fold.train.length === 0 || fold.val.length === 0) {
      throw new Error(`${what} has no ${fold.train.length === 0 ? 'training' : 'validation'} windows: use fewer folds, a smaller window or gap, or longer series`);
    }
    return { train: fold.train, val: fold.val, dates: splitDates(dates, fold.train, fold.val, holdout) };
  }
  const holdout = holdoutSplit(size, split.testFraction, seed, labels);
  if (split.kind === 'final') return { train: holdout.train, val: holdout.test };
  if (split.fold >= split.folds) throw new Error(`fold ${split.fold} does not exist in a ${split.folds}-fold split`);
  return kfoldSplits(holdout.train, split.folds, seed, labels)[split.fold]!;
}
