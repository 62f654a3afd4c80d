/**
 * The sp500 prediction task: each company's chosen price column, cut into windows of `window` consecutive days
 * that never cross companies, each dated. The target of a window is the same window one day later. Prices stay in
 * dollars here: each trial scales every company with a MinMax scaler fit on its own training days (trial-scaling.ts).
 */
import { join, resolve } from 'node:path';
import type { TaskOptions } from '@seqsweep/core';
import { packageDir } from './package-data.js';
import { readPriceTable, type DroppedRows } from './price-table.js';
import { requireDatedWindows } from './dated-windows.js';
import type { DatasetInfo, SequenceDataset } from './types.js';

/** The parsed options of the `sp500` task. */
export type Sp500Task = Extract<TaskOptions, { name: 'sp500' }>;

/** What the sp500 loader reports. */
export interface Sp500Info extends DatasetInfo {
  readonly column: string;
  readonly window: number;
  readonly stride: number;
  /** Companies in the file, before any filtering. */
  readonly companiesFound: number;
  /** Companies kept, which is the number of groups. */
  readonly companies: number;
  /** Companies dropped for having fewer than `minDays` usable rows. */
  readonly companiesDropped: number;
  readonly rowsRead: number;
  readonly rowsDropped: number;
  readonly droppedBy: DroppedRows;
  readonly firstDroppedLines: readonly number[];
  readonly windows: number;
  /** The company of each group id. */
  readonly seriesNames: readonly string[];
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
  const { size, x, target, groups, dates } = requireDatedWindows(source, columns, options.window, options.stride, () => (kept.length === 0
    ? `none of its ${table.series.length} companies has ${options.minDays} usable \`${options.column}\` rows`
    : `none of its ${kept.length} kept companies has more than ${options.window} days`));
  return {
    task: 'sp500',
    kind: 'prediction',
    size,
    steps: options.window,
    features: 1,
    x,
    target,
    groups,
    dates,
    scaling: 'minmax-per-group',
    info: {
      source,
      column: options.column,
      window: options.window,
      stride: options.stride,
      companiesFound: table.series.length,
      companies: kept.length,
      companiesDropped: table.series.length - longEnough.length,
      rowsRead: table.rowsRead,
      rowsDropped: table.rowsDropped,
      droppedBy: table.droppedBy,
      firstDroppedLines: table.firstDroppedLines,
      windows: size,
      seriesNames: kept.map((s) => s.name),
    },
  };
}
