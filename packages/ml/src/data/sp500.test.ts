import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@seqsweep/core';
import { TaskOptions } from '@seqsweep/core';
import { loadSp500, type Sp500Info, type Sp500Task } from './sp500.js';
import { dataRejection, tempDataDir } from '../../test-support/data-files.js';
import { describeKaggle } from '../../test-support/kaggle-sp500.js';
import type { SequenceDataset } from './types.js';

const sp500 = (o: Record<string, unknown> = {}): Sp500Task => TaskOptions.parse({ name: 'sp500', ...o }) as Sp500Task;

const data = tempDataDir('seqsweep-sp500-');
const { csv } = data;

/** Checks that windows never cross groups, that the target is x shifted by one, and that values are in [0, 1]. */
function expectWellFormed(ds: SequenceDataset<Sp500Info>): void {
  const w = ds.steps;
  expect(ds.x).toHaveLength(ds.size * w);
  expect(ds.target).toHaveLength(ds.size * w);
  expect(ds.groups).toHaveLength(ds.size);
  const x = ds.x;
  const target = ds.target!;
  const groups = ds.groups!;
  let bad = 0;
  // Raw prices: positive and finite.
  for (let i = 0; i < x.length; i++) if (!(x[i]! > 0 && Number.isFinite(x[i]!) && target[i]! > 0 && Number.isFinite(target[i]!))) bad++;
  expect(bad).toBe(0);
  let seams = 0;
  for (let i = 0; i < ds.size; i++) {
    for (let t = 0; t + 1 < w; t++) if (target[i * w + t] !== x[i * w + t + 1]) bad++;
    if (i === 0) continue;
    const same = groups[i] === groups[i - 1];
    // Within a company each window starts one day after the one before (stride 1), so they overlap.
    if (same && target[(i - 1) * w + w - 1] !== x[i * w + w - 1]) bad++;
    if (!same) {
      seams++;
      if (groups[i] !== groups[i - 1]! + 1) bad++;
    }
  }
  expect(bad).toBe(0);
  expect(seams).toBe(ds.info.companies - 1);
}

/** `days` weekdays of Kaggle-layout rows for each company, in the file's own company order. */
function kaggleLike(companies: readonly string[], days: number): string {
  const rows = ['date,open,high,low,close,volume,Name'];
  companies.forEach((name, c) => {
    for (let d = 0; d < days; d++) {
      const date = new Date(Date.UTC(2020, 0, 6) + (Math.floor(d / 5) * 7 + (d % 5)) * 86_400_000).toISOString().slice(0, 10);
      const low = 10 + c * 5 + d * 0.5 + (d % 3);
      rows.push(`${date},${low + 1},${low + 2},${low},${low + 1.5},1000,${name}`);
    }
  });
  return rows.join('\n') + '\n';
}

describeKaggle('loadSp500 on the full Kaggle all_stocks_5yr.csv.gz', (file) => {
  it('reads 505 companies, reports dropped rows, and builds windows within each company', async () => {
    const ds = await loadSp500(sp500({ path: file }));
    expect(ds).toMatchObject({ task: 'sp500', kind: 'prediction', steps: 30, features: 1 });
    expect(ds.info.companiesFound).toBe(505);
    expect(ds.info.rowsRead).toBe(619_040);
    expect(ds.info.rowsDropped).toBeGreaterThan(0);
    expect(ds.info.droppedBy.value).toBe(ds.info.rowsDropped);
    expect(ds.info.companies + ds.info.companiesDropped).toBe(505);
    expect(ds.info.companiesDropped).toBeGreaterThan(0);
    expect(ds.info.seriesNames).toHaveLength(ds.info.companies);
    expect(ds.info.windows).toBe(ds.size);
    expect(ds.info.source).toBe(file);
    // Raw dollars: each trial scales on its own training days.
    expect(ds.scaling).toBe('minmax-per-group');
    expect(ds.dates!.calendar).toHaveLength(1259);
    expectWellFormed(ds);
  });

  it('keeps the first N companies in the file\'s order', async () => {
    const ds = await loadSp500(sp500({ path: file, companies: 3, column: 'low', window: 10, stride: 5 }));
    expect(ds.info.seriesNames).toEqual(['AAL', 'AAPL', 'AAP']);
  });
});

describe('loadSp500 on a Kaggle-layout file the test writes', () => {
  it('keeps the first N companies and honours column, window and stride', async () => {
    const file = await csv('kaggle-like.csv.gz', kaggleLike(['AAL', 'AAPL', 'AAP', 'ZTS'], 80));
    const ds = await loadSp500(sp500({ path: file, companies: 3, column: 'low', window: 10, stride: 5, minDays: 40 }));
    expect(ds.info.companiesFound).toBe(4);
    expect(ds.info.companies).toBe(3);
    expect(ds.info.seriesNames).toEqual(['AAL', 'AAPL', 'AAP']);
    expect(ds.steps).toBe(10);
    // 80 days, windows of 10 with a next-day target: starts 0, 5, ..., 65 for each company.
    expect(ds.size).toBe(3 * 14);
    const w = 10;
    // The `low` column: AAL's first window starts at 10 + (0 % 3).
    expect(ds.x[0]).toBe(10);
    // With stride 5, window k+1 starts 5 days after window k: its first value is day 5 of window k.
    for (let i = 1; i < ds.size; i++) if (ds.groups![i] === ds.groups![i - 1]) expect(ds.x[i * w]).toBe(ds.x[(i - 1) * w + 5]);
    // Window k+1 of a company starts 5 trading days after window k, and each window's last day is its target's.
    for (let i = 1; i < ds.size; i++) if (ds.groups![i] === ds.groups![i - 1]) expect(ds.dates!.first[i]!).toBeGreaterThan(ds.dates!.first[i - 1]!);
    for (let i = 0; i < ds.size; i++) expect(ds.dates!.last[i]! - ds.dates!.first[i]!).toBeGreaterThanOrEqual(w);
  });
});

describe('loadSp500 on other files', () => {
  it('loads the vega-datasets default as one series named after the file', async () => {
    const ds = await loadSp500(sp500());
    expect(ds.info.source).toMatch(/vega-datasets[/\\]data[/\\]sp500-2000\.csv$/);
    expect(ds.info.companiesFound).toBe(1);
    expect(ds.info.seriesNames).toEqual(['sp500-2000']);
    const rows = (await readFile(ds.info.source, 'utf8')).split('\n').filter((l) => l.trim().length > 0).length - 1;
    expect(rows).toBeGreaterThan(5000);
    expect(ds.info.rowsRead).toBe(rows);
    expect(ds.info.rowsDropped).toBe(0);
    expect(ds.size).toBe(rows - 30);
    expectWellFormed(ds);
  });

  it('sorts each company by date, groups rows by company, and survives a flat series', async () => {
    const file = await csv('mixed.csv.gz', [
      'date,open,high,low,close,volume,Name',
      '2020-01-03,1,3,1,1,10,A',
      '2020-01-01,1,1,1,1,10,A',
      '2020-01-01,5,5,5,5,10,FLAT',
      '2020-01-02,1,2,1,1,10,A',
      '2020-01-02,5,5,5,5,10,FLAT',
      '2020-01-04,1,,1,1,10,A',
      '2020-01-03,5,5,5,5,10,FLAT',
      '2020-01-04,1,4,1,1,10,A',
      '',
    ].join('\r\n'));
    const ds = await loadSp500(sp500({ path: file, window: 2, minDays: 3 }));
    expect(ds.info).toMatchObject({ companiesFound: 2, companies: 2, rowsRead: 8, rowsDropped: 1, firstDroppedLines: [7] });
    expect(ds.info.seriesNames).toEqual(['A', 'FLAT']);
    expect(Array.from(ds.x)).toEqual([1, 2, 2, 3, 5, 5]);
    expect(Array.from(ds.target!)).toEqual([2, 3, 3, 4, 5, 5]);
    expect(Array.from(ds.groups!)).toEqual([0, 0, 1]);
    const day = (iso: string): number => Date.parse(iso) / 86_400_000;
    expect(Array.from(ds.dates!.first)).toEqual(['2020-01-01', '2020-01-02', '2020-01-01'].map(day));
    expect(Array.from(ds.dates!.last)).toEqual(['2020-01-03', '2020-01-04', '2020-01-03'].map(day));
    expect(Array.from(ds.dates!.calendar)).toEqual(['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-04'].map(day));
  });

  it('names the line of a malformed row', async () => {
    const file = await csv('malformed.csv', 'date,open,high,low,close,volume,Name\n2020-01-01,1,1,1,1,10,A\n2020-01-02,1,1,1\n');
    const e = await dataRejection(loadSp500(sp500({ path: file, minDays: 1, window: 2 })));
    expect(e.code).toBe(ErrorCode.DataCorrupt);
    expect(e.message).toContain(`${file} line 3`);
    expect(e.file).toBe(file);
  });

  it('reports a truncated .gz as corrupt, naming the file', async () => {
    const gz = gzipSync(['date,high,Name', ...Array.from({ length: 2000 }, (_, i) => `2020-01-01,${i + 1},A${i % 7}`)].join('\n'));
    const file = join(data.path(), 'cut.csv.gz');
    await writeFile(file, gz.subarray(0, Math.floor(gz.length / 2)));
    const e = await dataRejection(loadSp500(sp500({ path: file, minDays: 1, window: 2 })));
    expect(e.code).toBe(ErrorCode.DataCorrupt);
    expect(e.message).toContain(file);
  });

  it('names line 1 when the header lacks the chosen column', async () => {
    const file = await csv('noclose.csv', 'date,open,high,low,volume,Name\n2020-01-01,1,1,1,10,A\n');
    const e = await dataRejection(loadSp500(sp500({ path: file, column: 'close' })));
    expect(e.message).toContain(`${file} line 1`);
    expect(e.message).toContain('`close`');
  });

  it('names a missing file, and says when no company is long enough', async () => {
    const missing = await dataRejection(loadSp500(sp500({ path: join(data.path(), 'nope.csv') })));
    expect(missing.code).toBe(ErrorCode.DataNotFound);
    expect(missing.message).toContain(join(data.path(), 'nope.csv'));
    const file = await csv('short.csv', 'date,high,Name\n2020-01-01,1,A\n2020-01-02,2,A\n');
    const short = await dataRejection(loadSp500(sp500({ path: file })));
    expect(short.message).toMatch(/no 30-day windows/);
    expect(short.fix).toMatch(/minDays/);
  });
});
