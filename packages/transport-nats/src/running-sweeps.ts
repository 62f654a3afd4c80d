/**
 * Which sweeps are running, kept live from the sweeps bucket, so a worker that serves every sweep knows which
 * consumers to pull from and wakes soon after a sweep starts. It reads the bucket's stream forward by direct gets
 * (`next_by_subj` from the last sequence seen), polling every `pollMs`: no consumer, so the worker role needs no
 * permission to create one on the coordinator's bucket (docs/security.md), and nothing to lose with a server on a
 * cluster, where a watch could fall silent.
 */
import { SweepRecord } from '@seqsweep/core';
import { InvalidMessageError } from '@seqsweep/core';
import type { InvalidReports } from '@seqsweep/core/internal';
import { idToken } from '@seqsweep/core/internal';

/** How often the bucket is read for changes. */
export const SWEEPS_POLL_MS = 500;

/** One stored message of the sweeps bucket. */
export interface SweepsBucketMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
  /** From the `KV-Operation` header: absent means a put. */
  readonly operation: 'PUT' | 'DEL' | 'PURGE';
}

/** The first message of the bucket at or after `seq`, or `null` when there is none yet. */
export type ReadNextSweepMessage = (seq: number) => Promise<SweepsBucketMessage | null>;

/** The running sweeps of one prefix, read forward from its sweeps bucket. */
export class RunningSweeps {
  readonly #readNext: ReadNextSweepMessage;
  readonly #bucket: string;
  readonly #reports: InvalidReports;
  readonly #running = new Map<string, string>();
  /** The last record read of each running sweep, for pulls that choose sweeps by record. */
  readonly #records = new Map<string, SweepRecord>();
  /** The sequence last applied per key. */
  readonly #revisions = new Map<string, number>();
  #started: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** The next sequence to read from. */
  #next = 1;
  #polling = false;
  #changed: (() => void)[] = [];
  /** Checks run after every change: each aborts its pull once its sweep is no longer running. */
  readonly #leaving = new Set<() => void>();
  readonly #pollMs: number;
  #stopped = false;

  constructor(readNext: ReadNextSweepMessage, bucket: string, reports: InvalidReports, options: { pollMs?: number } = {}) {
    this.#readNext = readNext;
    this.#bucket = bucket;
    this.#reports = reports;
    this.#pollMs = options.pollMs ?? SWEEPS_POLL_MS;
  }

  /**
   * The running sweep ids, once there is at least one; `undefined` if `signal` aborts first. The first call
   * reads every record before it answers, and starts polling.
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

  /** Ends the polling. */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
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
    // A failed read (the server away for a moment, a cluster still placing the bucket) is reported, as a watch's
    // error was, and tried again on the next tick: the pull loop waits for a running sweep meanwhile.
    const read = (): Promise<void> => this.#poll().catch((error: unknown) => {
      this.#reports.report(`$KV.${this.#bucket}.>`, error instanceof Error ? error : new Error(String(error)));
    });
    await read();
    if (this.#stopped) return;
    this.#timer = setInterval(() => void read(), this.#pollMs);
    this.#timer.unref();
  }

  /** Applies every message stored since the last read, in order. */
  async #poll(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      for (let m = await this.#readNext(this.#next); m && !this.#stopped; m = await this.#readNext(this.#next)) {
        this.#next = m.seq + 1;
        this.#apply(m);
      }
    } finally {
      this.#polling = false;
    }
  }

  #apply(m: SweepsBucketMessage): void {
    const key = m.subject.slice(`$KV.${this.#bucket}.`.length);
    if ((this.#revisions.get(key) ?? 0) >= m.seq) return;
    this.#revisions.set(key, m.seq);
    const subject = m.subject;
    let record = m.operation === 'PUT' ? this.#reports.parse(SweepRecord, subject, m.data) : undefined;
    if (record && idToken(record.sweepId) !== key) {
      // A record under another sweep's key would send workers to a queue that is not its own.
      this.#reports.report(subject, new InvalidMessageError(subject, `sweepId "${record.sweepId}" does not match the key`));
      record = undefined;
    }
    if (record?.status === 'running') {
      this.#running.set(record.sweepId, key);
      this.#records.set(record.sweepId, record);
    } else {
      this.#running.forEach((k, sweepId) => {
        if (k !== key) return;
        this.#running.delete(sweepId);
        this.#records.delete(sweepId);
      });
    }
    for (const wake of this.#changed.splice(0)) wake();
    for (const check of this.#leaving) check();
  }
}
