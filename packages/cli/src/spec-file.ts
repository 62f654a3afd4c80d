import { readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DataError, ErrorCode, loadSpecFile, openRegularFile, taskDeclaration, type SweepSpec } from '@seqsweep/core';
import { optionalInt, type ParsedArgs } from './args.js';
import { UsageError } from './usage-error.js';

/**
 * Loads the spec named on the command line with the study flags and `--data` applied, and resolves the data paths
 * it names against the spec's folder (`--data` against the current folder).
 */
export async function specFromArgs(args: ParsedArgs, cwd: string): Promise<{ spec: SweepSpec; path: string }> {
  const file = args.positionals[0];
  if (!file) throw new UsageError(`\`${args.command}\` needs a spec file, e.g. \`seqsweep ${args.command} examples/toy.yaml\``);
  const path = resolve(cwd, file);
  const data = args.values.data === undefined ? undefined : resolve(cwd, args.values.data);
  const search = { ...(args.values.search === undefined ? {} : { strategy: args.values.search }), ...(args.values.trials === undefined ? {} : { trials: optionalInt(args, 'trials') }) };
  const spec = await loadSpecFile(path, { overrides: args.overrides, data, search });
  const resolved = resolveDataPaths(spec, dirname(path));
  await checkDataPaths(resolved);
  return { spec: resolved, path };
}

/**
 * A data path that cannot be read fails here, before anything is published or trained, the same for `plan` and
 * `run`: missing, not a regular file (a FIFO, a device, a folder: opened without blocking and refused), or over the
 * size limit. A folder (mnist's) must be a folder whose data files are regular files.
 */
async function checkDataPaths(spec: SweepSpec): Promise<void> {
  const task = spec.task as Record<string, unknown>;
  const declaration = taskDeclaration(spec.task);
  for (const option of declaration?.fileOptions ?? []) {
    const value = task[option.key];
    if (typeof value !== 'string') continue;
    const fix = `point task.${option.key} in the spec, or --data on the command line, at ${option.is === 'folder' ? 'a folder' : 'a regular file'}`;
    if (option.is === 'file') {
      await (await openRegularFile(value, { fix })).handle.close();
      continue;
    }
    const entries = await readdir(value).catch((cause: NodeJS.ErrnoException) => {
      const what = cause.code === 'ENOTDIR' ? 'is not a folder' : cause.code === 'ENOENT' ? 'does not exist' : 'cannot be read';
      throw new DataError(ErrorCode.DataNotFound, `the ${declaration!.name} data folder ${value} (task.${option.key}) ${what}`, { file: value, cause, fix });
    });
    for (const name of entries.filter((f) => option.files?.test(f) ?? true).sort()) {
      await (await openRegularFile(join(value, name), { fix: `make ${name} in ${value} a regular file, or remove it` })).handle.close();
    }
  }
}

function resolveDataPaths(spec: SweepSpec, base: string): SweepSpec {
  const task = spec.task as Record<string, unknown>;
  const patch: Record<string, string> = {};
  for (const { key } of taskDeclaration(spec.task)?.fileOptions ?? []) {
    const v = task[key];
    if (typeof v === 'string' && !isAbsolute(v)) patch[key] = resolve(base, v);
  }
  return Object.keys(patch).length === 0 ? spec : ({ ...spec, task: { ...spec.task, ...patch } } as SweepSpec);
}
