/**
 * Reading a user's dated series from a CSV: a date column, value columns (the target first, then the extra
 * features) and an optional column naming the series. Columns are found by name in the header (case-insensitive).
 * A row with a bad date, value or name, or a date its series already has, is dropped and counted by reason, with
 * the line numbers of the first few; a row with the wrong number of fields is refused with its line number.
 */
import { DataError, ErrorCode } from '@seqsweep/core';
import { headerText, readCsvRows } from './csv-rows.js';
import { dayNumber, type DatedSeries } from './dated-windows.js';
import { seriesNameOf } from './price-table.js';

/** Why rows were dropped, by count. */
export interface DroppedSeriesRows {
  /** A value column was empty or not a finite number. */
  readonly value: number;
  /** The date was empty or not a date. */
  readonly date: number;
  /** The name column was empty. */
  readonly name: number;
  /** The series already had a row of that date (the first is kept). */
  readonly duplicate: number;
}

/** The series of a file and what reading it dropped. */
export interface SeriesTable {
  /** In order of each series' first row, each sorted by date. */
  readonly series: readonly DatedSeries[];
  readonly rowsRead: number;
  readonly rowsDropped: number;
  readonly droppedBy: DroppedSeriesRows;
  readonly firstDroppedLines: readonly number[];
}

/** Which columns to read. */
export interface SeriesColumns {
  readonly date: string;
  /** The target first, then the extra features. */
  readonly values: readonly string[];
  readonly name?: string | undefined;
}

const KEEP_DROPPED_LINES = 5;
const FIX = 'pass the path of a CSV file (plain or .gz) with a header row naming the date, value and name columns of the task';

function corrupt(file: string, line: number, what: string): DataError {
  return new DataError(ErrorCode.DataCorrupt, `${file} line ${line}: ${what}`, { file, fix: FIX });
}

function findColumns(header: readonly string[], file: string, want: SeriesColumns) {
  const names = header.map((f) => f.trim().toLowerCase());
  const find = (column: string): number => {
    const i = names.indexOf(column.toLowerCase());
    if (i === -1) throw corrupt(file, 1, `the header has no \`${column}\` column (${headerText(header, file)})`);
    return i;
  };
  return { count: header.length, date: find(want.date), values: want.values.map(find), name: want.name === undefined ? -1 : find(want.name) };
}

interface Growing { days: number[]; rows: number[][] }

function sorted(name: string, s: Growing, F: number, duplicate: (n: number) => void): DatedSeries {
  const order = s.days.map((_, i) => i).sort((a, b) => s.days[a]! - s.days[b]! || a - b);
  const keep: number[] = [];
  for (const i of order) {
    // The row's line number rides in its last slot, for the count of duplicates.
    if (keep.length > 0 && s.days[keep.at(-1)!] === s.days[i]) duplicate(s.rows[i]![F]!);
    else keep.push(i);
  }
  return {
    name,
    days: Int32Array.from(keep, (i) => s.days[i]!),
    columns: Array.from({ length: F }, (_, f) => Float64Array.from(keep, (i) => s.rows[i]![f]!)),
  };
}

/** Reads `file` into one date-sorted series per name (or one series, named after the file, without a name column). */
export async function readSeriesTable(file: string, want: SeriesColumns): Promise<SeriesTable> {
  const dropped = { value: 0, date: 0, name: 0, duplicate: 0 };
  const firstDroppedLines: number[] = [];
  const drop = (reason: keyof DroppedSeriesRows, line: number): void => {
    dropped[reason]++;
    if (firstDroppedLines.length < KEEP_DROPPED_LINES) firstDroppedLines.push(line);
  };
  const byName = new Map<string, Growing>();
  const single = seriesNameOf(file);
  const F = want.values.length;
  let columns: ReturnType<typeof findColumns> | undefined;
  let rowsRead = 0;
  for await (const { fields, line } of readCsvRows(file, FIX)) {
    if (columns === undefined) {
      columns = findColumns(fields, file, want);
      continue;
    }
    if (fields.length !== columns.count) throw corrupt(file, line, `expected ${columns.count} fields as in the header, found ${fields.length}`);
    rowsRead++;
    const name = columns.name === -1 ? single : fields[columns.name]!.trim();
    if (name.length === 0) { drop('name', line); continue; }
    const ms = Date.parse(fields[columns.date]!.trim());
    if (Number.isNaN(ms)) { drop('date', line); continue; }
    const values = columns.values.map((c) => (fields[c]!.trim().length === 0 ? Number.NaN : Number(fields[c])));
    if (!values.every(Number.isFinite)) { drop('value', line); continue; }
    let series = byName.get(name);
    if (series === undefined) byName.set(name, (series = { days: [], rows: [] }));
    series.days.push(dayNumber(ms));
    series.rows.push([...values, line]);
  }
  if (columns === undefined) throw corrupt(file, 1, 'the file is empty; expected a header line');
  const series = [...byName.entries()].map(([name, s]) => sorted(name, s, F, (line) => drop('duplicate', line)));
  return { series, rowsRead, rowsDropped: dropped.value + dropped.date + dropped.name + dropped.duplicate, droppedBy: dropped, firstDroppedLines };
}
