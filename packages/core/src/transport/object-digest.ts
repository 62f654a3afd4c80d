/**
 * Fetching a data file by name and checking it against the digest the caller expects. Both transports use it.
 */
import { DataError, ErrorCode } from '../errors.js';
import { sha256Hex } from './sha256.js';

/** What loading an object found: its bytes, nothing, or bytes the store itself saw were corrupt. */
export type LoadedObject = Uint8Array | null | { readonly corrupt: string };

/**
 * Loads `name` and checks its SHA-256 against `digest`. A mismatch is retried once (a file replaced while it was
 * read, a flipped bit in transit), then thrown as a {@link DataError} `DATA_CORRUPT`; a missing file throws
 * `DATA_NOT_FOUND`.
 */
export async function loadVerified(name: string, digest: string, store: string, load: () => Promise<LoadedObject>): Promise<Uint8Array> {
  let found = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    const loaded = await load();
    if (loaded === null) {
      throw new DataError(ErrorCode.DataNotFound, `the data file "${name}" is not in the object store of ${store}`, {
        file: name,
        fix: 'run the sweep again from its spec so that the coordinator uploads its data files',
      });
    }
    if (loaded instanceof Uint8Array) {
      found = sha256Hex(loaded);
      if (found === digest) return loaded;
    } else {
      found = loaded.corrupt;
    }
  }
  throw new DataError(ErrorCode.DataCorrupt, `the data file "${name}" in the object store of ${store} does not match its digest ${digest} (found ${found})`, {
    file: name,
    fix: 'the file changed after the sweep started: run the sweep again so that its data files are uploaded afresh',
  });
}
