import { mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import type { TrialAssignment, Transport } from '@seqsweep/core';

/**
 * Returns the trial's task options with each data file the coordinator shared replaced by a local copy, fetched
 * from the object store once and cached by digest (a cached file whose digest no longer matches is fetched again).
 */
export async function fetchDataFiles(a: TrialAssignment, transport: Transport, cacheDir = join(tmpdir(), 'seqsweep-data')): Promise<TrialAssignment['task']> {
  if (!a.dataRefs) return a.task;
  const task = { ...a.task };
  for (const [option, ref] of Object.entries(a.dataRefs)) {
    const file = join(cacheDir, `${ref.digest}-${basename(ref.name)}`);
    if (!(await hasDigest(file, ref.digest))) {
      const bytes = await transport.getObject(ref.name, ref.digest);
      await mkdir(cacheDir, { recursive: true });
      await writeFile(`${file}.${process.pid}.tmp`, bytes);
      await rename(`${file}.${process.pid}.tmp`, file);
    }
    task[option] = file;
  }
  return task;
}

async function hasDigest(file: string, digest: string): Promise<boolean> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  return bytes !== null && createHash('sha256').update(bytes).digest('hex') === digest;
}
