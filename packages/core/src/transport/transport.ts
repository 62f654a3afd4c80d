/**
 * The Transport interface: how coordinator, workers and the TUI talk. It leaks no client type, so the in-memory
 * implementation (the embedded default) and the NATS JetStream one are interchangeable and pass one conformance
 * suite. Every value handed to a caller has been parsed against its schema in ../messages.ts; a message that
 * fails is reported once through `onInvalid` and dropped.
 */
import type { TrialAssignment, TrialProgress, TrialResult, WorkerHeartbeat, SweepRecord } from '../messages.js';

/** A trial held by one worker until it acks, naks or terms it, or the lease (`ackWaitMs`) runs out. */
export interface TrialLease {
  readonly assignment: TrialAssignment;
  /** 1 on first delivery, 2 on the first redelivery, and so on. */
  readonly deliveryCount: number;
  /** Done: the trial will not be delivered again. */
  ack(): Promise<void>;
  /** Give the trial back, to be redelivered after `delayMs`. */
  nak(delayMs?: number): Promise<void>;
  /** Extend the lease by another `ackWaitMs`. */
  working(): Promise<void>;
  /** Stop redelivering the trial for good. */
  term(reason?: string): Promise<void>;
}

/** A subscription or watch that can be ended. */
export interface Subscription {
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
  readonly sweepId: string;
  readonly trialId: string;
  readonly deliveries: number;
}

/** Called once for each message that failed its schema; the message is dropped. */
export type InvalidMessageHandler = (subject: string, error: Error) => void;

export interface Transport {
  /** A short name for logs and results: `memory` or `nats://host:port`. */
  readonly description: string;

  /** Creates the streams, consumer and buckets a sweep needs (idempotent). */
  ensureSweep(sweepId: string, options?: QueueOptions): Promise<void>;

  /** Publishes a trial. A trial id seen before on this sweep is dropped and reported as a duplicate. */
  publishTrial(assignment: TrialAssignment): Promise<{ duplicate: boolean }>;
  /**
   * Waits for the next trial of any sweep (or of `sweepId` when given) and leases it. Resolves `null` when
   * `signal` aborts or the transport closes.
   */
  pullTrial(options?: { sweepId?: string; signal?: AbortSignal }): Promise<TrialLease | null>;
  /** Trials whose deliveries ran out, as they happen. */
  onDeliveryExhausted(sweepId: string, handler: (event: DeliveryExhausted) => void): Subscription;

  /** Publishes a result; a result with a trial id already stored for the sweep is dropped as a duplicate. */
  publishResult(result: TrialResult): Promise<{ duplicate: boolean }>;
  /** Every stored result of a sweep in publish order, then new ones as they come, until unsubscribed. */
  subscribeResults(sweepId: string, handler: (result: TrialResult) => void): Promise<Subscription>;
  /** Every stored result of a sweep, in publish order, then returns. */
  readResults(sweepId: string): Promise<TrialResult[]>;

  publishProgress(progress: TrialProgress): Promise<void>;
  subscribeProgress(sweepId: string, handler: (progress: TrialProgress) => void): Subscription;

  publishHeartbeat(heartbeat: WorkerHeartbeat): Promise<void>;
  subscribeHeartbeats(handler: (heartbeat: WorkerHeartbeat) => void): Subscription;

  getSweep(sweepId: string): Promise<SweepRecord | null>;
  putSweep(record: SweepRecord): Promise<void>;
  listSweeps(): Promise<SweepRecord[]>;
  watchSweep(sweepId: string, handler: (record: SweepRecord) => void): Promise<Subscription>;

  /** Stores a data file by name; returns its SHA-256 digest (hex). */
  putObject(name: string, data: Uint8Array): Promise<{ digest: string }>;
  /** Fetches a data file, checking its digest; a mismatch is retried and then thrown. */
  getObject(name: string, digest: string): Promise<Uint8Array>;

  /** Reports messages that fail their schema. */
  onInvalid(handler: InvalidMessageHandler): void;

  close(): Promise<void>;
}
