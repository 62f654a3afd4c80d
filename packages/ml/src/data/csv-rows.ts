/**
 * Reading CSV as spreadsheets and pandas write it, streaming: quoted fields (a comma or a line break inside
 * quotes, `""` for a quote), quoted numbers, a byte-order mark, and `\n` or `\r\n` line ends, mixed or not. The
 * parsing is csv-parse's; this module gives it one small API with line-numbered errors that name the file.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError } from 'csv-parse';
import { DataError, ErrorCode } from '@seqsweep/core';
import { readDataChunks } from './data-file.js';

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
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, record_delimiter: ['\r\n', '\n'] });
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
      throw new DataError(ErrorCode.DataCorrupt, `${file} line ${line ?? '?'}: ${e.message.replace(/ at line \d+/, '')}`, { file, fix, cause: e });
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
