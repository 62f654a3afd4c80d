/**
 * Reading CSV as spreadsheets and pandas write it, streaming: quoted fields (a comma or a line break inside
 * quotes, `""` for a quote), quoted numbers, a byte-order mark, and `\n` or `\r\n` line ends, mixed or not. The
 * parsing is csv-parse's; this module gives it one small API with line-numbered errors that name the file.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError } from 'csv-parse';
import { basename } from 'node:path';
import { DataError, ErrorCode, safeText } from '@seqsweep/core';
import { readDataChunks } from './data-file.js';

/** The longest record read, in characters: a file with no line breaks is refused, not buffered whole. */
export const MAX_CSV_RECORD = 1 << 20;

/** The most of a CSV line an error quotes (escaped by `safeText`). */
export const CSV_QUOTE_MAX = 40;

/**
 * What a parse failure says, by csv-parse's code: never the parser's own message, which quotes the field it
 * stopped at (a line of a file that may not be CSV at all, such as /etc/shadow).
 */
const PARSE_PROBLEMS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quote opened here is never closed',
  INVALID_OPENING_QUOTE: 'a quote starts in the middle of a field',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by more text in the same field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing quote is followed by more text in the same field',
  CSV_MAX_RECORD_SIZE: `the record is longer than ${MAX_CSV_RECORD} characters`,
};

/** True for a file named like a CSV file (`.csv`, `.csv.gz`): the only files whose lines an error may quote. */
export function namedCsv(file: string): boolean {
  return /\.csv(\.gz)?$/i.test(basename(file));
}

/**
 * The header line as an error may show it: its first {@link CSV_QUOTE_MAX} characters, escaped, for a file named
 * .csv whose first line has several fields; otherwise only how many fields it has, since a file that is not CSV
 * (a key file named by mistake, or on purpose) must not have its content printed, logged or recorded.
 */
export function headerText(fields: readonly string[], file: string): string {
  if (fields.length === 0 || (fields.length === 1 && fields[0]!.trim() === '')) return 'found: nothing';
  if (fields.length > 1 && namedCsv(file)) return `found: ${safeText(fields.join(','), CSV_QUOTE_MAX)}`;
  const reason = namedCsv(file) ? 'it has no comma' : 'the file is not named .csv or .csv.gz';
  return `its first line has ${fields.length} field${fields.length === 1 ? '' : 's'}, not shown since ${reason}`;
}

/** One record of a CSV file: its fields as text, and the line it ends on (1-based; the header is line 1). */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * Yields every record of the CSV text in `chunks`, the header first, skipping blank lines (empty or only spaces).
 * Rows may differ in their number of fields: the caller checks them against its header, with the row's line.
 * @param file named in errors.
 * @param fix what to do about a file that cannot be parsed, for the error.
 * @throws {DataError} `DATA_CORRUPT` naming the file and line of CSV that cannot be parsed (an unclosed quote).
 */
export async function* csvRows(chunks: AsyncIterable<Buffer>, file: string, fix: string): AsyncGenerator<CsvRow> {
  const parser = parse({
    bom: true, relax_column_count: true, skip_empty_lines: true, info: true, record_delimiter: ['\r\n', '\n'], max_record_size: MAX_CSV_RECORD,
  });
  // The read error itself comes out of the loop below (the parser is destroyed with it); this only keeps the
  // pipeline's own copy of it from going unhandled.
  const feeding = pipeline(Readable.from(chunks), parser).catch(() => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (record.length === 1 && record[0]!.trim() === '') continue;
      yield { line: info.lines, fields: record };
    }
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines;
      const problem = PARSE_PROBLEMS[e.code] ?? `it cannot be read as CSV (${e.code})`;
      throw new DataError(ErrorCode.DataCorrupt, `${file} line ${line ?? '?'}: ${problem}`, { file, fix });
    }
    throw e;
  } finally {
    parser.destroy();
    await feeding;
  }
}

/** {@link csvRows} of a file on disk, plain or gzipped. */
export function readCsvRows(file: string, fix: string): AsyncGenerator<CsvRow> {
  return csvRows(readDataChunks(file, fix), file, fix);
}
