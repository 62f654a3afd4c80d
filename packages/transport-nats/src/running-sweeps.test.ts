import { describe, expect, it, vi } from 'vitest';
import type { KV, KvEntry } from '@nats-io/kv';
import type { SweepRecord } from '@seqsweep/core';
import { InvalidReports } from '@seqsweep/core/internal';
import { testDeadline, waitForOptions } from '@seqsweep/core/testing';
import { RunningSweeps } from './running-sweeps.js';

/** A watch the test feeds by hand; `stop()` ends it, as the client's does. */
class FakeWatch implements AsyncIterable<KvEntry> {
  readonly #queue: KvEntry[] = [];
  #wake: (() => void) | undefined;
  stopped = false;

  push(entry: KvEntry): void {
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

const record = (sweepId: string): SweepRecord => ({
  sweepId, name: sweepId, spec: {}, stage: 'filter', status: 'running', createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:00:00Z',
  queue: { ackWaitMs: 60_000, maxDeliver: 3 }, pruned: [],
});

/**
 * A sweeps bucket whose watches can be lost: `lose()` leaves every open watch silent, as when the server that
 * holds its ordered consumer dies; `put` reaches only the watches opened after it, by their replay.
 */
class FakeBucket {
  readonly entries = new Map<string, KvEntry>();
  readonly watches: FakeWatch[] = [];
  #revision = 0;
  #lost = new Set<FakeWatch>();

  put(sweepId: string): void {
    const value = new TextEncoder().encode(JSON.stringify(record(sweepId)));
    const entry = { key: sweepId, revision: ++this.#revision, operation: 'PUT', value } as unknown as KvEntry;
    this.entries.set(sweepId, entry);
    for (const w of this.watches) if (!this.#lost.has(w) && !w.stopped) w.push(entry);
  }

  lose(): void {
    for (const w of this.watches) this.#lost.add(w);
  }

  kv(): KV {
    return {
      watch: async () => {
        const w = new FakeWatch();
        this.watches.push(w);
        for (const e of this.entries.values()) w.push(e);
        return w;
      },
      keys: async () => (async function* (keys: string[]) {
        yield* keys;
      })([...this.entries.keys()]),
      get: async (key: string) => this.entries.get(key) ?? null,
    } as unknown as KV;
  }
}

describe('RunningSweeps', () => {
  it('replaces a watch that fell silent with its server: a sweep started after the loss is seen', async () => {
    const bucket = new FakeBucket();
    bucket.put('first');
    const running = new RunningSweeps(bucket.kv(), 'sweeps', new InvalidReports(), { refreshMs: 50 });
    const signal = AbortSignal.timeout(testDeadline(10_000));
    try {
      expect(await running.waitForAny(signal)).toEqual(['first']);
      bucket.lose();
      bucket.put('second');
      // The lost watch never brings 'second'; only a replacement can.
      while (!signal.aborted) {
        const ids = await running.waitForAny(signal);
        if (ids?.includes('second')) break;
        await running.changed(signal, 1000);
      }
      expect(await running.waitForAny(signal)).toEqual(['first', 'second']);
      // Each replacement stops the watch before it: one is open at a time.
      expect(bucket.watches.filter((w) => !w.stopped)).toHaveLength(1);
    } finally {
      running.stop();
    }
    expect(bucket.watches.every((w) => w.stopped)).toBe(true);
  });

  it('applies the replayed records of a replacement watch once: an unchanged bucket wakes nobody', async () => {
    const bucket = new FakeBucket();
    bucket.put('only');
    const running = new RunningSweeps(bucket.kv(), 'sweeps', new InvalidReports(), { refreshMs: 20 });
    const signal = AbortSignal.timeout(testDeadline(10_000));
    try {
      await running.waitForAny(signal);
      let woken = false;
      const listening = new AbortController();
      void running.changed(AbortSignal.any([signal, listening.signal]), Number.POSITIVE_INFINITY).then(() => (woken = !listening.signal.aborted));
      // Wait for three replacements, each of which replayed 'only': none may count as a change.
      await vi.waitFor(() => expect(bucket.watches.length).toBeGreaterThanOrEqual(4), waitForOptions(10_000));
      await new Promise((r) => setImmediate(r));
      listening.abort();
      expect(woken).toBe(false);
    } finally {
      running.stop();
    }
  });
});
