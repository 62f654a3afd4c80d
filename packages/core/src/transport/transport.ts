/**
 * The Transport interface: how coordinator, workers and the TUI talk. It leaks no client type, so the in-memory
 * implementation (the embedded default) and the NATS JetStream one are interchangeable and pass one conformance
 * suite. Every value handed to a caller has been parsed against its schema in ../messages.ts; a message that
 * fails is reported once through `onInvalid` and dropped. Every value sent is checked against its schema first,
 * and one that fails throws `InvalidMessageError` (a bug in the caller).
 */
import type { TrialAssignment, TrialProgress, TrialResult, WorkerHeartbeat, SweepRecord } from '../messages.js';
import type { ObjectReadLimits, ObjectStoreChoice } from './object-limits.js';

/** A trial held by one worker until it acks, naks or terms it, or the lease (`ackWaitMs`) runs out. */
/** What {@link Transport.pullTrial} pulls. */
export interface PullOptions {
  /** Only trials of this sweep. @default any running sweep */
  readonly sweepId?: string;
  /** Stops the pull: it then resolves null. */
  readonly signal?: AbortSignal;
  /**
   * Pull only from sweeps whose record this accepts (a worker that runs no code skips sweeps that ship modules).
   * A sweep it refuses is not pulled from at all, so its trials wait for other workers and no delivery is spent.
   * @default every sweep
   */
  readonly accept?: (record: SweepRecord) => boolean;
}

export interface TrialLease {
  /** The trial to train, parsed against its schema. */
  readonly assignment: TrialAssignment;
  /** 1 on first delivery, 2 on the first redelivery, and so on. */
  readonly deliveryCount: number;
  /**
   * Done: the trial will not be delivered again. As with JetStream, an ack still completes the trial after the
   * lease ran out, even when it was redelivered meanwhile.
   */
  ack(): Promise<void>;
  /** Give the trial back, to be redelivered after `delayMs` (default 0). No effect once the lease ran out. */
  nak(delayMs?: number): Promise<void>;
  /** Extend the lease by another `ackWaitMs`. No effect once the lease ran out. */
  working(): Promise<void>;
  /**
   * Stop redelivering the trial for good. No delivery-exhausted event follows. `reason` is for the server's log;
   * servers before 2.10 ignore a term that carries one, so the NATS transport only sends it to 2.10 and later.
   */
  term(reason?: string): Promise<void>;
}

/** A subscription or watch that can be ended. */
export interface Subscription {
  /** Ends it; the handler is not called again. Calling it twice is harmless. */
  unsubscribe(): void;
}

/** Lease options, fixed when the work queue is created. */
export interface QueueOptions {
  /**
   * How long a pulled trial stays leased without `working()`.
   * @default 30000
   */
  ackWaitMs?: number;
  /**
   * Deliveries after which a trial is no longer redelivered (the coordinator records it as failed).
   * @default 3
   */
  maxDeliver?: number;
}

/** A trial that ran out of deliveries: published by the transport's advisories so the coordinator can record it. */
export interface DeliveryExhausted {
  /** The sweep of the trial. */
  readonly sweepId: string;
  /** The trial given up. */
  readonly trialId: string;
  /** Deliveries made, which is the queue's `maxDeliver`. */
  readonly deliveries: number;
}

/** Called once for each message that failed its schema; the message is dropped. */
export type InvalidMessageHandler = (subject: string, error: Error) => void;

/** Everything coordinator, workers and the TUI need from a message system. */
export interface Transport {
  /** A short name for logs and results: `memory` or `nats://host:port`, the server connected to now. */
  readonly description: string;
  /**
   * Calls `handler` with the new `description` each time the transport moves to another server (a client of a
   * cluster that fails over). Transports with one place only leave it out.
   */
  onServerChange?(handler: (description: string) => void): Subscription;

  /** Creates the streams, consumer and buckets a sweep needs (idempotent); new options apply to later leases. */
  ensureSweep(sweepId: string, options?: QueueOptions): Promise<void>;

  /**
   * Publishes a trial. A trial id seen before on this sweep, at any time in the sweep's life (also after the first
   * was acked), is dropped and reported as a duplicate.
   */
  publishTrial(assignment: TrialAssignment): Promise<{ duplicate: boolean }>;
  /**
   * Waits for the next trial of `sweepId`, or without it of any sweep whose record (see `putSweep`) says
   * `running`, taking turns between sweeps, and leases it. One trial at a time: nothing is prefetched. Resolves
   * `null` when `signal` aborts or the transport closes.
   */
  pullTrial(options?: PullOptions): Promise<TrialLease | null>;
  /**
   * Trials whose deliveries ran out (the lease of the last delivery expired or was nak'ed), as they happen; one
   * subscriber per sweep (the coordinator). Over NATS the server notices when a worker next asks for a trial.
   * Events that happen while nobody subscribes are not replayed.
   */
  onDeliveryExhausted(sweepId: string, handler: (event: DeliveryExhausted) => void): Subscription;

  /** Publishes a result; a result with a trial id already stored for the sweep is dropped as a duplicate. */
  publishResult(result: TrialResult): Promise<{ duplicate: boolean }>;
  /**
   * Every stored result of a sweep in publish order, then new ones as they come, until unsubscribed. Resolves once
   * every result stored at the time of the call has been passed to `handler`.
   */
  subscribeResults(sweepId: string, handler: (result: TrialResult) => void): Promise<Subscription>;
  /** Every stored result of a sweep, in publish order, then returns. */
  readResults(sweepId: string): Promise<TrialResult[]>;
  /**
   * Trials of the sweep still in its work queue, waiting or leased. A worker publishes a trial's result before it
   * acks, so a trial that is neither queued nor has a result was given up while no coordinator listened.
   */
  queuedTrials(sweepId: string): Promise<number>;
  /**
   * Removes every trial of the sweep still in its work queue, waiting or leased. The coordinator calls it once the
   * sweep is finished: what is left then already has a result (a worker died between publishing its result and
   * acking), and no worker pulls from a finished sweep, so it would stay there for good. Ids stay published: a
   * repeated publish is still a duplicate. A worker still holding one of them finds its ack and nak have no effect.
   */
  clearTrials(sweepId: string): Promise<void>;
  /**
   * Removes what is stored for a trial's result, so that a result can be stored for it again. Results are first
   * come per trial, so a message stored first that is no valid result of the plan (forged or garbled) would keep
   * every real result out and the trial would be waited for forever. The coordinator calls it only for such a
   * trial, while no worker holds it, and then records the trial itself.
   */
  clearResult(sweepId: string, trialId: string): Promise<void>;

  /** Publishes live progress (not stored: only current subscribers see it). */
  publishProgress(progress: TrialProgress): Promise<void>;
  /** Live progress of a sweep's trials. */
  subscribeProgress(sweepId: string, handler: (progress: TrialProgress) => void): Subscription;

  /** Publishes a worker heartbeat (not stored). */
  publishHeartbeat(heartbeat: WorkerHeartbeat): Promise<void>;
  /** Heartbeats of every worker. */
  subscribeHeartbeats(handler: (heartbeat: WorkerHeartbeat) => void): Subscription;

  /** The sweep's record, or `null` if there is none. */
  getSweep(sweepId: string): Promise<SweepRecord | null>;
  /** Stores (replaces) the sweep's record. */
  putSweep(record: SweepRecord): Promise<void>;
  /** Every sweep record. */
  listSweeps(): Promise<SweepRecord[]>;
  /**
   * Calls `handler` with the sweep's current record (if any) before resolving, then with every change until
   * unsubscribed.
   */
  watchSweep(sweepId: string, handler: (record: SweepRecord) => void): Promise<Subscription>;

  /** Stores a file by name in the `data` store (or the one `options` names); returns its SHA-256 digest (hex). */
  putObject(name: string, data: Uint8Array, options?: ObjectStoreChoice): Promise<{ digest: string }>;
  /**
   * Fetches a data file, checking its digest; a mismatch is retried once and then thrown as a `DataError`
   * (`DATA_CORRUPT`). A missing file throws a `DataError` (`DATA_NOT_FOUND`). An object over the size limit, a
   * link, one with missing chunks or one not read within the deadline throws a `DataError` (`DATA_REFUSED`), and
   * nothing is created on its behalf. `options` name the store (`data` by default) and override the transport's
   * own limits (see {@link ObjectReadLimits}).
   */
  getObject(name: string, digest: string, options?: ObjectReadLimits & ObjectStoreChoice): Promise<Uint8Array>;

  /**
   * Removes a file from the `data` store (or the one `options` names); a name with no file is no error. The
   * coordinator deletes the training checkpoints of halted points from the `models` store when their stage ends.
   */
  deleteObject(name: string, options?: ObjectStoreChoice): Promise<void>;

  /** Reports messages that fail their schema. Until a handler is added they are written to stderr. */
  onInvalid(handler: InvalidMessageHandler): void;

  /** Ends pending pulls (they resolve `null`) and subscriptions; leases still held run out on the server. */
  close(): Promise<void>;
}
