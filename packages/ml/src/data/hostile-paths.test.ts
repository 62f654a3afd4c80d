/**
 * Data paths a spec should never have named: a FIFO, a device, a folder, a file over the size limit, a key file.
 * Every loader refuses them in one sentence, without blocking or reading them whole, and quotes no content beyond
 * the first 40 characters of a CSV file's line.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TaskOptions, type DataError } from '@seqsweep/core';
import { hostileDataPaths, SECRET_LINE, secretFile } from '@seqsweep/core/testing';
import { loadDataset } from './load-dataset.js';
import { readDataChunks, readDataFile } from './data-file.js';
import { dataRejection, tempDataDir } from '../../test-support/data-files.js';

const data = tempDataDir('seqsweep-hostile-');
const task = (o: Record<string, unknown>): TaskOptions => TaskOptions.parse(o);
const tasksOn = (path: string): TaskOptions[] => [
  task({ name: 'sp500', path }),
  task({ name: 'series', path, target: 'high' }),
];

/** The message holds no piece of the secret line (any 8 characters of it). */
function expectNoSecret(e: DataError): void {
  const text = `${e.message} ${e.fix ?? ''}`;
  for (let i = 0; i + 8 <= SECRET_LINE.length; i++) expect(text).not.toContain(SECRET_LINE.slice(i, i + 8));
}

describe('the loaders on hostile data paths', () => {
  it('refuse a FIFO, /dev/zero, a folder and a file over the limit in one sentence', async () => {
    for (const { what, path, says } of await hostileDataPaths(data.path())) {
      for (const t of tasksOn(path)) {
        const e = await dataRejection(loadDataset(t));
        expect(e.message, `${t.name} on ${what}`).toMatch(says);
        expect(e.message, `${t.name} on ${what}`).not.toContain('\n');
      }
    }
  });

  it('refuse a FIFO or a folder among mnist\'s files', async () => {
    const dir = join(data.path(), 'mnist');
    await mkdir(dir);
    await mkdir(join(dir, 'train-images-idx3-ubyte'));
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), new Uint8Array(8));
    const e = await dataRejection(loadDataset(task({ name: 'mnist', dir })));
    expect(e.message).toMatch(/train-images-idx3-ubyte is a folder, not a regular file/);
  });

  it('never quote a file that is not named .csv, such as /etc/shadow', async () => {
    for (const name of ['shadow', 'shadow.txt', 'id_rsa.csv']) {
      const file = await secretFile(data.path(), name);
      for (const t of tasksOn(file)) {
        const e = await dataRejection(loadDataset(t));
        expect(e.message).toMatch(/the header has no `(date|high)` column/);
        expectNoSecret(e);
      }
    }
  });

  it('quote at most the first 40 characters of a CSV header, control characters escaped', async () => {
    const file = await data.csv('wide.csv', `when,\x1b]0;pwned\x07${'x'.repeat(200)},Name\n2020-01-01,1,A\n`);
    const e = await dataRejection(loadDataset(task({ name: 'sp500', path: file })));
    const found = /\(found: (.*)\)$/.exec(e.message)?.[1];
    expect(found).toBeDefined();
    expect(Array.from(found!).length).toBeLessThanOrEqual(40);
    expect(found).toMatch(/^when,\\x1b\]0;pwned\\x07x+…$/);
    expect(e.message).not.toMatch(/[\x00-\x1f]/);
  });

  it('quote no field of a malformed CSV line', async () => {
    const file = await data.csv('quote.csv', 'date,high,Name\n2020-01-01,1,A\n2020-01-02,2"topsecret",B\n');
    const e = await dataRejection(loadDataset(task({ name: 'sp500', path: file, minDays: 1, window: 2 })));
    expect(e.message).toBe(`${file} line 3: a quote starts in the middle of a field`);
  });

  it('stop reading a gzip stream once it passes the limit decompressed', async () => {
    const file = join(data.path(), 'bomb.csv.gz');
    await writeFile(file, gzipSync(Buffer.alloc(1 << 20, 0x41)));
    const chunks = async (): Promise<void> => {
      for await (const chunk of readDataChunks(file, 'fix', 1 << 16)) void chunk;
    };
    expect((await dataRejection(chunks())).message).toBe(`the data file ${file} is, decompressed, over the 64 KiB limit of a data file`);
    expect((await dataRejection(readDataFile(file, 'fix', 1 << 16))).message).toMatch(/is, decompressed, over the 64 KiB limit/);
    expect((await readDataFile(file, 'fix', 1 << 20)).length).toBe(1 << 20);
  });
});
