import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, MemoryTransport, parseSpec } from '@seqsweep/core';
import { hostileDataPaths } from '@seqsweep/core/testing';
import { shareDataFiles } from './data-files.js';

const spec = (task: Record<string, unknown>) => parseSpec({ name: 's', task, model: { name: task.name === 'mnist' ? 'lstm-ae-classifier' : 'lstm-ae-predictor' } });

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const tempDir = async (): Promise<string> => {
  const d = await mkdtemp(join(tmpdir(), 'share-'));
  dirs.push(d);
  return d;
};

describe('shareDataFiles', () => {
  it('uploads nothing from a FIFO, a device, a folder or a file over the size limit, and says why in one sentence', async () => {
    const dir = await tempDir();
    for (const { what, path, says } of await hostileDataPaths(dir)) {
      const transport = new MemoryTransport();
      const e = await shareDataFiles(transport, spec({ name: 'sp500', path })).catch((err: unknown) => err);
      expect(e, what).toBeInstanceOf(DataError);
      expect((e as Error).message, what).toMatch(says);
    }
  });

  it('refuses a FIFO among an mnist folder\'s files', async () => {
    const dir = await tempDir();
    const mnist = join(dir, 'mnist');
    await mkdir(mnist);
    await writeFile(join(mnist, 'train-labels-idx1-ubyte'), new Uint8Array(8));
    const [fifo] = await hostileDataPaths(dir);
    await rename(fifo!.path, join(mnist, 'train-images-idx3-ubyte'));
    const e = await shareDataFiles(new MemoryTransport(), spec({ name: 'mnist', dir: mnist })).catch((err: unknown) => err);
    expect((e as Error).message).toMatch(/train-images-idx3-ubyte is a FIFO \(named pipe\), not a regular file/);
  });
});
