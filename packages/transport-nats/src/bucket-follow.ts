/**
 * A watch of a KV bucket that outlives the server holding it. The client's own watch (`kv.watch`) is an ordered
 * push consumer: on a cluster it lives on one server, and when that server dies the client keeps asking the lost
 * consumer for its state, so the watch falls silent for good, and an idle bucket is silent too. This one follows the
 * bucket's stream with `followStream` (follow-stream.ts), the same ordered pull consumer the results subscription
 * uses, which misses the idle heartbeats of a lost consumer and opens a new one on a live server from the next
 * revision. It hands out entries as `kv.watch` does: every key's latest entry (the buckets keep one per key), then
 * each change; or every entry from `resumeFromRevision` on.
 */
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { KvEntry } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { followStream } from './follow-stream.js';

/** What a watch hands out of one entry: what seqsweep reads of it. */
export type BucketEntry = Pick<KvEntry, 'key' | 'revision' | 'operation' | 'value'>;

/** An open watch: its entries, until `stop()`. */
export interface WatchIterator extends AsyncIterable<BucketEntry> {
  stop(): void;
}

/** Opens a watch of one key, or of the whole bucket, from a revision or from each key's latest entry. */
export type OpenWatch = (options: { key?: string; resumeFromRevision?: number }) => Promise<WatchIterator>;

/** How long each pull of a watch waits on the server; its idle heartbeat is half of it. */
const WATCH_EXPIRES_MS = 2000;

/** The header that marks a delete or a purge in a bucket's stream. */
const OPERATION_HEADER = 'KV-Operation';

/** Watches of `bucket` that are replaced when the server holding them dies; `onError` hears one that failed for good. */
export function followBucket(nc: NatsConnection, js: JetStreamClient, bucket: string, onError: (error: Error) => void): OpenWatch {
  const prefix = `$KV.${bucket}.`;
  return async ({ key, resumeFromRevision }) => {
    const queue = new EntryQueue();
    const follower = await followStream({
      nc, js, stream: `KV_${bucket}`, filter: `${prefix}${key ?? '>'}`, expiresMs: WATCH_EXPIRES_MS, onError,
      ...(resumeFromRevision !== undefined && resumeFromRevision > 0 ? { from: resumeFromRevision } : {}),
      onMessage: (msg) => queue.push(entryOf(msg, prefix)),
    });
    void follower.ended.then(() => queue.end());
    return {
      [Symbol.asyncIterator]: () => queue.entries(),
      stop: () => {
        follower.stop();
        queue.end();
      },
    };
  };
}

function entryOf(msg: JsMsg, prefix: string): BucketEntry {
  const operation = msg.headers?.get(OPERATION_HEADER);
  return {
    key: msg.subject.slice(prefix.length), revision: msg.seq, value: msg.data,
    operation: operation === 'DEL' || operation === 'PURGE' ? operation : 'PUT',
  };
}

/** Entries waiting for the one reader of a watch. */
class EntryQueue {
  readonly #items: BucketEntry[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  push(entry: BucketEntry): void {
    if (this.#ended) return;
    this.#items.push(entry);
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *entries(): AsyncGenerator<BucketEntry> {
    for (;;) {
      const next = this.#items.shift();
      if (next) yield next;
      else if (this.#ended) return;
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}
