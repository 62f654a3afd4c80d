import { chmod, mkdir, mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, sha256Hex, UnsafePathError, UserError, type TrialAssignment } from '@seqsweep/core';
import { fetchDataFiles } from './data-files.js';

const assignment = (dataRefs: TrialAssignment['dataRefs'], task: TrialAssignment['task']): TrialAssignment => ({
  sweepId: 's', trialId: 't', pointId: 'p', stage: 'filter', params: {}, seed: 1, task, model: { name: 'lstm-ae' }, train: {},
  split: { kind: 'kfold', folds: 2, fold: 0, testFraction: 0.2 }, dataRefs,
});

describe('fetchDataFiles', () => {
  it('replaces a shared file and a shared folder by local copies with the same bytes, replacing a damaged copy', async () => {
    const transport = new MemoryTransport();
    const csv = new TextEncoder().encode('date,open,high,low,close,volume,Name\n2013-02-08,1,2,1,2,10,AAA\n');
    const images = new Uint8Array([0, 0, 8, 3, 1, 2, 3]);
    const refs = {
      path: { name: 'data/a.csv', digest: (await transport.putObject('data/a.csv', csv)).digest },
      'dir/train-images-idx3-ubyte': { name: 'data/img', digest: (await transport.putObject('data/img', images)).digest },
    };
    expect(refs.path.digest).toBe(sha256Hex(csv));
    const cache = await mkdtemp(join(tmpdir(), 'data-cache-'));
    // A copy an earlier process left damaged where this one will look for it.
    await writeFile(join(cache, `${refs.path.digest}-a.csv`), 'damaged');
    const task = await fetchDataFiles(assignment(refs, { name: 'sp500', path: '/elsewhere/a.csv' }), transport, cache);
    expect(task.path).toBe(join(cache, `${refs.path.digest}-a.csv`));
    expect(new Uint8Array(await readFile(task.path as string))).toEqual(csv);
    expect(new Uint8Array(await readFile(join(task.dir as string, 'train-images-idx3-ubyte')))).toEqual(images);
    const again = await fetchDataFiles(assignment(refs, { name: 'sp500' }), transport, cache);
    expect(again.path).toBe(task.path);
  });

  it.each([
    ['a folder file named ../../x', (digest: string) => ({ 'dir/../../x': { name: 'data/x', digest } })],
    ['a folder file named /tmp/x', (digest: string) => ({ 'dir//tmp/x': { name: 'data/x', digest } })],
    ['a digest that is a path', () => ({ path: { name: 'data/x', digest: '../../x' } })],
  ])('refuses %s that slipped past the schema, writing nothing outside the cache', async (_what, refs) => {
    const transport = new MemoryTransport();
    const { digest } = await transport.putObject('data/x', new TextEncoder().encode('pwned'));
    const root = await mkdtemp(join(tmpdir(), 'data-cache-'));
    const cache = join(root, 'a', 'cache');
    await mkdir(cache, { recursive: true });
    await expect(fetchDataFiles(assignment(refs(digest), { name: 'sp500' }), transport, cache)).rejects.toBeInstanceOf(UnsafePathError);
    expect(await readdir(root)).toEqual(['a']);
    expect(await readdir(join(root, 'a'))).toEqual(['cache']);
  });

  it('keeps its copies private: files of mode 0600 in folders of mode 0700, a folder left open closed again', async () => {
    const transport = new MemoryTransport();
    const secret = new TextEncoder().encode('root:$6$salt$hash:19000:0:99999:7:::\n');
    const refs = {
      path: { name: 'data/s', digest: (await transport.putObject('data/s', secret)).digest },
      'dir/train-labels-idx1-ubyte': { name: 'data/l', digest: (await transport.putObject('data/l', secret)).digest },
    };
    const root = await mkdtemp(join(tmpdir(), 'data-cache-'));
    const cache = join(root, 'cache');
    // A cache an older version made readable by everyone.
    await mkdir(cache);
    await chmod(cache, 0o755);
    const task = await fetchDataFiles(assignment(refs, { name: 'sp500' }), transport, cache);
    const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;
    expect(await mode(cache)).toBe(0o700);
    expect(await mode(task.path as string)).toBe(0o600);
    expect(await mode(task.dir as string)).toBe(0o700);
    expect(await mode(join(task.dir as string, 'train-labels-idx1-ubyte'))).toBe(0o600);
    const fresh = join(root, 'new', 'cache');
    await fetchDataFiles(assignment(refs, { name: 'sp500' }), transport, fresh);
    expect(await mode(fresh)).toBe(0o700);
  });

  it('refuses a cache folder that is a link, in one sentence, writing nothing through it', async () => {
    const transport = new MemoryTransport();
    const refs = { path: { name: 'data/s', digest: (await transport.putObject('data/s', new Uint8Array([1]))).digest } };
    const root = await mkdtemp(join(tmpdir(), 'data-cache-'));
    await mkdir(join(root, 'elsewhere'));
    await symlink(join(root, 'elsewhere'), join(root, 'cache'));
    const e = await fetchDataFiles(assignment(refs, { name: 'sp500' }), transport, join(root, 'cache')).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(`the data cache ${join(root, 'cache')} is a link`);
    expect(await readdir(join(root, 'elsewhere'))).toEqual([]);
  });

  it('leaves a task without shared files as it is', async () => {
    const task = { name: 'toy', samples: 10 };
    expect(await fetchDataFiles(assignment(undefined, task), new MemoryTransport())).toBe(task);
  });
});
