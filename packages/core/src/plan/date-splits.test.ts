import { describe, expect, it } from 'vitest';
import type { WindowDates } from './window-dates.js';
import type { ChronologicalRef, SplitRef } from '../messages.js';
import { calendarPositions, datedFold, datedHoldout } from './date-splits.js';
import { createRng, type Rng } from './rng.js';
import { resolveSplit } from './splits.js';

const DAY = 18_000; // 2019-04-13, an arbitrary first day

/** One series: its days, ascending. */
interface DatedSeries {
  readonly name: string;
  readonly days: Int32Array;
  readonly columns: readonly Float64Array[];
}

/**
 * The dates of the windows of `series` as the ml package's loaders cut them: window w starts at row `w * stride`,
 * its last day is that of row `start + window` (its target's), and the calendar is every date of every series.
 */
function buildDatedWindows(series: readonly DatedSeries[], window: number, stride: number): { size: number; dates: WindowDates } {
  const first: number[] = [];
  const last: number[] = [];
  const all = new Set<number>();
  for (const s of series) {
    s.days.forEach((d) => all.add(d));
    for (let start = 0; start + window < s.days.length; start += stride) {
      first.push(s.days[start]!);
      last.push(s.days[start + window]!);
    }
  }
  return { size: first.length, dates: { first: Int32Array.from(first), last: Int32Array.from(last), calendar: Int32Array.from(all).sort() } };
}

/** `count` series of random lengths and starts, with random missing days, cut into windows. */
function randomDataset(rng: Rng, count: number, window: number, stride: number) {
  const series: DatedSeries[] = Array.from({ length: count }, (_, s) => {
    const days: number[] = [];
    let day = DAY + rng.int(60);
    const length = window + 20 + rng.int(220);
    while (days.length < length) {
      days.push(day);
      day += 1 + (rng.next() < 0.2 ? rng.int(3) : 0);
    }
    return { name: `S${s}`, days: Int32Array.from(days), columns: [Float64Array.from(days, () => rng.next())] };
  });
  return buildDatedWindows(series, window, stride);
}

/**
 * Checks that every window of `judged` lies after every window of `train` that precedes it by more than `before`
 * dates, or before those that follow it by more than `after` dates, on the shared calendar: so no judged window
 * shares a date with a training window, of its own series or any other.
 */
function expectApart(dates: WindowDates, train: Int32Array, judged: Int32Array, before: number, after: number): void {
  if (judged.length === 0 || train.length === 0) return;
  const pos = calendarPositions(dates);
  let firstJudged = Infinity;
  let lastJudged = -Infinity;
  for (const j of judged) {
    firstJudged = Math.min(firstJudged, pos.first[j]!);
    lastJudged = Math.max(lastJudged, pos.last[j]!);
  }
  let bad = 0;
  for (const t of train) {
    const earlier = pos.last[t]! < firstJudged - before;
    const later = pos.first[t]! > lastJudged + after;
    if (!earlier && !later) bad++;
  }
  expect(bad).toBe(0);
  // The same, day by day: the set of training days and the set of judged days are disjoint.
  const trainDays = new Set<number>();
  for (const t of train) for (let d = pos.first[t]!; d <= pos.last[t]!; d++) trainDays.add(d);
  for (const j of judged) for (let d = pos.first[j]!; d <= pos.last[j]!; d++) if (trainDays.has(d)) bad++;
  expect(bad).toBe(0);
}

describe('splits by date', () => {
  it('over random datasets: no validation or test window of a trial shares a date with its training windows, in any series', () => {
    const rng = createRng(20261201, 'date-split-property');
    let checked = 0;
    for (let round = 0; round < 120; round++) {
      const window = 2 + rng.int(12);
      const data = randomDataset(rng, 1 + rng.int(5), window, 1 + rng.int(3));
      const gap = window + rng.int(4);
      const how: ChronologicalRef = { cv: rng.next() < 0.5 ? 'forward' : 'blocked', gap, embargo: gap + rng.int(3) };
      const testFraction = [0, 0.1, 0.2, 0.3, 0.45][rng.int(5)]!;
      const folds = 2 + rng.int(4);
      const refs: SplitRef[] = [
        { kind: 'final', testFraction, chronological: how },
        ...Array.from({ length: folds }, (_, fold): SplitRef => ({ kind: 'kfold', folds, fold, testFraction, chronological: how })),
      ];
      const holdout = datedHoldout(data.dates, testFraction, gap);
      for (const ref of refs) {
        let split;
        try {
          split = resolveSplit(data.size, ref, 1, undefined, data.dates);
        } catch (e) {
          // Short random series may leave a fold empty; that is refused, never split wrongly.
          expect((e as Error).message).toMatch(/has no (training|validation) windows/);
          continue;
        }
        checked++;
        expect(split.train.length).toBeGreaterThan(0);
        if (ref.kind === 'final') {
          // Without a test nothing is held out, so no gap either.
          expect(holdout.cutoff - holdout.trainEnd).toBe(testFraction > 0 ? gap : 0);
          expectApart(data.dates, split.train, split.val, gap, 0);
          const pos = calendarPositions(data.dates);
          // One cut-off for every series: each test window starts on or after it, each training window ends a gap before it.
          for (const i of split.val) expect(pos.first[i]!).toBeGreaterThanOrEqual(holdout.cutoff);
          for (const i of split.train) expect(pos.last[i]!).toBeLessThan(holdout.trainEnd);
        } else {
          expectApart(data.dates, split.train, split.val, gap, how.cv === 'blocked' ? how.embargo : 0);
          // Folds train and validate inside the training period, never on test windows.
          const inPeriod = new Set(holdout.train);
          for (const i of [...split.train, ...split.val]) expect(inPeriod.has(i)).toBe(true);
          if (how.cv === 'forward') {
            const pos = calendarPositions(data.dates);
            const firstVal = Math.min(...Array.from(split.val, (i) => pos.first[i]!));
            for (const i of split.train) expect(pos.last[i]!).toBeLessThan(firstVal);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('cuts every series at one date: the last testFraction of the calendar, after a gap of dates with no window', () => {
    // Two series on the same 100 days, windows of 5 (6 days with the target).
    const days = Int32Array.from({ length: 100 }, (_, i) => DAY + i);
    const series = ['A', 'B'].map((name) => ({ name, days, columns: [Float64Array.from(days)] }));
    const data = buildDatedWindows(series, 5, 1);
    const h = datedHoldout(data.dates, 0.2, 5);
    expect(h.cutoff).toBe(80);
    expect(h.trainEnd).toBe(75);
    // Test windows start on day 80 or later: 20 days fit 15 windows of 6 days per series.
    expect(h.test.length).toBe(2 * 15);
    // Training windows end by day 74: starts 0..69 per series.
    expect(h.train.length).toBe(2 * 70);
  });

  it('forward folds expand: fold f trains on the dates before its validation block, less the gap', () => {
    const days = Int32Array.from({ length: 130 }, (_, i) => DAY + i);
    const data = buildDatedWindows([{ name: 'A', days, columns: [Float64Array.from(days)] }], 4, 1);
    const h = datedHoldout(data.dates, 0, 4);
    const how: ChronologicalRef = { cv: 'forward', gap: 4, embargo: 4 };
    const f = [0, 1, 2].map((fold) => datedFold(data.dates, h.train, h.trainEnd, 3, fold, how));
    expect(f.map((s) => s.valSpan)).toEqual([{ from: 33, to: 65 }, { from: 65, to: 98 }, { from: 98, to: 130 }]);
    expect(f.map((s) => s.trainSpans)).toEqual([[{ from: 0, to: 29 }], [{ from: 0, to: 61 }], [{ from: 0, to: 94 }]]);
    expect(f[0]!.train.length).toBeLessThan(f[1]!.train.length);
    expect(f[1]!.train.length).toBeLessThan(f[2]!.train.length);
  });

  it('blocked folds purge a gap before the validation block and embargo dates after it', () => {
    const days = Int32Array.from({ length: 90 }, (_, i) => DAY + i);
    const data = buildDatedWindows([{ name: 'A', days, columns: [Float64Array.from(days)] }], 3, 1);
    const h = datedHoldout(data.dates, 0, 3);
    const mid = datedFold(data.dates, h.train, h.trainEnd, 3, 1, { cv: 'blocked', gap: 3, embargo: 6 });
    expect(mid.valSpan).toEqual({ from: 30, to: 60 });
    expect(mid.trainSpans).toEqual([{ from: 0, to: 27 }, { from: 66, to: 90 }]);
  });

  it('refuses a chronological split without dates, and a fold with no windows', () => {
    const chronological: ChronologicalRef = { cv: 'forward', gap: 3, embargo: 3 };
    expect(() => resolveSplit(10, { kind: 'final', testFraction: 0.2, chronological }, 1)).toThrow(/needs the date of every window/);
    const days = Int32Array.from({ length: 12 }, (_, i) => DAY + i);
    const data = buildDatedWindows([{ name: 'A', days, columns: [Float64Array.from(days)] }], 3, 1);
    expect(() => resolveSplit(data.size, { kind: 'kfold', folds: 5, fold: 0, testFraction: 0.2, chronological }, 1, undefined, data.dates)).toThrow(/has no (training|validation) windows/);
  });
});
