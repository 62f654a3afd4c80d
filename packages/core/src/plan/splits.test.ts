import { describe, expect, it } from 'vitest';
import { holdoutSplit, kfoldSplits, resolveSplit } from './splits.js';

const range = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
const sorted = (...parts: Int32Array[]): number[] => parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
const countBy = (indices: Int32Array, labels: Int32Array): Map<number, number> => {
  const counts = new Map<number, number>();
  for (const i of indices) counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
  return counts;
};
// 3 classes of uneven size: 47, 33 and 20 samples.
const labels = Int32Array.from({ length: 100 }, (_, i) => (i < 47 ? 0 : i < 80 ? 1 : 2));

describe('holdoutSplit', () => {
  it('holds out round(n * fraction) samples, disjoint from and together covering all samples', () => {
    const { train, test } = holdoutSplit(103, 0.2, 42);
    expect(test.length).toBe(21);
    expect(train.length).toBe(82);
    expect(sorted(train, test)).toEqual(Array.from(range(103)));
    expect(Array.from(train)).toEqual(Array.from(train).sort((a, b) => a - b));
  });

  it('is the same for the same seed and differs for another', () => {
    expect(holdoutSplit(100, 0.3, 1)).toEqual(holdoutSplit(100, 0.3, 1));
    expect(holdoutSplit(100, 0.3, 1).test).not.toEqual(holdoutSplit(100, 0.3, 2).test);
  });

  it('holds out nothing for a zero fraction and keeps one sample for training', () => {
    expect(holdoutSplit(10, 0, 1).test.length).toBe(0);
    expect(holdoutSplit(1, 0.9, 1)).toEqual({ train: Int32Array.of(0), test: new Int32Array(0) });
  });

  it('holds out each class in proportion when stratified', () => {
    const { train, test } = holdoutSplit(100, 0.2, 5, labels);
    expect(test.length).toBe(20);
    expect(sorted(train, test)).toEqual(Array.from(range(100)));
    const perClass = countBy(test, labels);
    const sizes = countBy(range(100), labels);
    for (const [label, size] of sizes) {
      expect(Math.abs(perClass.get(label)! - size * 0.2)).toBeLessThan(1);
    }
  });
});

describe('kfoldSplits', () => {
  const indices = holdoutSplit(103, 0.2, 42).train;

  it('gives k disjoint folds that cover the indices, sizes differing by at most one', () => {
    const folds = kfoldSplits(indices, 5, 42);
    expect(folds).toHaveLength(5);
    expect(sorted(...folds.map((f) => f.val))).toEqual(Array.from(indices));
    const sizes = folds.map((f) => f.val.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const f of folds) {
      expect(sorted(f.train, f.val)).toEqual(Array.from(indices));
      const val = new Set(f.val);
      expect(Array.from(f.train).some((i) => val.has(i))).toBe(false);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    expect(kfoldSplits(indices, 4, 9)).toEqual(kfoldSplits(indices, 4, 9));
    expect(kfoldSplits(indices, 4, 9)[0]!.val).not.toEqual(kfoldSplits(indices, 4, 10)[0]!.val);
  });

  it('spreads each class evenly across the folds when stratified', () => {
    const all = range(100);
    const folds = kfoldSplits(all, 3, 1, labels);
    expect(sorted(...folds.map((f) => f.val))).toEqual(Array.from(all));
    const totals = folds.map((f) => f.val.length);
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(1);
    for (const label of [0, 1, 2]) {
      const perFold = folds.map((f) => countBy(f.val, labels).get(label) ?? 0);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
  });

  it('throws for more folds than samples and fewer than two folds', () => {
    expect(() => kfoldSplits(range(4), 5, 1)).toThrow('cannot split 4 samples into 5 folds');
    expect(() => kfoldSplits(range(4), 1, 1)).toThrow(/at least 2/);
  });
});

describe('resolveSplit', () => {
  it('gives fold `fold` of the training part for a kfold trial, never touching the test part', () => {
    const { train: trainPart, test } = holdoutSplit(60, 0.25, 3, labels);
    const folds = kfoldSplits(trainPart, 3, 3, labels);
    for (let fold = 0; fold < 3; fold++) {
      const split = resolveSplit(60, { kind: 'kfold', folds: 3, fold, testFraction: 0.25 }, 3, labels);
      expect(split).toEqual(folds[fold]);
      const held = new Set(test);
      expect([...split.train, ...split.val].some((i) => held.has(i))).toBe(false);
    }
  });

  it('gives the whole training part and the test part for the final trial', () => {
    const holdout = holdoutSplit(60, 0.25, 3);
    expect(resolveSplit(60, { kind: 'final', testFraction: 0.25 }, 3)).toEqual({ train: holdout.train, val: holdout.test });
  });

  it('throws for a fold that does not exist', () => {
    expect(() => resolveSplit(60, { kind: 'kfold', folds: 3, fold: 3, testFraction: 0.2 }, 1)).toThrow(/fold 3 does not exist/);
  });
});
