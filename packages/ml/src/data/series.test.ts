import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, TaskOptions } from '@seqsweep/core';
import { loadSeries, type SeriesTask } from './series.js';
import { dataRejection, tempDataDir } from '../../test-support/data-files.js';
import { defaultSp500Path } from './sp500.js';

const series = (o: Record<string, unknown>): SeriesTask => TaskOptions.parse({ name: 'series', ...o }) as SeriesTask;
const day = (iso: string): number => Date.parse(iso) / 86_400_000;

const { csv } = tempDataDir('seqsweep-series-');

describe('loadSeries', () => {
  it('reads quoted fields, several series by name, a target and extra features, from a .gz', async () => {
    const file = await csv('two.csv.gz', [
      '\uFEFFwhen,"site, name",level,rain',
      '2020-01-02,"Oslo, NO",2,"0.5"',
      '2020-01-01,"Oslo, NO",1,0',
      '2020-01-03,"Oslo, NO",3,1',
      '2020-01-01,Lima,10,0',
      '2020-01-02,Lima,,0',
      '2020-01-02,Lima,11,0',
      '2020-01-03,Lima,12,2',
      '2020-01-03,Lima,99,2',
      'not a date,Lima,1,1',
      '2020-01-04,"",1,1',
      '',
    ].join('\n'));
    const ds = await loadSeries(series({ path: file, date: 'when', target: 'level', features: ['rain'], nameColumn: 'site, name', window: 2, minDays: 3 }));
    expect(ds).toMatchObject({ task: 'series', kind: 'prediction', size: 2, steps: 2, features: 2, scaling: 'minmax-per-group' });
    expect(ds.info).toMatchObject({
      seriesNames: ['Oslo, NO', 'Lima'], rowsRead: 10, rowsDropped: 4,
      droppedBy: { value: 1, date: 1, name: 1, duplicate: 1 }, firstDroppedLines: [6, 10, 11, 9],
    });
    // Oslo sorted by date: levels 1, 2, 3 with rain 0, 0.5, 1; one window of 2 days and its target.
    expect(Array.from(ds.x.subarray(0, 4))).toEqual([1, 0, 2, 0.5]);
    expect(Array.from(ds.target!.subarray(0, 4))).toEqual([2, 0.5, 3, 1]);
    // Lima keeps its first row of 2020-01-03 (12), not the duplicate (99).
    expect(Array.from(ds.target!.subarray(4, 8))).toEqual([11, 0, 12, 2]);
    expect(Array.from(ds.dates!.first)).toEqual([day('2020-01-01'), day('2020-01-01')]);
    expect(Array.from(ds.dates!.last)).toEqual([day('2020-01-03'), day('2020-01-03')]);
  });

  it('reads the vega-datasets weather file: two cities, one target and two features', async () => {
    const path = join(dirname(await defaultSp500Path()), 'weather.csv');
    const ds = await loadSeries(series({ path, target: 'temp_max', features: ['temp_min', 'precipitation'], nameColumn: 'location', window: 14, stride: 7 }));
    expect(ds.info.seriesNames).toEqual(['Seattle', 'New York']);
    expect(ds.info.rowsDropped).toBe(0);
    expect(ds.features).toBe(3);
    expect(ds.dates!.calendar.length).toBe(1461);
  });

  it('refuses a row with the wrong number of fields, and a missing column, with their line numbers', async () => {
    const ragged = await csv('ragged.csv', 'date,v\n2020-01-01,1\n2020-01-02,"2",3\n');
    const e = await dataRejection(loadSeries(series({ path: ragged, target: 'v', minDays: 1, window: 2 })));
    expect(e.code).toBe(ErrorCode.DataCorrupt);
    expect(e.message).toContain(`${ragged} line 3: expected 2 fields as in the header, found 3`);
    const noColumn = await dataRejection(loadSeries(series({ path: ragged, target: 'value' })));
    expect(noColumn.message).toContain(`${ragged} line 1: the header has no \`value\` column`);
    const short = await dataRejection(loadSeries(series({ path: await csv('short.csv', 'date,v\n2020-01-01,1\n'), target: 'v' })));
    expect(short.message).toMatch(/no 30-day windows/);
    expect(short.fix).toMatch(/minDays/);
  });
});
