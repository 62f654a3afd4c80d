import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, ErrorCode } from '../errors.js';
import { byteText, openRegularFile, readRegularFile } from './read-regular-file.js';
import { hostileDataPaths } from './testing/hostile-data.js';

async function refusal(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'regular-'));
  dirs.push(d);
  return d;
};

describe('readRegularFile and openRegularFile', () => {
  it('read a regular file whole', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a.csv'), 'date,high\n2020-01-01,1\n');
    expect((await readRegularFile(join(dir, 'a.csv'))).toString()).toBe('date,high\n2020-01-01,1\n');
    const { handle, size } = await openRegularFile(join(dir, 'a.csv'));
    await handle.close();
    expect(size).toBe(23);
  });

  it('refuse a FIFO, a device, a folder and a file over the limit in one sentence, without blocking or reading', async () => {
    const dir = await tempDir();
    for (const { what, path, says } of await hostileDataPaths(dir)) {
      // One call at a time: a second promise made before the first is awaited would reject unawaited.
      for (const read of [() => readRegularFile(path), () => openRegularFile(path)]) {
        const e = await refusal(read());
        expect(e.message, what).toMatch(says);
        expect(e.message, what).toContain(path);
        expect(e.message, what).not.toContain('\n');
        expect(e.fix, what).toBeTruthy();
      }
    }
  });

  it('refuse a file once it passes a smaller limit, before or while reading it', async () => {
    const dir = await tempDir();
    const file = join(dir, 'big.csv');
    await writeFile(file, 'x'.repeat(1000));
    expect((await refusal(readRegularFile(file, { maxBytes: 999 }))).message).toBe(`the data file ${file} is over the 999 bytes limit of a data file`);
    expect((await readRegularFile(file, { maxBytes: 1000 })).length).toBe(1000);
    // /proc files say they are empty and then hold more: the read itself stops at the limit.
    const e = await refusal(readRegularFile('/proc/self/maps', { maxBytes: 10 }));
    expect(e.code).toBe(ErrorCode.DataCorrupt);
  });

  it('name a missing file as missing', async () => {
    const dir = await tempDir();
    const e = await refusal(readRegularFile(join(dir, 'nope.csv'), { fix: 'look again' }));
    expect(e).toMatchObject({ code: ErrorCode.DataNotFound, message: `the data file ${join(dir, 'nope.csv')} does not exist`, fix: 'look again' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('says sizes as a person reads them', () => {
    expect([byteText(12), byteText(1024), byteText(2 ** 30), byteText(1.5 * 2 ** 20)]).toEqual(['12 bytes', '1 KiB', '1 GiB', '1.5 MiB']);
  });
});
