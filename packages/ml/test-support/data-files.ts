/** For the data loaders' tests: a temporary folder of data files, and a loader's refusal. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect } from 'vitest';
import { DataError } from '@seqsweep/core';

/**
 * A temporary folder for the calling test file, made before its tests and removed after them. `csv` writes a
 * file there (gzipped when its name ends in .gz) and returns its path.
 */
export function tempDataDir(prefix: string): { readonly path: () => string; csv(name: string, text: string): Promise<string> } {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    path: () => dir,
    csv: async (name, text) => {
      const file = join(dir, name);
      await writeFile(file, name.endsWith('.gz') ? gzipSync(text) : text);
      return file;
    },
  };
}

/** The DataError `p` rejects with; fails the test when it resolves or rejects with anything else. */
export async function dataRejection(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}
