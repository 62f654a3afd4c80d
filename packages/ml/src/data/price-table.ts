/**
 * Reading daily prices from a CSV (plain or .gz) into one date-sorted series per company. Columns are found by
 * name in the header, so both the Kaggle layout (`date,open,high,low,close,volume,Name`) and a single-series
 * layout without `Name` (`date,open,high,low,close,adjclose,volume`) work. Fields may be quoted, as spreadsheets
 * and pandas write them (see `csv-rows.ts`).
 */
import { basename } from 'node:path';
import { DataError, ErrorCode } from '@seqsweep/core';
import { headerText, readCsvRows } from './csv-rows.js';
import { dayNumber } from './dated-windows.js';

/** One company's prices of the chosen column, sorted by date. */
export interface PriceSeries {
  readonly name: string;
  readonly values: Float64Array;
  /** The day of each value: whole days since 1970-01-01 (UTC). */
  readonly days: Int32Array;
}

/** Why rows were dropped, by count. */
export interface DroppedRows {
  /** The chosen column was empty, not a number, or not positive. */
  readonly value: number;
  /** The date was empty or not a date. */
  readonly date: number;
  /** The `Name` field was empty. */
  readonly name: number;
}

/** The series of a price file and what reading it dropped. */
export interface PriceTable {
  /** In order of each company's first row in the file. */
  readonly series: readonly PriceSeries[];
  /** Data rows read (the header and blank lines excluded). */
  readonly rowsRead: number;
  readonly rowsDropped: number;
  readonly droppedBy: DroppedRows;
  /** Line numbers of the first few dropped rows, to look at by hand. */
  readonly firstDroppedLines: readonly number[];
}

interface Columns {
  readonly count: number;
  readonly date: number;
  readonly value: number;
  readonly name: number;
}

interface Growing {
  readonly name: string;
  readonly dates: number[];
  readonly values: number[];
}

const FIX = 'pass the path of a CSV with a header such as date,open,high,low,close,volume,Name (plain or .gz)';
const KEEP_DROPPED_LINES = 5;

function corrupt(file: string, line: number, what: string): DataError {
  return new DataError(ErrorCode.DataCorrupt, `${file} line ${line}: ${what}`, { file, fix: FIX });
}

/** The series name of a file without a `Name` column: its base name less `.gz` and the extension. */
export function seriesNameOf(file: string): string {
  return basename(file).replace(/\.gz$/i, '').replace(/\.[^.]+$/, '');
}

function parseHeader(header: readonly string[], file: string, column: string): Columns {
  const fields = header.map((f) => f.trim().toLowerCase());
  const find = (name: string): number => fields.indexOf(name);
  for (const required of ['date', column]) {
    if (find(required) === -1) throw corrupt(file, 1, `the header has no \`${required}\` column (${headerText(header, file)})`);
  }
  return { count: fields.length, date: find('date'), value: find(column), name: find('name') };
}

function sortByDate(series: Growing): PriceSeries {
  const { dates, values } = series;
  let sorted = true;
  for (let i = 1; i < dates.length && sorted; i++) sorted = dates[i - 1]! <= dates[i]!;
  if (sorted) return { name: series.name, values: Float64Array.from(values), days: Int32Array.from(dates, dayNumber) };
  const order = dates.map((_, i) => i).sort((a, b) => dates[a]! - dates[b]! || a - b);
  return { name: series.name, values: Float64Array.from(order, (i) => values[i]!), days: Int32Array.from(order, (i) => dayNumber(dates[i]!)) };
}

/** Reads `file` and returns the positive, numeric values of `column` per company, each sorted by date. */
export async function readPriceTable(file: string, column: string): Promise<PriceTable> {
  const byName = new Map<string, Growing>();
  const dropped = { value: 0, date: 0, name: 0 };
  const firstDroppedLines: number[] = [];
  const single = seriesNameOf(file);
  let columns: Columns | undefined;
  let rowsRead = 0;
  const drop = (reason: keyof DroppedRows, line: number): void => {
    dropped[reason]++;
    if (firstDroppedLines.length < KEEP_DROPPED_LINES) firstDroppedLines.push(line);
  };
  for await (const { line: n, fields } of readCsvRows(file, FIX)) {
    if (columns === undefined) {
      columns = parseHeader(fields, file, column);
      continue;
    }
    if (fields.length !== columns.count) throw corrupt(file, n, `expected ${columns.count} comma-separated fields as in the header, found ${fields.length}`);
    rowsRead++;
    const name = columns.name === -1 ? single : fields[columns.name]!.trim();
    if (name.length === 0) {
      drop('name', n);
      continue;
    }
    const date = Date.parse(fields[columns.date]!);
    if (Number.isNaN(date)) {
      drop('date', n);
      continue;
    }
    const raw = fields[columns.value]!;
    const value = raw.trim().length === 0 ? Number.NaN : Number(raw);
    if (!(value > 0 && Number.isFinite(value))) {
      drop('value', n);
      continue;
    }
    let series = byName.get(name);
    if (series === undefined) byName.set(name, (series = { name, dates: [], values: [] }));
    series.dates.push(date);
    series.values.push(value);
  }
  if (columns === undefined) throw corrupt(file, 1, 'the file is empty; expected a header line');
  return {
    series: [...byName.values()].map(sortByDate),
    rowsRead,
    rowsDropped: dropped.value + dropped.date + dropped.name,
    droppedBy: dropped,
    firstDroppedLines,
  };
}
