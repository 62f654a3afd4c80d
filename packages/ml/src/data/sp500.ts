/**
 * The sp500 prediction task: each company's chosen price column, cut into windows of `window` consecutive days
 * that never cross companies, each dated. The target of a window is the same window one day later. Prices stay in
 * dollars here: each trial scales every company with a MinMax scaler fit on its own training days (trial-scaling.ts).
 */
import { join, resolve } from 'node:path';
import type { TaskOptions } from '@seqsweep/core';
import { packageDir } from './package-data.js';
import { readPriceTable, type DroppedRows } from './price-table.js';
import { datedDataset, requireDatedWindows, type DatedTableInfo } from './dated-windows.js';
import type { SequenceDataset } from './types.js';

/** The parsed options of the `sp500` task. */
export type Sp500Task = Extract<TaskOptions, { name: 'sp500' }>;

/** What the sp500 loader reports. */
export interface Sp500Info extends DatedTableInfo {
  readonly column: string;
  /** Companies in the file, before any filtering. */
  readonly companiesFound: number;
  /** Companies dropped for having fewer than `minDays` usable rows. */
  readonly companiesDropped: number;
  readonly droppedBy: DroppedRows;
}

/** The default file: vega-datasets' S&P 500 index, 2000 to 2020, read as one series. */
export async function defaultSp500Path(packageRoot?: string): Promise<string> {
  return join(await packageDir('vega-datasets', packageRoot), 'data', 'sp500-2000.csv');
}

/** Loads the sp500 task from `options.path` (default: {@link defaultSp500Path}). */
export async function loadSp500(options: Sp500Task, packageRoot?: string): Promise<SequenceDataset<Sp500Info>> {
  const source = resolve(options.path ?? (await defaultSp500Path(packageRoot)));
  const table = await readPriceTable(source, options.column);
  const longEnough = table.series.filter((s) => s.values.length >= options.minDays);
  const kept = options.companies === undefined ? longEnough : longEnough.slice(0, options.companies);
  const columns = kept.map((s) => ({ name: s.name, days: s.days, columns: [s.values] }));
  const windows = requireDatedWindows(source, columns, options.window, options.stride, () => (kept.length === 0
    ? `none of its ${table.series.length} companies has ${options.minDays} usable \`${options.column}\` rows`
    : `none of its ${kept.length} kept companies has more than ${options.window} days`));
  return datedDataset<Sp500Info>('sp500', source, windows, { ...options, features: 1, kept, table }, {
    column: options.column, companiesFound: table.series.length,
    companiesDropped: table.series.length - longEnough.length, droppedBy: table.droppedBy,
  });
}
