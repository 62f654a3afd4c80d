/**
 * Ships the modules a spec names to workers as data files travel: each module's files go into the object store,
 * named by content digest, and the sweep record names their digests (see core's module-files.ts).
 */
import { codeRefs, type CodeRefs, type SweepSpec, type Transport } from '@seqsweep/core';

/**
 * Puts the spec's modules into the object store and returns what the sweep record names them by; undefined for a
 * spec without modules.
 * @throws {ModuleError} for a module that imports a file outside its folder, or one that cannot be read.
 */
export async function shareCode(transport: Transport, spec: SweepSpec): Promise<CodeRefs | undefined> {
  return codeRefs(spec, (name, bytes) => transport.putObject(name, bytes));
}
