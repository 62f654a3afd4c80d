import { chmod, lstat, mkdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { ErrorCode, isPlainFileName, pathInside, UserError, writeFileInside, type ObjectRef, type TrialAssignment, type Transport } from '@seqsweep/core';

/**
 * Returns the trial's task options with each data file the coordinator shared replaced by a local copy, fetched
 * from the object store once and cached by digest (a cached file whose digest does not match when this process
 * first uses it is fetched again). A `path` reference becomes that file; `dir/<file>` references become one folder holding those files.
 * The copies are private: files of mode 0600 in folders of mode 0700 that this user owns (a data file may be as
 * secret as whoever started the sweep could read).
 */
export async function fetchDataFiles(a: TrialAssignment, transport: Transport, cacheDir = join(tmpdir(), 'seqsweep-data')): Promise<TrialAssignment['task']> {
  if (!a.dataRefs) return a.task;
  await privateFolder(cacheDir);
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
  await privateFolder(dir);
  await writeFileInside(dir, name, bytes, { mode: 0o600 });
  verified.add(key);
  return file;
}

/**
 * Makes `dir` (mode 0700) or checks the one there: a folder this user owns, not a link, closed to everyone else.
 * The default cache sits in the shared temporary folder, where another user could have made it first.
 */
export async function privateFolder(dir: string, what = 'data cache'): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stats = await lstat(dir);
  const uid = process.getuid?.();
  if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) {
    throw new UserError(ErrorCode.UnsafePath, `the ${what} ${dir} is ${stats.isSymbolicLink() ? 'a link' : stats.isDirectory() ? 'a folder of another user' : 'not a folder'}`, {
      fix: 'remove it, or give the worker a cache folder of its own',
    });
  }
  if ((stats.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

async function hasDigest(file: string, digest: string): Promise<boolean> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  return bytes !== null && createHash('sha256').update(bytes).digest('hex') === digest;
}
