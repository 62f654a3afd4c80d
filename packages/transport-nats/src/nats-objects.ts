/**
 * Data files in the `P-data` object store. Anyone who may write to the store can write an object's metadata, so
 * nothing in it is trusted before it is checked: a link is never followed (following one made the client create
 * the linked bucket's stream), a size over the limit is refused before a byte is read, metadata naming chunks the
 * store does not hold is refused at once (their read would wait forever), and the read itself stops at the size
 * limit and at the deadline. Chunks are read by direct get, so no reader creates a consumer. The store's own
 * digest is checked, and the SHA-256 the caller expects on top; a mismatch is retried once, then refused.
 */
import { createHash } from 'node:crypto';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { ObjectInfo, ObjectStore } from '@nats-io/obj';
import { loadVerified, sizeText, type LoadedObject } from '@seqsweep/core/internal';
import { resolveObjectLimits, sha256Hex, type ObjectReadLimits, type ResolvedObjectLimits } from '@seqsweep/core';

/** The digest prefix the object store writes; anything else is refused before reading. */
const DIGEST_PREFIX = 'SHA-256=';

/** What a {@link NatsObjects} reads from and through. */
export interface NatsObjectsParts {
  readonly store: ObjectStore;
  readonly jsm: JetStreamManager;
  /** The bucket's name, e.g. `seqsweep-data`. */
  readonly bucket: string;
  /** Names the server in error messages. */
  readonly where: string;
  /** The transport's own bounds on a read; a call may pass others. */
  readonly limits?: ObjectReadLimits | undefined;
}

/** The data files of one prefix. */
export class NatsObjects {
  readonly #p: NatsObjectsParts;

  constructor(parts: NatsObjectsParts) {
    this.#p = parts;
  }

  /** Stores a data file; returns its SHA-256 (hex). */
  async put(name: string, data: Uint8Array): Promise<{ digest: string }> {
    await this.#p.store.putBlob({ name }, data);
    return { digest: sha256Hex(data) };
  }

  /** Removes a file; a name with no file is no error. */
  async delete(name: string): Promise<void> {
    // The store answers a missing name with a null info, and `delete` of it would throw: nothing to remove.
    if (!(await this.#p.store.info(name))) return;
    await this.#p.store.delete(name);
  }

  /** Fetches a data file within `limits` and checks it against `digest`. */
  get(name: string, digest: string, limits?: ObjectReadLimits): Promise<Uint8Array> {
    const resolved = resolveObjectLimits(limits, this.#p.limits);
    return loadVerified(name, digest, this.#p.where, () => this.#load(name, resolved), resolved);
  }

  async #load(name: string, limits: ResolvedObjectLimits): Promise<LoadedObject> {
    const info = await this.#p.store.info(name);
    if (!info || info.deleted) return null;
    const refused = await this.#vet(info, limits);
    if (refused) return { refused };
    if (info.size === 0) return new Uint8Array(0);
    return this.#read(info, limits);
  }

  /** Why the metadata alone rules the object out, or `undefined`. */
  async #vet(info: ObjectInfo, limits: ResolvedObjectLimits): Promise<string | undefined> {
    if (info.options?.link) return 'it is a link, and seqsweep never follows one';
    if (!info.digest.startsWith(DIGEST_PREFIX)) return 'its metadata carries no SHA-256 digest';
    if (info.size > limits.maxBytes) return `it holds ${sizeText(info.size)}, over the limit of ${sizeText(limits.maxBytes)}`;
    const chunks = `$O.${this.#p.bucket}.C.${info.nuid}`;
    const stream = await this.#p.jsm.streams.info(`OBJ_${this.#p.bucket}`, { subjects_filter: chunks });
    const held = stream.state.subjects?.[chunks] ?? 0;
    if (held !== info.chunks) return `its metadata names ${info.chunks} chunks and the store holds ${held}`;
    return undefined;
  }

  /**
   * Reads the chunks one direct get at a time, stopping at the size limit and at the deadline, and checks them
   * against the metadata's digest. Direct gets need no consumer: a reader of the store needs no permission to
   * create one (see docs/security.md).
   */
  async #read(info: ObjectInfo, limits: ResolvedObjectLimits): Promise<LoadedObject> {
    const deadline = Date.now() + limits.timeoutMs;
    const stream = `OBJ_${this.#p.bucket}`;
    const subject = `$O.${this.#p.bucket}.C.${info.nuid}`;
    const hash = createHash('sha256');
    const parts: Uint8Array[] = [];
    let total = 0;
    let seq = 1;
    for (let chunk = 0; chunk < info.chunks; chunk++) {
      if (Date.now() > deadline) return { refused: `it was not read within ${limits.timeoutMs / 1000} s` };
      const msg = await this.#p.jsm.direct.getMessage(stream, { seq, next_by_subj: subject });
      // A chunk removed since the check above.
      if (!msg) return { refused: `its metadata names ${info.chunks} chunks and the store holds ${chunk}` };
      total += msg.data.length;
      if (total > limits.maxBytes) return { refused: `it holds more than the limit of ${sizeText(limits.maxBytes)}` };
      hash.update(msg.data);
      parts.push(msg.data);
      seq = msg.seq + 1;
    }
    // The store's own digest (SHA-256, base64url): a mismatch is a corrupt copy, retried once like a mismatch of ours.
    const stored = info.digest.slice(DIGEST_PREFIX.length).replace(/=+$/, '');
    if (hash.digest('base64url') !== stored) return { corrupt: 'a corrupt copy' };
    return Buffer.concat(parts);
  }
}
