/**
 * Reading a CSV file (plain or .gz) record by record with a real CSV parser (`csv-parse`), so that quoted fields,
 * commas inside quotes and a byte-order mark all work, with the line number of each record for error messages.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { readDataChunks } from './data-file.js';

/** One record of a CSV file: its fields and the 1-based line it ends on. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
}

/**
 * Yields every record of `file` (the header first), skipping empty lines. A missing or unreadable file is the
 * DataError of `readDataChunks`, with `fix`; a record may have any number of fields, for the caller to check.
 */
export async function* csvRecords(file: string, fix: string): AsyncGenerator<CsvRecord> {
  const parser = Readable.from(readDataChunks(file, fix)).pipe(parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true }));
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { fields: item.record, line: item.info.lines };
  }
}
