/**
 * The shared state behind in-memory transports: what a nats-server is to NATS connections. Several
 * {@link MemoryTransport}s on one broker see one set of queues, results, records and objects, as processes on one
 * server do. The broker holds raw bytes only; every transport parses what it reads, as over NATS.
 */
import type { DeliveryExhausted } from '../transport.js';
import type { ObjectStoreName } from '../object-limits.js';
import { resolveQueueOptions, type ResolvedQueueOptions } from '../queue-options.js';
import { idToken } from '../subject-token.js';
import { MemoryBus } from './memory-bus.js';
import { MemoryWorkQueue, type MemoryDelivery } from './memory-queue.js';

/** The subject prefix of the in-memory transport, used in subjects that `onInvalid` reports. */
export const MEMORY_PREFIX = 'seqsweep';

/** In-memory subjects, laid out as over NATS with the default prefix. */
export const memorySubjects = {
  /** Trials of a sweep. */
  trials: (sweepId: string) => `${MEMORY_PREFIX}.trials.${idToken(sweepId)}`,
  /** One trial's result. */
  result: (sweepId: string, trialId: string) => `${MEMORY_PREFIX}.results.${idToken(sweepId)}.${idToken(trialId)}`,
  /** One trial's progress. */
  progress: (sweepId: string, trialId: string) => `${MEMORY_PREFIX}.progress.${idToken(sweepId)}.${idToken(trialId)}`,
  /** Every trial's progress in a sweep. */
  progressOf: (sweepId: string) => `${MEMORY_PREFIX}.progress.${idToken(sweepId)}.*`,
  /** Heartbeats. */
  workers: `${MEMORY_PREFIX}.workers`,
  /** A sweep record's changes. */
  record: (sweepId: string) => `${MEMORY_PREFIX}.sweeps.${idToken(sweepId)}`,
};

interface ResultLog {
  readonly entries: { readonly subject: string; readonly data: Uint8Array }[];
  readonly subjects: Set<string>;
}

interface Waiter {
  readonly sweepId: string | undefined;
  /** Takes only from sweeps this accepts. @default every sweep */
  readonly accept: ((sweepId: string) => boolean) | undefined;
  resolve(delivery: MemoryDelivery | null): void;
}

/** Shared in-process state for {@link MemoryTransport}s. */
export class MemoryBroker {
  /** Progress, heartbeats, result appends and record changes. */
  readonly bus = new MemoryBus();
  readonly #queues = new Map<string, MemoryWorkQueue>();
  readonly #results = new Map<string, ResultLog>();
  readonly #records = new Map<string, { data: Uint8Array; running: boolean }>();
  readonly #objects = new Map<string, Uint8Array>();
  readonly #waiters: Waiter[] = [];
  readonly #exhaustion = new Set<{ sweepId: string; listener: (event: DeliveryExhausted) => void }>();
  #rotation = 0;
  #disposed = false;

  /** Creates the sweep's queue, or gives an existing one new lease options. */
  ensureQueue(sweepId: string, options?: ResolvedQueueOptions): MemoryWorkQueue {
    let queue = this.#queues.get(sweepId);
    if (queue) {
      if (options) queue.configure(options);
      return queue;
    }
    queue = new MemoryWorkQueue(sweepId, options ?? resolveQueueOptions(), {
      ready: () => this.#dispatch(),
      exhausted: (event) => {
        for (const e of [...this.#exhaustion]) if (e.sweepId === event.sweepId) e.listener(event);
      },
    });
    this.#queues.set(sweepId, queue);
    return queue;
  }

  /** The sweep's queue, if it has one. */
  queue(sweepId: string): MemoryWorkQueue | undefined {
    return this.#queues.get(sweepId);
  }

  /**
   * The next trial of `sweepId`, or of any sweep whose record says running, leased to the caller; `null` once
   * `signal` aborts or the broker is disposed.
   */
  pull(sweepId: string | undefined, signal: AbortSignal, accept?: (sweepId: string) => boolean): Promise<MemoryDelivery | null> {
    if (signal.aborted || this.#disposed) return Promise.resolve(null);
    const ready = this.#take(sweepId, accept);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        resolve(null);
      };
      const waiter: Waiter = {
        sweepId,
        accept,
        resolve: (delivery) => {
          signal.removeEventListener('abort', onAbort);
          resolve(delivery);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Listens for trials of `sweepId` that ran out of deliveries; returns the function that stops it. */
  onExhausted(sweepId: string, listener: (event: DeliveryExhausted) => void): () => void {
    const entry = { sweepId, listener };
    this.#exhaustion.add(entry);
    return () => this.#exhaustion.delete(entry);
  }

  /** Appends a result unless one is stored on its subject already. */
  appendResult(sweepId: string, subject: string, data: Uint8Array): { duplicate: boolean } {
    let log = this.#results.get(sweepId);
    if (!log) this.#results.set(sweepId, (log = { entries: [], subjects: new Set() }));
    if (log.subjects.has(subject)) return { duplicate: true };
    log.subjects.add(subject);
    log.entries.push({ subject, data });
    this.bus.publish(subject, data);
    return { duplicate: false };
  }

  /** Removes the result stored on `subject`, if any. */
  removeResult(sweepId: string, subject: string): void {
    const log = this.#results.get(sweepId);
    if (!log?.subjects.delete(subject)) return;
    log.entries.splice(log.entries.findIndex((e) => e.subject === subject), 1);
  }

  /** Stored results of a sweep, in append order. */
  results(sweepId: string): readonly { readonly subject: string; readonly data: Uint8Array }[] {
    return [...(this.#results.get(sweepId)?.entries ?? [])];
  }

  /** The stored record of a sweep, as bytes. */
  getRecord(sweepId: string): Uint8Array | undefined {
    return this.#records.get(sweepId)?.data;
  }

  /** Stores a sweep record; `running` (its status) decides whether pulls from any sweep serve this one. */
  putRecord(sweepId: string, data: Uint8Array, running: boolean): void {
    this.#records.set(sweepId, { data, running });
    this.bus.publish(memorySubjects.record(sweepId), data);
    this.#dispatch();
  }

  /** Every stored record, as bytes. */
  records(): { sweepId: string; data: Uint8Array }[] {
    return [...this.#records].map(([sweepId, r]) => ({ sweepId, data: r.data }));
  }

  /** Stores a copy of a file in one of the object stores (each its own namespace, as on a server). */
  putObject(store: ObjectStoreName, name: string, data: Uint8Array): void {
    this.#objects.set(`${store}/${name}`, Uint8Array.from(data));
  }

  /** Removes a stored file, if there is one. */
  deleteObject(store: ObjectStoreName, name: string): void {
    this.#objects.delete(`${store}/${name}`);
  }

  /** A copy of a stored file. */
  getObject(store: ObjectStoreName, name: string): Uint8Array | undefined {
    const data = this.#objects.get(`${store}/${name}`);
    return data && Uint8Array.from(data);
  }

  /**
   * Publishes raw bytes on an in-memory subject, as a foreign client could on a NATS server: `seqsweep.trials.<s>`,
   * `seqsweep.results.<s>.<t>`, `seqsweep.progress.<s>.<t>` or `seqsweep.workers`. Tests use it to feed garbage.
   */
  publishRaw(subject: string, data: Uint8Array): void {
    const [prefix, kind, sweep] = subject.split('.');
    if (prefix !== MEMORY_PREFIX) throw new RangeError(`${subject} is not a ${MEMORY_PREFIX}.* subject`);
    const sweepId = sweep?.replaceAll('=', '.');
    if (kind === 'trials' && sweepId) this.ensureQueue(sweepId).publish(undefined, data);
    else if (kind === 'results' && sweepId) this.appendResult(sweepId, subject, data);
    else this.bus.publish(subject, data);
  }

  /** Ends every pending pull and stops every timer. */
  dispose(): void {
    this.#disposed = true;
    for (const w of this.#waiters.splice(0)) w.resolve(null);
    for (const q of this.#queues.values()) q.dispose();
  }

  #take(sweepId: string | undefined, accept?: (sweepId: string) => boolean): MemoryDelivery | undefined {
    if (sweepId !== undefined) return accept && !accept(sweepId) ? undefined : this.#queues.get(sweepId)?.take();
    const candidates = [...this.#queues.values()].filter((q) => q.hasReady() && this.#records.get(q.sweepId)?.running && (!accept || accept(q.sweepId)));
    if (candidates.length === 0) return undefined;
    return candidates[this.#rotation++ % candidates.length]!.take();
  }

  /** Hands ready messages to waiting pullers, first come first served. */
  #dispatch(): void {
    for (const waiter of [...this.#waiters]) {
      const delivery = this.#take(waiter.sweepId, waiter.accept);
      if (!delivery) continue;
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(delivery);
    }
  }
}
