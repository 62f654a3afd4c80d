import { dirname, isAbsolute, resolve } from 'node:path';
import { loadSpecFile, type SweepSpec } from '@seqsweep/core';
import type { ParsedArgs } from './args.js';
import { UsageError } from './errors.js';

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
  return { spec: resolveDataPaths(spec, dirname(path)), path };
}

function resolveDataPaths(spec: SweepSpec, base: string): SweepSpec {
  const task = spec.task as Record<string, unknown>;
  const patch: Record<string, string> = {};
  for (const key of ['path', 'dir']) {
    const v = task[key];
    if (typeof v === 'string' && !isAbsolute(v)) patch[key] = resolve(base, v);
  }
  return Object.keys(patch).length === 0 ? spec : ({ ...spec, task: { ...spec.task, ...patch } } as SweepSpec);
}
