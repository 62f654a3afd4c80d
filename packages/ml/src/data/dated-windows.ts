/**
 * Cutting dated series into windows that never cross series: window w of a series starts at row `w * stride` and
 * holds `window` rows of every feature; its target is the same rows one day later. Each window carries its first
 * and last day (the last is the target's), and the calendar of every date of the data, so splits can work by date.
 */
import { DataError, ErrorCode } from '@seqsweep/core';
import type { DatasetInfo, SequenceDataset, WindowDates } from './types.js';

/** One series, sorted by date: its day numbers and one column per feature (the target first). */
export interface DatedSeries {
  readonly name: string;
  /** Whole days since 1970-01-01 (UTC), ascending. */
  readonly days: Int32Array;
  /** `features` columns of `days.length` raw values each. */
  readonly columns: readonly Float64Array[];
}

/** The windows of dated series, row-major (`x[((i * window) + t) * features + f]`). */
export interface DatedWindows {
  readonly size: number;
  readonly x: Float32Array;
  readonly target: Float32Array;
  readonly groups: Int32Array;
  readonly dates: WindowDates;
}

const DAY_MS = 86_400_000;

/** The day number of a `Date.parse` result; dates with a time of day fall on their UTC day. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Windows of one series: starts 0, stride, ... while the shifted target still fits. */
export function windowCount(days: number, window: number, stride: number): number {
  return days < window + 1 ? 0 : Math.floor((days - window - 1) / stride) + 1;
}

/** Every date of `series`, sorted and distinct. */
function calendarOf(series: readonly DatedSeries[]): Int32Array {
  const all = new Set<number>();
  for (const s of series) for (const d of s.days) all.add(d);
  return Int32Array.from(all).sort();
}

/** Cuts `series` (each with the same number of feature columns) into windows of `window` days, `stride` apart. */
export function buildDatedWindows(series: readonly DatedSeries[], window: number, stride: number): DatedWindows {
  const F = series[0]?.columns.length ?? 1;
  const counts = series.map((s) => windowCount(s.days.length, window, stride));
  const size = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(size * window * F);
  const target = new Float32Array(size * window * F);
  const groups = new Int32Array(size);
  const first = new Int32Array(size);
  const last = new Int32Array(size);
  let sample = 0;
  series.forEach((s, group) => {
    for (let w = 0; w < counts[group]!; w++, sample++) {
      const start = w * stride;
      for (let t = 0; t < window; t++) {
        for (let f = 0; f < F; f++) {
          x[(sample * window + t) * F + f] = s.columns[f]![start + t]!;
          target[(sample * window + t) * F + f] = s.columns[f]![start + t + 1]!;
        }
      }
      groups[sample] = group;
      first[sample] = s.days[start]!;
      last[sample] = s.days[start + window]!;
    }
  });
  return { size, x, target, groups, dates: { first, last, calendar: calendarOf(series) } };
}

/**
 * The windows of `series` ({@link buildDatedWindows}), or, when there are none, the DataError that says so for
 * `source`; `why` words the reason in the task's own terms.
 */
export function requireDatedWindows(
  source: string, series: readonly DatedSeries[], window: number, stride: number, why: () => string,
): DatedWindows {
  const windows = buildDatedWindows(series, window, stride);
  if (windows.size > 0) return windows;
  throw new DataError(ErrorCode.DataCorrupt, `${source} gives no ${window}-day windows: ${why()}`, {
    file: source,
    fix: 'lower `minDays` or `window`, or choose a file with longer series',
  });
}

/** What every loader of dated series reports of its table and windows (each adds its own fields). */
export interface DatedTableInfo extends DatasetInfo {
  readonly window: number;
  readonly stride: number;
  /** Series kept, which is the number of groups. */
  readonly companies: number;
  readonly rowsRead: number;
  readonly rowsDropped: number;
  readonly firstDroppedLines: readonly number[];
  readonly windows: number;
  /** The series of each group id. */
  readonly seriesNames: readonly string[];
}

/**
 * The prediction dataset of `task` made of `windows` of the `kept` series (raw values, scaled per trial on its own
 * training days), with the loader's report: the fields every dated loader shares, and `info`, its own.
 */
export function datedDataset<I extends DatedTableInfo>(
  task: string, source: string, windows: DatedWindows, o: {
    readonly window: number; readonly stride: number; readonly features: number; readonly kept: readonly { readonly name: string }[];
    readonly table: { readonly rowsRead: number; readonly rowsDropped: number; readonly firstDroppedLines: readonly number[] };
  }, info: Omit<I, keyof DatedTableInfo>,
): SequenceDataset<I> {
  const shared: DatedTableInfo = {
    source, window: o.window, stride: o.stride, companies: o.kept.length, rowsRead: o.table.rowsRead, rowsDropped: o.table.rowsDropped,
    firstDroppedLines: o.table.firstDroppedLines, windows: windows.size, seriesNames: o.kept.map((s) => s.name),
  };
  return {
    task, kind: 'prediction', size: windows.size, steps: o.window, features: o.features,
    x: windows.x, target: windows.target, groups: windows.groups, dates: windows.dates, scaling: 'minmax-per-group',
    info: { ...shared, ...info } as I,
  };
}
