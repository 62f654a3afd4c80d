/**
 * One sweep's work queue inside the process, with the semantics of a JetStream work-queue stream and its durable
 * pull consumer: leases that run out after `ackWaitMs`, `working()` that renews them, naks with a delay,
 * redelivery ahead of new trials, and a trial given up once its last delivery's lease expires or is nak'ed.
 */
import type { DeliveryExhausted } from '../transport.js';
import type { ResolvedQueueOptions } from '../queue-options.js';

interface Entry {
  readonly seq: number;
  readonly data: Uint8Array;
  /** Known for trials published through a transport; a raw message has none. */
  readonly trialId: string | undefined;
  /** Deliveries so far; the current one while leased. */
  deliveries: number;
  state: 'ready' | 'leased' | 'delayed' | 'done';
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A message handed to one puller, until it acks, naks or terms it or the lease runs out. */
export interface MemoryDelivery {
  readonly sweepId: string;
  readonly seq: number;
  /** 1 on the first delivery. Lease operations name it, so one on an older delivery cannot renew a newer one. */
  readonly delivery: number;
  readonly data: Uint8Array;
}

/** What a queue tells its broker. */
export interface QueueEvents {
  /** A message became ready to deliver. */
  ready(): void;
  /** A trial ran out of deliveries and was dropped. */
  exhausted(event: DeliveryExhausted): void;
}

/** The work queue of one sweep. */
export class MemoryWorkQueue {
  readonly sweepId: string;
  #options: ResolvedQueueOptions;
  readonly #events: QueueEvents;
  /** Every trial id ever published here: dedup holds for the life of the sweep, after acks too. */
  readonly #published = new Set<string>();
  readonly #entries = new Map<number, Entry>();
  /** Redeliveries go out before new messages, as JetStream does. */
  readonly #redeliver: Entry[] = [];
  readonly #fresh: Entry[] = [];
  #nextSeq = 1;

  /** Trials waiting or leased. */
  get size(): number {
    return this.#entries.size;
  }

  constructor(sweepId: string, options: ResolvedQueueOptions, events: QueueEvents) {
    this.sweepId = sweepId;
    this.#options = options;
    this.#events = events;
  }

  /** New lease options apply to deliveries from now on. */
  configure(options: ResolvedQueueOptions): void {
    this.#options = options;
  }

  /** Queues a message; a trial id published before on this sweep is a duplicate and dropped. */
  publish(trialId: string | undefined, data: Uint8Array): { duplicate: boolean } {
    if (trialId !== undefined) {
      if (this.#published.has(trialId)) return { duplicate: true };
      this.#published.add(trialId);
    }
    const entry: Entry = { seq: this.#nextSeq++, data, trialId, deliveries: 0, state: 'ready', timer: undefined };
    this.#entries.set(entry.seq, entry);
    this.#fresh.push(entry);
    this.#events.ready();
    return { duplicate: false };
  }

  /** True when a message waits for a puller. */
  hasReady(): boolean {
    return this.#redeliver.length > 0 || this.#fresh.length > 0;
  }

  /** Leases the next ready message, if any. */
  take(): MemoryDelivery | undefined {
    const entry = this.#redeliver.shift() ?? this.#fresh.shift();
    if (!entry) return undefined;
    entry.deliveries++;
    entry.state = 'leased';
    this.#startLease(entry);
    return { sweepId: this.sweepId, seq: entry.seq, delivery: entry.deliveries, data: entry.data };
  }

  /** Ack or term: the message is gone. Like JetStream, this works from any delivery of it. */
  remove(seq: number): void {
    const entry = this.#entries.get(seq);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.state = 'done';
    this.#entries.delete(seq);
    for (const list of [this.#redeliver, this.#fresh]) {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
    }
  }

  /** Hands a leased message back, to be redelivered after `delayMs`. */
  nak(seq: number, delivery: number, delayMs: number): void {
    const entry = this.#current(seq, delivery);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (delayMs <= 0) {
      this.#release(entry);
      return;
    }
    entry.state = 'delayed';
    entry.timer = setTimeout(() => this.#release(entry), delayMs);
  }

  /** Renews the lease for another `ackWaitMs`. */
  working(seq: number, delivery: number): void {
    const entry = this.#current(seq, delivery);
    if (entry) this.#startLease(entry);
  }

  /** Removes every message, waiting or leased; the ids stay published. */
  clear(): void {
    for (const seq of [...this.#entries.keys()]) this.remove(seq);
  }

  /** Stops every timer; the queue is unusable afterwards. */
  dispose(): void {
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    this.#entries.clear();
    this.#redeliver.length = 0;
    this.#fresh.length = 0;
  }

  #current(seq: number, delivery: number): Entry | undefined {
    const entry = this.#entries.get(seq);
    return entry && entry.state === 'leased' && entry.deliveries === delivery ? entry : undefined;
  }

  #startLease(entry: Entry): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.#release(entry), this.#options.ackWaitMs);
  }

  /** The lease ended without an ack: redeliver, or give the trial up when its deliveries ran out. */
  #release(entry: Entry): void {
    if (entry.state === 'done') return;
    entry.timer = undefined;
    if (entry.deliveries >= this.#options.maxDeliver) {
      this.remove(entry.seq);
      if (entry.trialId !== undefined) this.#events.exhausted({ sweepId: this.sweepId, trialId: entry.trialId, deliveries: entry.deliveries });
      return;
    }
    entry.state = 'ready';
    this.#redeliver.push(entry);
    this.#events.ready();
  }
}
