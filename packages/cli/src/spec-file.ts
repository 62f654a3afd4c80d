import { access } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DataError, ErrorCode, loadSpecFile, taskDeclaration, type SweepSpec } from '@seqsweep/core';
import type { ParsedArgs } from './args.js';
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
  const spec = await loadSpecFile(path, { overrides: args.overrides, data });
  const resolved = resolveDataPaths(spec, dirname(path));
  await checkDataPaths(resolved);
  return { spec: resolved, path };
}

/** A data path that does not exist fails here, before anything is published or trained. */
async function checkDataPaths(spec: SweepSpec): Promise<void> {
  const task = spec.task as Record<string, unknown>;
  const declaration = taskDeclaration(spec.task);
  for (const { key, is } of declaration?.fileOptions ?? []) {
    const v = task[key];
    if (typeof v !== 'string') continue;
    await access(v).catch((cause: unknown) => {
      throw new DataError(ErrorCode.DataNotFound, `the ${declaration!.name} data ${is} ${v} (task.${key}) does not exist`, {
        file: v, cause, fix: `point task.${key} in the spec, or --data on the command line, at an existing ${is}`,
      });
    });
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
