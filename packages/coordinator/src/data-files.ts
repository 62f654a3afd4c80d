import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MNIST_DATA_FILE, readRegularFile, sha256Hex, type SweepSpec, type SweepRecord, type Transport } from '@seqsweep/core';

type DataRefs = NonNullable<SweepRecord['dataRefs']>;

/**
 * Puts each data file the spec names by path into the object store once (named by content digest, so a file
 * shared by many sweeps is stored once) and returns the references workers fetch it by: `path` for a file
 * (sp500), `dir/<file>` for each file of a folder (mnist). Only regular files are read, opened without blocking and
 * refused over core's data file size limit, so a FIFO or a device named by the spec is never uploaded.
 */
export async function shareDataFiles(transport: Transport, spec: SweepSpec): Promise<DataRefs | undefined> {
  const task = spec.task as { name: string; path?: string; dir?: string };
  const refs: DataRefs = {};
  if (typeof task.path === 'string') refs.path = await put(transport, task.path);
  if (typeof task.dir === 'string') {
    for (const file of (await readdir(task.dir)).filter((f) => MNIST_DATA_FILE.test(f)).sort()) {
      refs[`dir/${file}`] = await put(transport, join(task.dir, file));
    }
  }
  return Object.keys(refs).length > 0 ? refs : undefined;
}

async function put(transport: Transport, path: string): Promise<DataRefs[string]> {
  const bytes = await readRegularFile(path);
  const name = `data/${sha256Hex(bytes).slice(0, 16)}-${basename(path)}`;
  const stored = await transport.putObject(name, bytes);
  return { name, digest: stored.digest };
}
