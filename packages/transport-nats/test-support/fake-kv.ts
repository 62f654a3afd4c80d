/**
 * A sweeps bucket for tests of the watches, whose watches can be lost: `lose()` leaves every open watch silent,
 * as when the server that holds its ordered consumer dies. A put reaches the watches not lost; a watch opened
 * later replays the bucket as the client's does (each key's latest entry, or every entry from a revision on).
 */
import type { KV, KvEntry } from '@nats-io/kv';
import type { SweepRecord } from '@seqsweep/core';

/** A watch the bucket feeds; `stop()` ends it, as the client's does. */
export class FakeWatch implements AsyncIterable<KvEntry> {
  readonly #queue: KvEntry[] = [];
  #wake: (() => void) | undefined;
  stopped = false;

  constructor(readonly key: string | undefined) {}

  push(entry: KvEntry): void {
    if (this.key !== undefined && entry.key !== this.key) return;
    this.#queue.push(entry);
    this.#wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<KvEntry> {
    while (!this.stopped) {
      const next = this.#queue.shift();
      if (next) yield next;
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

/** A running sweep's record with every field a watch test does not care about filled in. */
export function sweepRecord(sweepId: string, patch: Partial<SweepRecord> = {}): SweepRecord {
  return {
    sweepId, name: sweepId, spec: {}, stage: 'filter', status: 'running', createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z',
    queue: { ackWaitMs: 60_000, maxDeliver: 3 }, pruned: [], ...patch,
  };
}

export class FakeBucket {
  readonly history: KvEntry[] = [];
  readonly watches: FakeWatch[] = [];
  readonly #lost = new Set<FakeWatch>();

  /** Stores `record` under `key` (its sweep id unless given). */
  put(record: SweepRecord, key = record.sweepId): void {
    const value = new TextEncoder().encode(JSON.stringify(record));
    const entry = { key, revision: this.history.length + 1, operation: 'PUT', value } as unknown as KvEntry;
    this.history.push(entry);
    for (const w of this.watches) if (!this.#lost.has(w) && !w.stopped) w.push(entry);
  }

  lose(): void {
    for (const w of this.watches) this.#lost.add(w);
  }

  /** Each key's latest entry, in revision order. */
  #latest(): KvEntry[] {
    const byKey = new Map<string, KvEntry>();
    for (const e of this.history) byKey.set(e.key, e);
    return [...byKey.values()].sort((a, b) => a.revision - b.revision);
  }

  kv(): KV {
    return {
      watch: async (opts: { key?: string; resumeFromRevision?: number } = {}) => {
        const w = new FakeWatch(opts.key);
        this.watches.push(w);
        const from = opts.resumeFromRevision;
        for (const e of from === undefined ? this.#latest() : this.history.filter((h) => h.revision >= from)) w.push(e);
        return w;
      },
      keys: async () => (async function* (keys: string[]) {
        yield* keys;
      })(this.#latest().map((e) => e.key)),
      get: async (key: string) => this.#latest().find((e) => e.key === key) ?? null,
    } as unknown as KV;
  }
}
