/**
 * Fetching a data file by name and checking it against the digest the caller expects. Both transports use it.
 */
import { DataError, ErrorCode } from '../errors.js';
import { sha256Hex } from './sha256.js';
import { resolveObjectLimits, sizeText, type ResolvedObjectLimits } from './object-limits.js';

/**
 * What loading an object found: its bytes, nothing, bytes the store itself saw were corrupt, or an object refused
 * before its bytes were trusted (too large, a link, missing chunks, too slow), with the reason in a few words.
 */
export type LoadedObject = Uint8Array | null | { readonly corrupt: string } | { readonly refused: string };

/**
 * Loads `name` and checks its SHA-256 against `digest`. A mismatch is retried once (a file replaced while it was
 * read, a flipped bit in transit), then thrown as a {@link DataError} `DATA_CORRUPT`; a missing file throws
 * `DATA_NOT_FOUND`. An object over `limits.maxBytes`, or one `load` refused, throws `DATA_REFUSED` at once.
 */
export async function loadVerified(
  name: string, digest: string, store: string, load: () => Promise<LoadedObject>, limits: ResolvedObjectLimits = resolveObjectLimits(),
): Promise<Uint8Array> {
  let found = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    let loaded = await load();
    if (loaded instanceof Uint8Array && loaded.length > limits.maxBytes) loaded = { refused: `it holds ${sizeText(loaded.length)}, over the limit of ${sizeText(limits.maxBytes)}` };
    if (loaded !== null && 'refused' in loaded) {
      throw new DataError(ErrorCode.DataRefused, `the object "${name}" in the object store of ${store} was refused: ${loaded.refused}`, {
        file: name,
        fix: 'store it again from a trusted process (run the sweep again), or raise the object size limit if it is that large on purpose',
      });
    }
    if (loaded === null) {
      throw new DataError(ErrorCode.DataNotFound, `the data file "${name}" is not in the object store of ${store}`, {
        file: name,
        fix: 'run the sweep again from its spec so that the coordinator uploads its data files',
      });
    }
    if (loaded instanceof Uint8Array) {
      found = sha256Hex(loaded);
      if (found === digest) return loaded;
    } else if ('corrupt' in loaded) {
      found = loaded.corrupt;
    }
  }
  throw new DataError(ErrorCode.DataCorrupt, `the data file "${name}" in the object store of ${store} does not match its digest ${digest} (found ${found})`, {
    file: name,
    fix: 'the file changed after the sweep started: run the sweep again so that its data files are uploaded afresh',
  });
}
