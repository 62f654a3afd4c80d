/**
 * Splits of dated windows that cannot see the future. The test split is the last `testFraction` of the calendar
 * (every date of the data, one cut-off for every series), after a gap of `gap` dates in which no window is used.
 * The folds inside the training period are forward-chaining (each validation block is trained on the dates before
 * it, an expanding window) or blocked (every other block, with a purge of `gap` dates before the validation block
 * and an embargo of `embargo` dates after it). A window is in a block only when all its days are: windows that
 * straddle a boundary or a gap are left out of that split. No randomness: a split is a function of the dates.
 */
import type { WindowDates } from './window-dates.js';
import type { ChronologicalRef } from '../messages.js';

/** Positions on the calendar, as a half-open range of calendar indices `[from, to)`. */
export interface DateSpan {
  readonly from: number;
  readonly to: number;
}

/** A chronological training and validation (or test) split, and the calendar spans each may use. */
export interface DatedSplit {
  readonly train: Int32Array;
  readonly val: Int32Array;
  /** The windows of `train` lie inside these spans of the calendar (two for a blocked fold). */
  readonly trainSpans: readonly DateSpan[];
  readonly valSpan: DateSpan;
}

/** The held-out test by date: its cut-off and the end of the training period. */
export interface DatedHoldout {
  readonly train: Int32Array;
  readonly test: Int32Array;
  /** Calendar index of the first test date (the calendar's length when nothing is held out). */
  readonly cutoff: number;
  /** Training windows end before this calendar index: `cutoff - gap`, or the calendar's length without a test. */
  readonly trainEnd: number;
}

/** Calendar index of every window's first and last day. */
export function calendarPositions(dates: WindowDates): { first: Int32Array; last: Int32Array } {
  const at = (day: number): number => {
    let lo = 0;
    let hi = dates.calendar.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dates.calendar[mid]! < day) lo = mid + 1;
      else hi = mid;
    }
    if (dates.calendar[lo] !== day) throw new Error(`day ${day} of a window is not on the dataset's calendar`);
    return lo;
  };
  return { first: dates.first.map(at), last: dates.last.map(at) };
}

const within = (pos: { first: Int32Array; last: Int32Array }, i: number, span: DateSpan): boolean =>
  pos.first[i]! >= span.from && pos.last[i]! < span.to;

function pick(candidates: Int32Array, test: (i: number) => boolean): Int32Array {
  return candidates.filter(test);
}

/**
 * The test split: windows whose every day is on or after the cut-off, which is the first of the last
 * `round(calendar * testFraction)` dates; training windows end `gap` dates before it.
 */
export function datedHoldout(dates: WindowDates, testFraction: number, gap: number): DatedHoldout {
  if (!(testFraction >= 0 && testFraction < 1)) throw new Error(`a dated holdout needs a test fraction in [0, 1), got ${testFraction}`);
  const pos = calendarPositions(dates);
  const D = dates.calendar.length;
  const all = Int32Array.from({ length: dates.first.length }, (_, i) => i);
  const nTest = Math.round(D * testFraction);
  if (nTest === 0) return { train: all, test: new Int32Array(0), cutoff: D, trainEnd: D };
  const cutoff = D - nTest;
  const trainEnd = Math.max(0, cutoff - gap);
  return {
    train: pick(all, (i) => pos.last[i]! < trainEnd),
    test: pick(all, (i) => pos.first[i]! >= cutoff),
    cutoff,
    trainEnd,
  };
}

/** Boundaries of `blocks` equal blocks of `[0, end)`. */
const boundaries = (end: number, blocks: number): number[] => Array.from({ length: blocks + 1 }, (_, j) => Math.round((j * end) / blocks));

/**
 * Fold `fold` of `folds` inside the training period `[0, trainEnd)` of the calendar, over the training windows
 * `train`. Forward: the period is cut into `folds + 1` blocks and fold f validates on block f + 1, training on
 * every window that ends `gap` dates before it. Blocked: `folds` blocks, fold f validates on block f and trains on
 * the windows that end `gap` dates before it or start `embargo` dates after it.
 */
export function datedFold(dates: WindowDates, train: Int32Array, trainEnd: number, folds: number, fold: number, how: ChronologicalRef): DatedSplit {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`a dated split needs a whole number of folds of at least 2, got ${folds}`);
  if (!Number.isInteger(fold) || fold < 0 || fold >= folds) throw new Error(`fold ${fold} does not exist in a ${folds}-fold split`);
  const pos = calendarPositions(dates);
  const forward = how.cv === 'forward';
  const b = boundaries(trainEnd, forward ? folds + 1 : folds);
  const valSpan = forward ? { from: b[fold + 1]!, to: b[fold + 2]! } : { from: b[fold]!, to: b[fold + 1]! };
  const before = { from: 0, to: Math.max(0, valSpan.from - how.gap) };
  const after = { from: Math.min(trainEnd, valSpan.to + how.embargo), to: trainEnd };
  const trainSpans = forward || after.from >= after.to ? [before] : [before, after];
  return {
    train: pick(train, (i) => trainSpans.some((span) => within(pos, i, span))),
    val: pick(train, (i) => within(pos, i, valSpan)),
    trainSpans,
    valSpan,
  };
}
