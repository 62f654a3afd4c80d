/**
 * The files of the modules a spec names (`task.module`, `model.module`): each module's entry file and every file
 * it imports relatively, each with its digest, and the module's digest over them. A module may import only files
 * inside its own folder (or below it); bare imports (`zod`, `@seqsweep/ml/define`) resolve on the worker against
 * its own installation. The coordinator stores the files (`put`); `plan` only describes them.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { ModuleError } from '../errors.js';
import type { CodeRefs, ModuleRef } from '../messages.js';
import { sha256Hex } from '../transport/sha256.js';
import { isModuleComponent } from './component-registry.js';
import { moduleDigest } from './module-digest.js';
import type { SweepSpec } from './sweep-spec.js';

// Static imports and re-exports, side-effect imports and dynamic imports of a string: the relative ones are shipped.
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]+)\1/g;

/** Relative specifiers a module's source imports, in order of appearance. */
export function relativeImports(source: string): string[] {
  return [...source.matchAll(RELATIVE_IMPORT)].map((m) => m[2]!);
}

/** Stores one file's bytes under a name and gives back their digest. */
export type PutFile = (name: string, bytes: Uint8Array) => Promise<{ digest: string }>;

async function shareModule(put: PutFile, entryPath: string): Promise<ModuleRef> {
  const root = dirname(entryPath);
  const files: ModuleRef['files'] = {};
  const queue = [entryPath];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const path = relative(root, file).split(sep).join('/');
    if (path in files) continue;
    if (path.startsWith('../') || path === '..') throw new ModuleError(entryPath, `imports ${file}, outside its own folder ${root}; keep the files a module imports in its folder`);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (cause) {
      throw new ModuleError(entryPath, `imports ${file}, which cannot be read`, cause);
    }
    const name = `code/${sha256Hex(bytes).slice(0, 16)}-${basename(file)}`;
    files[path] = { name, digest: (await put(name, bytes)).digest };
    for (const specifier of relativeImports(bytes.toString('utf8'))) queue.push(resolve(dirname(file), specifier));
  }
  return { entry: basename(entryPath), digest: moduleDigest(files), files };
}

/**
 * What `shareCode` would store, without storing anything: each module's files and digest (for `seqsweep plan`, so
 * that a worker's `--trust` can name them before the sweep runs).
 */
export function describeCode(spec: SweepSpec): Promise<CodeRefs | undefined> {
  return codeRefs(spec, async (_name, bytes) => ({ digest: sha256Hex(bytes) }));
}

/** Each module's files, stored with `put`; undefined for a spec without modules. */
export async function codeRefs(spec: SweepSpec, put: PutFile): Promise<CodeRefs | undefined> {
  const code: { task?: ModuleRef; model?: ModuleRef } = {};
  if (isModuleComponent(spec.task)) code.task = await shareModule(put, spec.task.module);
  if (isModuleComponent(spec.model)) code.model = await shareModule(put, spec.model.module);
  return code.task || code.model ? code : undefined;
}
