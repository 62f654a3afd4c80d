/**
 * The `series` task: a user's own dated series from a CSV, cut into windows that never cross series, each dated.
 * Every window holds the target column first and then the extra feature columns; its target is the same window
 * one day later. Values stay raw here: each trial scales every series and feature on its own training days.
 */
import { resolve } from 'node:path';
import type { TaskOptions } from '@seqsweep/core';
import { datedDataset, requireDatedWindows, type DatedTableInfo } from './dated-windows.js';
import { readSeriesTable, type DroppedSeriesRows } from './series-table.js';
import type { SequenceDataset } from './types.js';

/** The parsed options of the `series` task. */
export type SeriesTask = Extract<TaskOptions, { name: 'series' }>;

/** What the series loader reports. */
export interface SeriesInfo extends DatedTableInfo {
  readonly target: string;
  readonly features: readonly string[];
  readonly seriesFound: number;
  /** Series dropped for having fewer than `minDays` usable rows. */
  readonly companiesDropped: number;
  readonly droppedBy: DroppedSeriesRows;
}

/** Loads the series task from `options.path`. */
export async function loadSeries(options: SeriesTask): Promise<SequenceDataset<SeriesInfo>> {
  const source = resolve(options.path);
  const columns = [options.target, ...options.features];
  const table = await readSeriesTable(source, { date: options.date, values: columns, name: options.nameColumn });
  const kept = table.series.filter((s) => s.days.length >= options.minDays);
  const windows = requireDatedWindows(source, kept, options.window, options.stride, () => (kept.length === 0
    ? `none of its ${table.series.length} series has ${options.minDays} usable rows`
    : `none of its ${kept.length} kept series has more than ${options.window} rows`));
  return datedDataset<SeriesInfo>('series', source, windows, { ...options, features: columns.length, kept, table }, {
    target: options.target, features: options.features, seriesFound: table.series.length,
    companiesDropped: table.series.length - kept.length, droppedBy: table.droppedBy,
  });
}
