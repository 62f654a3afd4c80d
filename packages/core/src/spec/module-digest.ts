/**
 * A module's digest, over the digests of its files, and whether a worker runs a sweep's code: the one rule the
 * coordinator, the workers and `status` share.
 */
import { createHash } from 'node:crypto';
import type { CodeRefs, ModuleRef, SweepRecord } from '../messages.js';

/** The SHA-256 over a module's files (`path`, `digest` per line, sorted by path): what `--trust` names. */
export function moduleDigest(files: Readonly<Record<string, { readonly digest: string }>>): string {
  const lines = Object.keys(files).sort().map((path) => `${path}\0${files[path]!.digest}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** The modules of a sweep's code, task first. */
export const modulesOf = (code: CodeRefs | undefined): ModuleRef[] => [code?.task, code?.model].filter((m): m is ModuleRef => m !== undefined);

/** What code a worker runs: every sweep's (`--allow-code`), or only modules of the given digests (`--trust`). */
export interface CodePolicy {
  /** Run any sweep's modules. @default false */
  readonly allowCode?: boolean;
  /** Digests of modules to run without `allowCode`. @default none */
  readonly trust?: readonly string[];
}

/** True when a worker with `policy` runs the sweep's trials: it has no modules, or the worker accepts them all. */
export function acceptsCode(record: Pick<SweepRecord, 'codeRefs'>, policy: CodePolicy): boolean {
  const modules = modulesOf(record.codeRefs);
  return modules.length === 0 || policy.allowCode === true || modules.every((m) => policy.trust?.includes(m.digest) ?? false);
}

/** The heartbeat's word for a policy. */
export const codePolicyWord = (policy: CodePolicy): 'all' | 'trusted' | 'none' => (policy.allowCode ? 'all' : (policy.trust?.length ?? 0) > 0 ? 'trusted' : 'none');

/** The one sentence a worker that does not accept a sweep's code says, naming the flag that would let it. */
export function refusedCodeText(sweepId: string, code: CodeRefs | undefined): string {
  const modules = modulesOf(code).map((m) => `${m.entry} (${m.digest.slice(0, 12)})`).join(' and ');
  return `sweep ${sweepId} runs code from its spec (module ${modules}); this worker leaves its trials to other workers: start it with --allow-code, or --trust DIGEST for these modules, to run them`;
}
