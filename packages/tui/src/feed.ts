/**
 * What the TUI reads from a sweep: the read side of core's `Transport`. Any `Transport` satisfies it, so the app
 * attaches to the in-memory transport of `seqsweep run` and to NATS for `seqsweep watch` alike, and it can never
 * publish, lease or ack anything: watching a sweep cannot disturb it.
 */
import type { SweepRecord, TrialProgress, TrialResult, WorkerHeartbeat } from '@seqsweep/core';

/** A subscription that can be ended (the shape of core's `Subscription`). */
export interface FeedSubscription {
  unsubscribe(): void;
}

/** The methods of core's `Transport` that the TUI uses, with the same signatures. */
export interface SweepFeed {
  /** A short name of the server, for messages: `memory` or `nats://host:port`, the one connected to now. */
  readonly description: string;
  /** Calls `handler` with the new `description` when the feed moves to another server of a cluster. */
  onServerChange?(handler: (description: string) => void): FeedSubscription;
  /** Every stored result of a sweep in publish order, then new ones as they come. */
  subscribeResults(sweepId: string, handler: (result: TrialResult) => void): Promise<FeedSubscription>;
  /** Every stored result of a sweep, in publish order, then returns. */
  readResults(sweepId: string): Promise<TrialResult[]>;
  subscribeProgress(sweepId: string, handler: (progress: TrialProgress) => void): FeedSubscription;
  subscribeHeartbeats(handler: (heartbeat: WorkerHeartbeat) => void): FeedSubscription;
  getSweep(sweepId: string): Promise<SweepRecord | null>;
  listSweeps(): Promise<SweepRecord[]>;
  watchSweep(sweepId: string, handler: (record: SweepRecord) => void): Promise<FeedSubscription>;
}

/** One thing that happened, as the state model folds it. */
export type FeedEvent =
  | { readonly kind: 'record'; readonly record: SweepRecord }
  | { readonly kind: 'result'; readonly result: TrialResult }
  | { readonly kind: 'progress'; readonly progress: TrialProgress }
  | { readonly kind: 'heartbeat'; readonly heartbeat: WorkerHeartbeat }
  /** The server the feed reads from (`nats://host:port`), first when it attaches and then after each fail-over. */
  | { readonly kind: 'server'; readonly server: string }
  /** Only moves the clock (elapsed time, heartbeat ages). */
  | { readonly kind: 'tick' };

/** A feed event stamped with the local time (ms since the epoch) it arrived at. */
export type TimedEvent = FeedEvent & { readonly at: number };
