import { describe, expect, it } from 'vitest';
import { resolveSplit } from '@seqsweep/core';
import { buildDatedWindows } from './dated-windows.js';
import { fitGroupScalers, trialDataset } from './trial-scaling.js';
import type { SequenceDataset } from './types.js';

const DAY = 18_000;

/** Two series on 120 shared days, two features; values on days at or after `mark` are huge (never seen in training). */
function dataset(mark: number): SequenceDataset {
  const days = Int32Array.from({ length: 120 }, (_, i) => DAY + i);
  const series = [1, 3].map((scale, s) => ({
    name: `S${s}`, days,
    columns: [Float64Array.from(days, (d, i) => (d >= DAY + mark ? 1e6 : scale * (10 + i))), Float64Array.from(days, (_, i) => -scale * i)],
  }));
  const w = buildDatedWindows(series, 6, 1);
  return {
    task: 'series', kind: 'prediction', size: w.size, steps: 6, features: 2, x: w.x, target: w.target, groups: w.groups, dates: w.dates,
    scaling: 'minmax-per-group', info: { source: 'test', seriesNames: ['S0', 'S1'] },
  };
}

describe('scalers fit on a trial\'s training days only', () => {
  it('never fits on a validation or test value, for every fold and the final trial', () => {
    const chronological = { cv: 'forward' as const, gap: 6, embargo: 6 };
    const refs = [
      { kind: 'final' as const, testFraction: 0.25, chronological },
      ...[0, 1, 2].map((fold) => ({ kind: 'kfold' as const, folds: 3, fold, testFraction: 0.25, chronological })),
    ];
    for (const ref of refs) {
      const plain = dataset(1_000);
      const split = resolveSplit(plain.size, ref, 1, undefined, plain.dates);
      // The first day that is not a training day: the day after the last day of any training window.
      const lastTrainDay = Math.max(...Array.from(split.train, (i) => plain.dates!.last[i]!));
      const marked = dataset(lastTrainDay - DAY + 1);
      // Values after training turned huge change nothing: the scalers never saw them.
      expect(fitGroupScalers(marked, split.train, ['S0', 'S1'])).toEqual(fitGroupScalers(plain, split.train, ['S0', 'S1']));
      const scaled = trialDataset(marked, split.train);
      const s0 = (scaled.info.featureScalers as { min: number; max: number }[][])[0]!;
      expect(s0[0]!.max).toBeLessThan(1e6);
      // Training values land in [0, 1]; later ones may leave it, as the huge ones do.
      for (const i of split.train) for (let k = 0; k < 12; k++) expect(scaled.x[i * 12 + k]!).toBeGreaterThanOrEqual(-1e-6);
      expect(Math.max(...Array.from(split.val, (i) => scaled.target![i * 12 + 10]!))).toBeGreaterThan(1);
    }
  });

  it('scales each series and feature on its own range, and keeps the target scaler for reading values back', () => {
    const ds = dataset(1_000);
    const train = Int32Array.from({ length: ds.size }, (_, i) => i);
    const scaled = trialDataset(ds, train);
    expect(scaled.scaling).toBeUndefined();
    expect(scaled.info.scalers).toEqual([{ name: 'S0', min: 10, max: 129 }, { name: 'S1', min: 30, max: 387 }]);
    expect(Math.min(...scaled.x)).toBeCloseTo(0, 6);
    expect(Math.max(...scaled.target!)).toBeCloseTo(1, 6);
    // A dataset without per-group scaling is used as it is.
    const plain = { ...ds, scaling: undefined };
    expect(trialDataset(plain, train)).toBe(plain);
  });
});
