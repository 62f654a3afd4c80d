/**
 * The sp500 prediction task: each company's chosen price column, MinMax-scaled on its own, cut into windows of
 * `window` consecutive days that never cross companies. The target of a window is the same window one day later.
 */
import { join, resolve } from 'node:path';
import { DataError, ErrorCode } from '@seqsweep/core';
import type { TaskOptions } from '@seqsweep/core';
import { packageDir } from './package-data.js';
import { readPriceTable, type DroppedRows, type PriceSeries } from './price-table.js';
import type { DatasetInfo, MinMaxScaler, SequenceDataset } from './types.js';

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
  /** One per group id: the scaled value v' of a company is `(v - min) / (max - min)`, and 0 for a flat series. */
  readonly scalers: readonly MinMaxScaler[];
}

/** The default file: vega-datasets' S&P 500 index, 2000 to 2020, read as one series. */
export async function defaultSp500Path(packageRoot?: string): Promise<string> {
  return join(await packageDir('vega-datasets', packageRoot), 'data', 'sp500-2000.csv');
}

/** Scales `values` into [0, 1] in place and returns the scaler; a flat series becomes all zeros. */
function minMaxScale(name: string, values: Float64Array): MinMaxScaler {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  for (let i = 0; i < values.length; i++) values[i] = range > 0 ? (values[i]! - min) / range : 0;
  return { name, min, max };
}

/** Windows of one company: starts 0, stride, ... while the shifted target still fits. */
function windowCount(days: number, window: number, stride: number): number {
  return days < window + 1 ? 0 : Math.floor((days - window - 1) / stride) + 1;
}

function buildWindows(series: readonly PriceSeries[], window: number, stride: number) {
  const counts = series.map((s) => windowCount(s.values.length, window, stride));
  const size = counts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(size * window);
  const target = new Float32Array(size * window);
  const groups = new Int32Array(size);
  let sample = 0;
  series.forEach((s, group) => {
    for (let w = 0; w < counts[group]!; w++, sample++) {
      const start = w * stride;
      x.set(s.values.subarray(start, start + window), sample * window);
      target.set(s.values.subarray(start + 1, start + window + 1), sample * window);
      groups[sample] = group;
    }
  });
  return { size, x, target, groups };
}

/** Loads the sp500 task from `options.path` (default: {@link defaultSp500Path}). */
export async function loadSp500(options: Sp500Task, packageRoot?: string): Promise<SequenceDataset<Sp500Info>> {
  const source = resolve(options.path ?? (await defaultSp500Path(packageRoot)));
  const table = await readPriceTable(source, options.column);
  const longEnough = table.series.filter((s) => s.values.length >= options.minDays);
  const kept = options.companies === undefined ? longEnough : longEnough.slice(0, options.companies);
  const scalers = kept.map((s) => minMaxScale(s.name, s.values));
  const { size, x, target, groups } = buildWindows(kept, options.window, options.stride);
  if (size === 0) {
    const why = kept.length === 0
      ? `none of its ${table.series.length} companies has ${options.minDays} usable \`${options.column}\` rows`
      : `none of its ${kept.length} kept companies has more than ${options.window} days`;
    throw new DataError(ErrorCode.DataCorrupt, `${source} gives no ${options.window}-day windows: ${why}`, {
      file: source,
      fix: 'lower `minDays` or `window`, or choose a file with longer series',
    });
  }
  return {
    task: 'sp500',
    kind: 'prediction',
    size,
    steps: options.window,
    features: 1,
    x,
    target,
    groups,
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
      scalers,
    },
  };
}
