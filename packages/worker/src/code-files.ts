/**
 * Imports the modules a trial's sweep runs (its `codeRefs`): each file is fetched from the object store once,
 * checked against the digest the sweep record names, and written to a local cache (folders 0700, files 0600)
 * under the module's digest, from which the entry is imported and registered with core (its declaration) and ml
 * (its builder or loader). The cache sits in the installation's `node_modules/.cache`, so that a module's bare
 * imports (`zod`, `@seqsweep/ml/define`, `@tensorflow/tfjs`) resolve to this installation's copies.
 */
import { createHash } from 'node:crypto';
import { chmod, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  isUserError, moduleDigest, ModuleError, pathInside, registerModuleModel, registerModuleTask, writeFileInside,
  type ModuleRef, type TrialAssignment, type Transport,
} from '@seqsweep/core';
import { registerModel, registerTask, type ModelModule, type TaskModule } from '@seqsweep/ml';
import { privateFolder } from './data-files.js';

/** Where modules are cached: `node_modules/.cache/seqsweep-code` of the installation that holds zod. */
export function defaultCodeCacheDir(): string {
  let zod: string;
  try {
    zod = createRequire(import.meta.url).resolve('zod');
  } catch {
    // Without a node_modules folder bare imports cannot resolve from any cache; a module then imports nothing bare.
    return join(tmpdir(), 'seqsweep-code');
  }
  const at = zod.lastIndexOf(`${join('node_modules', 'zod')}`);
  return at < 0 ? join(tmpdir(), 'seqsweep-code') : join(zod.slice(0, at), 'node_modules', '.cache', 'seqsweep-code');
}

/** Modules this process has imported and registered, by the key they were registered under and their digest. */
const imported = new Map<string, string>();

/** A cache folder of this user's own, closed to everyone else (never a link another user placed there first). */
const ensureFolder = (dir: string): Promise<void> => privateFolder(dir, 'module cache');

/** The folder a module file goes in, each segment checked to stay inside `dir` (the names come off the wire). */
function folderOf(dir: string, path: string): string {
  return path.split('/').slice(0, -1).reduce((folder, segment) => pathInside(folder, segment), dir);
}

async function fetchFile(transport: Transport, module: string, ref: ModuleRef['files'][string], dir: string, path: string): Promise<void> {
  const folder = folderOf(dir, path);
  const name = path.split('/').pop()!;
  const file = pathInside(folder, name);
  const have = await readFile(file).catch(() => null);
  if (have && createHash('sha256').update(have).digest('hex') === ref.digest) return;
  let bytes: Uint8Array;
  try {
    bytes = await transport.getObject(ref.name, ref.digest);
  } catch (cause) {
    if (!isUserError(cause)) throw cause;
    throw new ModuleError(module, `was refused: its file ${path} in the object store does not match the digest the sweep record names`, cause);
  }
  await ensureFolder(folder);
  await writeFileInside(folder, name, bytes);
  await chmod(file, 0o600);
}

async function importOne(kind: 'task' | 'model', specPath: string, ref: ModuleRef, transport: Transport, cacheDir: string): Promise<void> {
  const key = `module:${specPath}`;
  if (imported.get(key) === ref.digest) return;
  if (moduleDigest(ref.files) !== ref.digest || !(ref.entry in ref.files)) {
    throw new ModuleError(specPath, 'was refused: its digest does not match its files as the sweep record lists them');
  }
  await ensureFolder(cacheDir);
  const dir = join(cacheDir, ref.digest);
  await ensureFolder(dir);
  for (const [path, file] of Object.entries(ref.files)) await fetchFile(transport, specPath, file, dir, path);
  let exported: Record<string, unknown>;
  try {
    exported = (await import(pathToFileURL(pathInside(folderOf(dir, ref.entry), ref.entry.split('/').pop()!)).href)) as Record<string, unknown>;
  } catch (cause) {
    throw new ModuleError(specPath, 'failed to import', cause);
  }
  try {
    if (kind === 'task') {
      registerModuleTask(specPath, exported.default);
      registerTask(exported.default as TaskModule, key);
    } else {
      registerModuleModel(specPath, exported.default);
      registerModel(exported.default as ModelModule, key);
    }
  } catch (cause) {
    throw new ModuleError(specPath, 'cannot be used', cause);
  }
  imported.set(key, ref.digest);
}

/**
 * Imports and registers the trial's modules (none for a sweep without code).
 * @throws {ModuleError} for a module whose bytes do not match their digests, that fails to import, or whose
 * default export is no `defineTask` / `defineModel` declaration.
 */
export async function importTrialCode(a: TrialAssignment, transport: Transport, cacheDir = defaultCodeCacheDir()): Promise<void> {
  const task = a.codeRefs?.task;
  const model = a.codeRefs?.model;
  if (task && typeof a.task.module === 'string') await importOne('task', a.task.module, task, transport, cacheDir);
  if (model && typeof a.model.module === 'string') await importOne('model', a.model.module, model, transport, cacheDir);
}
