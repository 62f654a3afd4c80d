/**
 * The in-memory transport: the embedded default. It has the semantics of the NATS one (leases, redelivery,
 * lifetime dedup, replay-then-live results) and still encodes every message and parses it where it is read, so
 * both validate identically.
 */
import type { z } from 'zod';
import { InvalidMessageError } from '../../errors.js';
import { SweepRecord, TrialAssignment, TrialProgress, TrialResult, WorkerHeartbeat } from '../../messages.js';
import type { PullOptions, DeliveryExhausted, InvalidMessageHandler, QueueOptions, Subscription, Transport, TrialLease } from '../transport.js';
import { resolveQueueOptions } from '../queue-options.js';
import { callHandler, InvalidReports } from '../invalid-reports.js';
import { encodeChecked } from '../encode-checked.js';
import { loadVerified } from '../object-digest.js';
import { linkAbort } from '../abort-link.js';
import { sha256Hex } from '../sha256.js';
import { resolveObjectLimits, type ObjectReadLimits, type ObjectStoreChoice } from '../object-limits.js';
import { idToken } from '../subject-token.js';
import { MemoryBroker, memorySubjects, MEMORY_PREFIX } from './memory-broker.js';
import type { MemoryDelivery } from './memory-queue.js';

/** Options of a {@link MemoryTransport}. */
export interface MemoryTransportOptions {
  /**
   * The broker to share with other transports, as processes share a server.
   * @default a broker of its own, disposed by `close()`
   */
  broker?: MemoryBroker;
  /**
   * Receives messages that fail their schema (more can be added with `onInvalid`).
   * @default each is written to stderr until a handler is added
   */
  onInvalid?: InvalidMessageHandler;
  /**
   * Bounds on reading an object, as on a real server.
   * @default DEFAULT_MAX_OBJECT_BYTES and DEFAULT_OBJECT_TIMEOUT_MS
   */
  objectLimits?: ObjectReadLimits;
}

class MemoryLease implements TrialLease {
  readonly assignment: TrialAssignment;
  readonly deliveryCount: number;
  readonly #broker: MemoryBroker;
  readonly #delivery: MemoryDelivery;

  constructor(broker: MemoryBroker, delivery: MemoryDelivery, assignment: TrialAssignment) {
    this.#broker = broker;
    this.#delivery = delivery;
    this.assignment = assignment;
    this.deliveryCount = delivery.delivery;
  }

  async ack(): Promise<void> {
    this.#broker.queue(this.#delivery.sweepId)?.remove(this.#delivery.seq);
  }

  async nak(delayMs = 0): Promise<void> {
    this.#broker.queue(this.#delivery.sweepId)?.nak(this.#delivery.seq, this.#delivery.delivery, delayMs);
  }

  async working(): Promise<void> {
    this.#broker.queue(this.#delivery.sweepId)?.working(this.#delivery.seq, this.#delivery.delivery);
  }

  async term(): Promise<void> {
    this.#broker.queue(this.#delivery.sweepId)?.remove(this.#delivery.seq);
  }
}

/** A {@link Transport} inside one process; transports on one {@link MemoryBroker} see the same sweeps. */
export class MemoryTransport implements Transport {
  readonly description = 'memory';
  /** The shared state this transport reads and writes. */
  readonly broker: MemoryBroker;
  readonly #ownsBroker: boolean;
  readonly #objectLimits: ObjectReadLimits | undefined;
  readonly #reports = new InvalidReports();
  readonly #closing = new AbortController();
  readonly #subscriptions = new Set<() => void>();

  constructor(options: MemoryTransportOptions = {}) {
    this.broker = options.broker ?? new MemoryBroker();
    this.#ownsBroker = options.broker === undefined;
    if (options.onInvalid) this.#reports.add(options.onInvalid);
    this.#objectLimits = options.objectLimits;
  }

  async ensureSweep(sweepId: string, options?: QueueOptions): Promise<void> {
    this.#assertOpen();
    this.broker.ensureQueue(sweepId, resolveQueueOptions(options));
  }

  async publishTrial(assignment: TrialAssignment): Promise<{ duplicate: boolean }> {
    this.#assertOpen();
    const { value, data } = encodeChecked(TrialAssignment, memorySubjects.trials(assignment.sweepId), assignment);
    return this.broker.ensureQueue(value.sweepId).publish(value.trialId, data);
  }

  async pullTrial(options: PullOptions = {}): Promise<TrialLease | null> {
    const link = linkAbort(options.signal, this.#closing.signal);
    const { accept } = options;
    const acceptSweep = accept && ((sweepId: string): boolean => {
      const data = this.broker.getRecord(sweepId);
      const record = data && this.#parseFor(SweepRecord, memorySubjects.record(sweepId), data, sweepId);
      return !record || accept(record);
    });
    try {
      for (;;) {
        const delivery = await this.broker.pull(options.sweepId, link.signal, acceptSweep);
        if (!delivery) return null;
        const subject = memorySubjects.trials(delivery.sweepId);
        const assignment = this.#parseFor(TrialAssignment, subject, delivery.data, delivery.sweepId);
        if (assignment) return new MemoryLease(this.broker, delivery, assignment);
        // Never redeliver a message that can never be valid.
        this.broker.queue(delivery.sweepId)?.remove(delivery.seq);
      }
    } finally {
      link.release();
    }
  }

  onDeliveryExhausted(sweepId: string, handler: (event: DeliveryExhausted) => void): Subscription {
    let active = true;
    const off = this.broker.onExhausted(sweepId, (event) => queueMicrotask(() => active && callHandler(handler, event)));
    return this.#track(() => {
      active = false;
      off();
    });
  }

  async publishResult(result: TrialResult): Promise<{ duplicate: boolean }> {
    this.#assertOpen();
    const subject = memorySubjects.result(result.sweepId, result.trialId);
    const { value, data } = encodeChecked(TrialResult, subject, result);
    return this.broker.appendResult(value.sweepId, subject, data);
  }

  async subscribeResults(sweepId: string, handler: (result: TrialResult) => void): Promise<Subscription> {
    this.#assertOpen();
    // Each stored message once, by identity rather than trial id: a subject cleared and stored again (the
    // coordinator replacing a forged result) delivers its new message.
    const seen = new WeakSet<Uint8Array>();
    const deliver = (subject: string, data: Uint8Array): void => {
      if (seen.has(data)) return;
      seen.add(data);
      const result = this.#parseFor(TrialResult, subject, data, sweepId);
      if (result) callHandler(handler, result);
    };
    const stored = this.broker.results(sweepId);
    const sub = this.#listen(`${MEMORY_PREFIX}.results.${idToken(sweepId)}.*`, deliver);
    for (const r of stored) deliver(r.subject, r.data);
    return sub;
  }

  async queuedTrials(sweepId: string): Promise<number> {
    return this.broker.queue(sweepId)?.size ?? 0;
  }

  async clearTrials(sweepId: string): Promise<void> {
    this.#assertOpen();
    this.broker.queue(sweepId)?.clear();
  }

  async clearResult(sweepId: string, trialId: string): Promise<void> {
    this.#assertOpen();
    this.broker.removeResult(sweepId, memorySubjects.result(sweepId, trialId));
  }

  async readResults(sweepId: string): Promise<TrialResult[]> {
    this.#assertOpen();
    const seen = new Set<string>();
    const results: TrialResult[] = [];
    for (const r of this.broker.results(sweepId)) {
      const result = this.#parseFor(TrialResult, r.subject, r.data, sweepId);
      if (!result || seen.has(result.trialId)) continue;
      seen.add(result.trialId);
      results.push(result);
    }
    return results;
  }

  async publishProgress(progress: TrialProgress): Promise<void> {
    this.#assertOpen();
    const subject = memorySubjects.progress(progress.sweepId, progress.trialId);
    this.broker.bus.publish(subject, encodeChecked(TrialProgress, subject, progress).data);
  }

  subscribeProgress(sweepId: string, handler: (progress: TrialProgress) => void): Subscription {
    return this.#listen(memorySubjects.progressOf(sweepId), (subject, data) => {
      const progress = this.#parseFor(TrialProgress, subject, data, sweepId);
      if (progress) callHandler(handler, progress);
    });
  }

  async publishHeartbeat(heartbeat: WorkerHeartbeat): Promise<void> {
    this.#assertOpen();
    this.broker.bus.publish(memorySubjects.workers, encodeChecked(WorkerHeartbeat, memorySubjects.workers, heartbeat).data);
  }

  subscribeHeartbeats(handler: (heartbeat: WorkerHeartbeat) => void): Subscription {
    return this.#listen(memorySubjects.workers, (subject, data) => {
      const heartbeat = this.#reports.parse(WorkerHeartbeat, subject, data);
      if (heartbeat) callHandler(handler, heartbeat);
    });
  }

  async getSweep(sweepId: string): Promise<SweepRecord | null> {
    this.#assertOpen();
    const data = this.broker.getRecord(sweepId);
    return (data && this.#parseFor(SweepRecord, memorySubjects.record(sweepId), data, sweepId)) ?? null;
  }

  async putSweep(record: SweepRecord): Promise<void> {
    this.#assertOpen();
    const { value, data } = encodeChecked(SweepRecord, memorySubjects.record(record.sweepId), record);
    this.broker.putRecord(value.sweepId, data, value.status === 'running');
  }

  async listSweeps(): Promise<SweepRecord[]> {
    this.#assertOpen();
    return this.broker
      .records()
      .map((r) => this.#parseFor(SweepRecord, memorySubjects.record(r.sweepId), r.data, r.sweepId))
      .filter((r): r is SweepRecord => r !== undefined);
  }

  async watchSweep(sweepId: string, handler: (record: SweepRecord) => void): Promise<Subscription> {
    this.#assertOpen();
    const deliver = (subject: string, data: Uint8Array): void => {
      const record = this.#parseFor(SweepRecord, subject, data, sweepId);
      if (record) callHandler(handler, record);
    };
    const current = this.broker.getRecord(sweepId);
    const sub = this.#listen(memorySubjects.record(sweepId), deliver);
    if (current) deliver(memorySubjects.record(sweepId), current);
    return sub;
  }

  async putObject(name: string, data: Uint8Array, options?: ObjectStoreChoice): Promise<{ digest: string }> {
    this.#assertOpen();
    this.broker.putObject(options?.store ?? 'data', name, data);
    return { digest: sha256Hex(data) };
  }

  async getObject(name: string, digest: string, limits?: ObjectReadLimits & ObjectStoreChoice): Promise<Uint8Array> {
    this.#assertOpen();
    return loadVerified(name, digest, 'the in-memory transport', async () => this.broker.getObject(limits?.store ?? 'data', name) ?? null, resolveObjectLimits(limits, this.#objectLimits));
  }

  async deleteObject(name: string, options?: ObjectStoreChoice): Promise<void> {
    this.#assertOpen();
    this.broker.deleteObject(options?.store ?? 'data', name);
  }

  onInvalid(handler: InvalidMessageHandler): void {
    this.#reports.add(handler);
  }

  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    for (const off of [...this.#subscriptions]) off();
    if (this.#ownsBroker) this.broker.dispose();
  }

  #assertOpen(): void {
    if (this.#closing.signal.aborted) throw new Error('the in-memory transport is closed');
  }

  /** Parses a message and checks that it belongs to the sweep its subject names. */
  #parseFor<S extends z.ZodType<{ sweepId: string }>>(schema: S, subject: string, data: Uint8Array, sweepId: string): z.infer<S> | undefined {
    const value = this.#reports.parse(schema, subject, data);
    if (value === undefined || value.sweepId === sweepId) return value;
    this.#reports.report(subject, new InvalidMessageError(subject, `sweepId "${value.sweepId}" does not match the subject`));
    return undefined;
  }

  /** Subscribes to a bus subject; handlers run on a later microtask, in order, and never after unsubscribe. */
  #listen(pattern: string, deliver: (subject: string, data: Uint8Array) => void): Subscription {
    let active = true;
    const off = this.broker.bus.subscribe(pattern, (subject, data) => queueMicrotask(() => active && deliver(subject, data)));
    return this.#track(() => {
      active = false;
      off();
    });
  }

  #track(off: () => void): Subscription {
    const once = (): void => {
      this.#subscriptions.delete(once);
      off();
    };
    this.#subscriptions.add(once);
    return { unsubscribe: once };
  }
}
