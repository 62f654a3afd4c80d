import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readRegularFile, sha256Hex, taskDeclaration, type SweepSpec, type SweepRecord, type Transport } from '@seqsweep/core';

type DataRefs = NonNullable<SweepRecord['dataRefs']>;

/**
 * Puts each data file the spec names by path (the task's declared file options) into the object store once
 * (named by content digest, so a file shared by many sweeps is stored once) and returns the references workers
 * fetch it by: the option's key for a file (sp500's `path`), `dir/<file>` for each file of a folder (mnist's
 * training files, as its declaration says). Only regular files are read, opened without blocking and refused over
 * core's data file size limit, so a FIFO or a device named by the spec is never uploaded.
 */
export async function shareDataFiles(transport: Transport, spec: SweepSpec): Promise<DataRefs | undefined> {
  const task = spec.task as Record<string, unknown>;
  const refs: DataRefs = {};
  for (const option of taskDeclaration(spec.task)?.fileOptions ?? []) {
    const value = task[option.key];
    if (typeof value !== 'string') continue;
    if (option.is === 'file') {
      refs[option.key] = await put(transport, value);
      continue;
    }
    // Workers put a folder's files back under `dir`; the wire keeps that one prefix for folders.
    for (const file of (await readdir(value)).filter((f) => option.files?.test(f) ?? true).sort()) {
      refs[`dir/${file}`] = await put(transport, join(value, file));
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
