import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { csvRows, type CsvRow } from './csv-rows.js';
import { readPriceTable } from './price-table.js';

async function rows(text: string, chunkSize = text.length): Promise<CsvRow[]> {
  const bytes = Buffer.from(text);
  const chunks = async function* (): AsyncGenerator<Buffer> {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  };
  const out: CsvRow[] = [];
  for await (const row of csvRows(chunks(), 'prices.csv', 'fix it')) out.push(row);
  return out;
}

/** A file as Excel or pandas write one: a BOM, CRLF, quoted names with commas and quotes, quoted numbers. */
const EXCEL = '\uFEFFdate,open,high,low,close,volume,Name\r\n' +
  '2013-02-08,"15.07",15.12,14.63,14.75,8407500,"Acme, Inc."\r\n' +
  '\r\n' +
  '2013-02-11,14.89,15.01,14.26,"14.46",8882000,"Acme, Inc."\r\n' +
  '2013-02-08,67.71,68.4,66.89,67.85,158168416,"The ""Big"" Co"\r\n' +
  '2013-02-11,68.07,69.28,67.61,68.56,129029425,"The ""Big"" Co"\n';

describe('csvRows', () => {
  it('reads quoted fields, quoted numbers, a BOM, CRLF and a closing LF, with the line of each row', async () => {
    for (const chunkSize of [EXCEL.length, 7, 1]) {
      const got = await rows(EXCEL, chunkSize);
      expect(got.map((r) => r.line), `chunks of ${chunkSize}`).toEqual([1, 2, 4, 5, 6]);
      expect(got[0]!.fields).toEqual(['date', 'open', 'high', 'low', 'close', 'volume', 'Name']);
      expect(got[1]!.fields).toEqual(['2013-02-08', '15.07', '15.12', '14.63', '14.75', '8407500', 'Acme, Inc.']);
      expect(got[3]!.fields[6]).toBe('The "Big" Co');
      expect(got[4]!.fields[6]).toBe('The "Big" Co');
    }
  });

  it('keeps a line break inside quotes in its field, and skips lines of spaces', async () => {
    const got = await rows('a,b\n"two\nlines",x\n   \n1,2');
    expect(got.map((r) => r.fields)).toEqual([['a', 'b'], ['two\nlines', 'x'], ['1', '2']]);
    expect(got.map((r) => r.line)).toEqual([1, 3, 5]);
  });

  it('names the file and the line of a quote that is never closed or closed mid-field', async () => {
    await expect(rows('a,b\n1,2\n3,"oops\n')).rejects.toThrow(/^prices\.csv line 3: a quote opened here is never closed$/);
    await expect(rows('a,b\n1,2\n3,"4"x\n')).rejects.toThrow(/^prices\.csv line 3: a closing quote is followed by more text in the same field$/);
    await expect(rows('a,b\n1,2\n3,4"secret"\n')).rejects.toThrow(/^prices\.csv line 3: a quote starts in the middle of a field$/);
  });

  it('passes on a read error as it is', async () => {
    const failing = async function* (): AsyncGenerator<Buffer> {
      yield Buffer.from('a,b\n1,2\n');
      throw new Error('disk gone');
    };
    const read = async (): Promise<void> => {
      for await (const _row of csvRows(failing(), 'prices.csv', 'fix it')) void _row;
    };
    await expect(read()).rejects.toThrow('disk gone');
  });
});

describe('readPriceTable on CSV as spreadsheets write it', () => {
  it('reads a company name with a comma and quoted prices, plain or gzipped, with CRLF line ends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-'));
    for (const [file, bytes] of [['excel.csv', Buffer.from(EXCEL)], ['excel.csv.gz', gzipSync(EXCEL)]] as const) {
      await writeFile(join(dir, file), bytes);
      const table = await readPriceTable(join(dir, file), 'close');
      expect(table.rowsRead).toBe(4);
      expect(table.rowsDropped).toBe(0);
      expect(table.series.map((s) => [s.name, [...s.values]])).toEqual([['Acme, Inc.', [14.75, 14.46]], ['The "Big" Co', [67.85, 68.56]]]);
      expect((await readPriceTable(join(dir, file), 'open')).series[0]!.values[0]).toBe(15.07);
    }
  });

  it('still names the line of a row with the wrong number of fields, counting quoted commas as text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'csv-'));
    await writeFile(join(dir, 'short.csv'), 'date,close,Name\r\n2013-02-08,1,"A, B"\r\n2013-02-11,2\r\n');
    await expect(readPriceTable(join(dir, 'short.csv'), 'close')).rejects.toThrow(/short\.csv line 3: expected 3 comma-separated fields as in the header, found 2/);
  });
});
