import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import type { SweepSpec, SweepRecord, Transport } from '@seqsweep/core';

type DataRefs = NonNullable<SweepRecord['dataRefs']>;

/**
 * Puts each data file the spec names by path into the object store once (named by content digest, so a file
 * shared by many sweeps is stored once) and returns the references workers fetch it by.
 */
export async function shareDataFiles(transport: Transport, spec: SweepSpec): Promise<DataRefs | undefined> {
  const task = spec.task as { name: string; path?: string };
  if (typeof task.path !== 'string') return undefined;
  const bytes = await readFile(task.path);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const name = `data/${digest.slice(0, 16)}-${basename(task.path)}`;
  const stored = await transport.putObject(name, bytes);
  return { path: { name, digest: stored.digest } };
}
