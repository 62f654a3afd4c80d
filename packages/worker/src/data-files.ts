import { mkdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { isPlainFileName, pathInside, writeFileInside, type ObjectRef, type TrialAssignment, type Transport } from '@seqsweep/core';

/**
 * Returns the trial's task options with each data file the coordinator shared replaced by a local copy, fetched
 * from the object store once and cached by digest (a cached file whose digest does not match when this process
 * first uses it is fetched again). A `path` reference becomes that file; `dir/<file>` references become one folder holding those files.
 */
export async function fetchDataFiles(a: TrialAssignment, transport: Transport, cacheDir = join(tmpdir(), 'seqsweep-data')): Promise<TrialAssignment['task']> {
  if (!a.dataRefs) return a.task;
  const task = { ...a.task };
  const dirEntries = Object.entries(a.dataRefs).filter(([key]) => key.startsWith('dir/'));
  for (const [option, ref] of Object.entries(a.dataRefs)) {
    if (option.startsWith('dir/')) continue;
    task[option] = await cached(transport, ref, cacheDir, cacheName(ref));
  }
  if (dirEntries.length > 0) {
    // The folder is named by the digests of its files, so a changed file never mixes with an old copy.
    const folder = join(cacheDir, createHash('sha256').update(dirEntries.map(([, r]) => r.digest).sort().join()).digest('hex').slice(0, 24));
    for (const [key, ref] of dirEntries) await cached(transport, ref, folder, key.slice('dir/'.length));
    task.dir = folder;
  }
  return task;
}

/**
 * Local copies this process has already checked or written, by path and digest: a worker runs many trials on the
 * same data, and re-reading and hashing a file of tens of megabytes before each one would be pure waste.
 */
const verified = new Set<string>();

/** The cached copy's name: its digest, then the stored file's own name where that is a plain one (for people). */
function cacheName(ref: ObjectRef): string {
  const name = `${ref.digest}-${basename(ref.name)}`;
  return isPlainFileName(name) ? name : ref.digest;
}

/** The names come off the wire: `writeFileInside` keeps every write inside `dir`, whatever the schema let through. */
async function cached(transport: Transport, ref: ObjectRef, dir: string, name: string): Promise<string> {
  const file = pathInside(dir, name);
  const key = `${ref.digest} ${file}`;
  if (verified.has(key)) return file;
  if (await hasDigest(file, ref.digest)) {
    verified.add(key);
    return file;
  }
  const bytes = await transport.getObject(ref.name, ref.digest);
  await mkdir(dir, { recursive: true });
  await writeFileInside(dir, name, bytes);
  verified.add(key);
  return file;
}

async function hasDigest(file: string, digest: string): Promise<boolean> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  return bytes !== null && createHash('sha256').update(bytes).digest('hex') === digest;
}
