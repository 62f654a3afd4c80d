/**
 * Sweep records in the `P-sweeps` KV bucket, one key per sweep.
 */
import type { KV } from '@nats-io/kv';
import { InvalidMessageError } from '@seqsweep/core';
import { SweepRecord } from '@seqsweep/core';
import type { Subscription } from '@seqsweep/core';
import { callHandler, type InvalidReports } from '@seqsweep/core/internal';
import { encodeChecked } from '@seqsweep/core/internal';
import type { NatsLayout } from './nats-layout.js';
import { refreshingWatch } from './refreshing-watch.js';
import type { BucketEntry, OpenWatch } from './bucket-follow.js';

/** The sweep records of one prefix. */
export class NatsSweeps {
  readonly #kv: KV;
  readonly #layout: NatsLayout;
  readonly #reports: InvalidReports;
  readonly #refreshMs: number | undefined;
  readonly #open: OpenWatch;

  /**
   * @param options.watch opens the record's watches (default: the client's `kv.watch`); `refreshMs` replaces a
   * watch on a timer (default: never).
   */
  constructor(kv: KV, layout: NatsLayout, reports: InvalidReports, options: { refreshMs?: number; watch?: OpenWatch } = {}) {
    this.#kv = kv;
    this.#layout = layout;
    this.#reports = reports;
    this.#refreshMs = options.refreshMs;
    this.#open = options.watch ?? ((o) => kv.watch(o));
  }

  /** The sweep's record, or `null`. */
  async get(sweepId: string): Promise<SweepRecord | null> {
    const entry = await this.#kv.get(this.#layout.sweepKey(sweepId));
    return (entry && this.#parse(entry)) ?? null;
  }

  /** Stores (replaces) a record. */
  async put(record: SweepRecord): Promise<void> {
    const key = this.#layout.sweepKey(record.sweepId);
    await this.#kv.put(key, encodeChecked(SweepRecord, this.#subject(key), record).data);
  }

  /** Every valid record in the bucket. */
  async list(): Promise<SweepRecord[]> {
    const keys: string[] = [];
    for await (const key of await this.#kv.keys()) keys.push(key);
    const entries = await Promise.all(keys.map((key) => this.#kv.get(key)));
    return entries.flatMap((entry) => (entry ? (this.#parse(entry) ?? []) : []));
  }

  /**
   * Passes the current record (if any) to `handler` before resolving, then every change. The transport's watch
   * replaces itself when the server holding it dies (bucket-follow.ts), so that the reader (the TUI, `seqsweep
   * watch`, a coordinator) is not left waiting for a change that already happened.
   */
  async watch(sweepId: string, handler: (record: SweepRecord) => void): Promise<Subscription> {
    const key = this.#layout.sweepKey(sweepId);
    const current = await this.#kv.get(key);
    const record = current && this.#parse(current);
    // Start right after the record just read, so no change between the read and the watch is missed.
    const first = current ? current.revision + 1 : undefined;
    // Passed on before the watch opens: every later change comes after it, from the watch.
    if (record) callHandler(handler, record);
    const watch = await refreshingWatch({
      open: (revision) => this.#open({ key, ...((revision ?? first) !== undefined ? { resumeFromRevision: revision ?? first } : {}) }),
      onEntry: (entry) => {
        const changed = this.#parse(entry);
        if (changed) callHandler(handler, changed);
      },
      onError: (error) => this.#reports.report(this.#subject(key), error),
      ...(this.#refreshMs !== undefined ? { refreshMs: this.#refreshMs } : {}),
    });
    return { unsubscribe: () => watch.stop() };
  }

  #subject(key: string): string {
    return `$KV.${this.#layout.sweepsBucket}.${key}`;
  }

  /** Parses a record and checks that it sits under its own sweep's key. */
  #parse(entry: BucketEntry): SweepRecord | undefined {
    if (entry.operation !== 'PUT') return undefined;
    const subject = this.#subject(entry.key);
    const record = this.#reports.parse(SweepRecord, subject, entry.value);
    if (!record || this.#layout.sweepKey(record.sweepId) === entry.key) return record;
    this.#reports.report(subject, new InvalidMessageError(subject, `sweepId "${record.sweepId}" does not match the key`));
    return undefined;
  }
}
