/**
 * Which sweeps are running, kept live from the sweeps bucket, so a worker that serves every sweep knows which
 * consumers to pull from and wakes as soon as a sweep starts. The bucket's watch is replaced now and then
 * (`refreshMs`, see refreshing-watch.ts), so that a watch lost with its server on a cluster does not leave the
 * worker blind to new sweeps.
 */
import type { KV, KvEntry } from '@nats-io/kv';
import { refreshingWatch, WATCH_REFRESH_MS, type RefreshingWatch } from './refreshing-watch.js';
import { SweepRecord } from '@seqsweep/core';
import { InvalidMessageError } from '@seqsweep/core';
import type { InvalidReports } from '@seqsweep/core/internal';
import { idToken } from '@seqsweep/core/internal';

/** The running sweeps of one prefix, from a watch on its sweeps bucket. */
export class RunningSweeps {
  readonly #kv: KV;
  readonly #bucket: string;
  readonly #reports: InvalidReports;
  readonly #running = new Map<string, string>();
  /** The last record read of each running sweep, for pulls that choose sweeps by record. */
  readonly #records = new Map<string, SweepRecord>();
  /** The revision last applied per key: the watch and the first read see the same entries. */
  readonly #revisions = new Map<string, number>();
  #started: Promise<void> | undefined;
  #watch: RefreshingWatch | undefined;
  #changed: (() => void)[] = [];
  /** Checks run after every change: each aborts its pull once its sweep is no longer running. */
  readonly #leaving = new Set<() => void>();
  readonly #refreshMs: number;
  #stopped = false;

  constructor(kv: KV, bucket: string, reports: InvalidReports, options: { refreshMs?: number } = {}) {
    this.#kv = kv;
    this.#bucket = bucket;
    this.#reports = reports;
    this.#refreshMs = options.refreshMs ?? WATCH_REFRESH_MS;
  }

  /**
   * The running sweep ids, once there is at least one; `undefined` if `signal` aborts first. The first call
   * starts the watch and reads every record before it answers.
   */
  async waitForAny(signal: AbortSignal): Promise<string[] | undefined> {
    await this.#start();
    while (!signal.aborted) {
      if (this.#running.size > 0) return [...this.#running.keys()].sort();
      await this.changed(signal, Number.POSITIVE_INFINITY);
    }
    return undefined;
  }

  /** The last record read of a running sweep, if any. */
  record(sweepId: string): SweepRecord | undefined {
    return this.#records.get(sweepId);
  }

  /** Resolves on the next change of the bucket, when `signal` aborts, or after `timeoutMs`. */
  changed(signal: AbortSignal, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        const i = this.#changed.indexOf(done);
        if (i >= 0) this.#changed.splice(i, 1);
        resolve();
      };
      const timer = Number.isFinite(timeoutMs) ? setTimeout(done, timeoutMs) : undefined;
      signal.addEventListener('abort', done, { once: true });
      this.#changed.push(done);
    });
  }

  /**
   * A signal that aborts once `sweepId` stops running (it completed or failed): a pull from the queue of a sweep
   * that just finished need not wait out its expiry before the worker turns to the next sweep. It is not linked
   * to the worker's own stop on purpose (see fetchOne). Call `release()` when the pull ends.
   */
  whileRunning(sweepId: string): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    const check = (): void => {
      if (!this.#running.has(sweepId)) controller.abort();
    };
    this.#leaving.add(check);
    check();
    return {
      signal: controller.signal,
      release: () => {
        this.#leaving.delete(check);
      },
    };
  }

  /** Ends the watch. */
  stop(): void {
    this.#stopped = true;
    this.#watch?.stop();
    for (const wake of this.#changed.splice(0)) wake();
  }

  #start(): Promise<void> {
    this.#started ??= this.#begin().catch((error: unknown) => {
      this.#started = undefined;
      throw error;
    });
    return this.#started;
  }

  async #begin(): Promise<void> {
    const watch = await refreshingWatch({
      open: (revision) => this.#kv.watch(revision === undefined ? {} : { resumeFromRevision: revision }),
      onEntry: (entry) => this.#apply(entry),
      onError: (error) => this.#reports.report(`$KV.${this.#bucket}.>`, error),
      refreshMs: this.#refreshMs,
    });
    if (this.#stopped) watch.stop();
    this.#watch = watch;
    // The watch replays the bucket asynchronously: read it directly too, so the first answer is complete.
    for await (const key of await this.#kv.keys()) {
      const entry = await this.#kv.get(key);
      if (entry) this.#apply(entry);
    }
  }

  #apply(entry: KvEntry): void {
    if ((this.#revisions.get(entry.key) ?? 0) >= entry.revision) return;
    this.#revisions.set(entry.key, entry.revision);
    const subject = `$KV.${this.#bucket}.${entry.key}`;
    let record = entry.operation === 'PUT' ? this.#reports.parse(SweepRecord, subject, entry.value) : undefined;
    if (record && idToken(record.sweepId) !== entry.key) {
      // A record under another sweep's key would send workers to a queue that is not its own.
      this.#reports.report(subject, new InvalidMessageError(subject, `sweepId "${record.sweepId}" does not match the key`));
      record = undefined;
    }
    if (record?.status === 'running') {
      this.#running.set(record.sweepId, entry.key);
      this.#records.set(record.sweepId, record);
    } else {
      this.#running.forEach((key, sweepId) => {
        if (key !== entry.key) return;
        this.#running.delete(sweepId);
        this.#records.delete(sweepId);
      });
    }
    for (const wake of this.#changed.splice(0)) wake();
    for (const check of this.#leaving) check();
  }
}
