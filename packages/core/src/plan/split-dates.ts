/** The dates a split by date covers, as results.json records them. */
import type { WindowDates } from './window-dates.js';
import type { DateRange, SplitDates } from '../messages.js';

export type { SplitDates } from '../messages.js';

const DAY_MS = 86_400_000;

/** A day number (days since 1970-01-01 UTC) as an ISO date. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The first and last day of the windows `indices`, or null for none. */
export function windowRange(dates: WindowDates, indices: Int32Array): DateRange | null {
  if (indices.length === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  for (const i of indices) {
    first = Math.min(first, dates.first[i]!);
    last = Math.max(last, dates.last[i]!);
  }
  return { first: isoDay(first), last: isoDay(last) };
}

/** The record of a split: its training and judged windows' ranges and the holdout's cut-off and gap. */
export function splitDates(dates: WindowDates, train: Int32Array, val: Int32Array, holdout: { cutoff: number; trainEnd: number; test: Int32Array }): SplitDates {
  const D = dates.calendar.length;
  return {
    train: windowRange(dates, train),
    val: windowRange(dates, val),
    cutoff: holdout.cutoff < D ? isoDay(dates.calendar[holdout.cutoff]!) : null,
    test: windowRange(dates, holdout.test),
    gap: holdout.cutoff - holdout.trainEnd,
  };
}
