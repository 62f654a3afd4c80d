/**
 * Data files in the `P-data` object store. The store checks its own digest while it reads (and reports a corrupt
 * object); seqsweep checks the SHA-256 the caller expects on top, retries once, then gives up.
 */
import type { ObjectStore } from '@nats-io/obj';
import { loadVerified, type LoadedObject } from '@seqsweep/core/internal';
import { sha256Hex } from '@seqsweep/core';

/** The data files of one prefix. */
export class NatsObjects {
  readonly #store: ObjectStore;
  readonly #where: string;

  /** @param where names the server in error messages. */
  constructor(store: ObjectStore, where: string) {
    this.#store = store;
    this.#where = where;
  }

  /** Stores a data file; returns its SHA-256 (hex). */
  async put(name: string, data: Uint8Array): Promise<{ digest: string }> {
    await this.#store.putBlob({ name }, data);
    return { digest: sha256Hex(data) };
  }

  /** Fetches a data file and checks it against `digest`. */
  get(name: string, digest: string): Promise<Uint8Array> {
    return loadVerified(name, digest, this.#where, () => this.#load(name));
  }

  async #load(name: string): Promise<LoadedObject> {
    try {
      return await this.#store.getBlob(name);
    } catch (error) {
      // The client's own digest check failed: the same as a mismatch of ours, retried once.
      if (error instanceof Error && /corrupt|digests? do not match/i.test(error.message)) return { corrupt: 'a corrupt copy' };
      throw error;
    }
  }
}
