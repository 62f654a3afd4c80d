/**
 * An in-process {@link SweepFeed} for the entry-point tests, with the publish side of core's Transport that the
 * tests drive. It stands in for core's MemoryTransport until core exports it; then the tests should use that.
 */
import type { SweepRecord, TrialProgress, TrialResult, WorkerHeartbeat } from '@seqsweep/core';
import type { FeedSubscription, SweepFeed } from '../src/feed.js';

type Handler<T> = (value: T) => void;

export class ListFeed implements SweepFeed {
  readonly description = 'list-feed';
  readonly #records = new Map<string, SweepRecord>();
  readonly #results = new Map<string, TrialResult[]>();
  readonly #subs = new Set<{ topic: string; handler: Handler<never> }>();

  /** Subscriptions still open. */
  get open(): number {
    return this.#subs.size;
  }

  #subscribe(topic: string, handler: Handler<never>): FeedSubscription {
    const sub = { topic, handler };
    this.#subs.add(sub);
    return { unsubscribe: () => this.#subs.delete(sub) };
  }

  #emit<T>(topic: string, value: T): void {
    for (const s of [...this.#subs]) if (s.topic === topic) (s.handler as Handler<T>)(value);
  }

  async putSweep(record: SweepRecord): Promise<void> {
    this.#records.set(record.sweepId, record);
    this.#emit(`sweep.${record.sweepId}`, record);
  }

  async publishResult(result: TrialResult): Promise<{ duplicate: boolean }> {
    const list = this.#results.get(result.sweepId) ?? [];
    if (list.some((r) => r.trialId === result.trialId)) return { duplicate: true };
    this.#results.set(result.sweepId, [...list, result]);
    this.#emit(`results.${result.sweepId}`, result);
    return { duplicate: false };
  }

  async publishProgress(progress: TrialProgress): Promise<void> {
    this.#emit(`progress.${progress.sweepId}`, progress);
  }

  async publishHeartbeat(heartbeat: WorkerHeartbeat): Promise<void> {
    this.#emit('workers', heartbeat);
  }

  async subscribeResults(sweepId: string, handler: Handler<TrialResult>): Promise<FeedSubscription> {
    for (const r of this.#results.get(sweepId) ?? []) handler(r);
    return this.#subscribe(`results.${sweepId}`, handler as Handler<never>);
  }

  async readResults(sweepId: string): Promise<TrialResult[]> {
    return [...(this.#results.get(sweepId) ?? [])];
  }

  subscribeProgress(sweepId: string, handler: Handler<TrialProgress>): FeedSubscription {
    return this.#subscribe(`progress.${sweepId}`, handler as Handler<never>);
  }

  subscribeHeartbeats(handler: Handler<WorkerHeartbeat>): FeedSubscription {
    return this.#subscribe('workers', handler as Handler<never>);
  }

  async getSweep(sweepId: string): Promise<SweepRecord | null> {
    return this.#records.get(sweepId) ?? null;
  }

  async listSweeps(): Promise<SweepRecord[]> {
    return [...this.#records.values()];
  }

  async watchSweep(sweepId: string, handler: Handler<SweepRecord>): Promise<FeedSubscription> {
    return this.#subscribe(`sweep.${sweepId}`, handler as Handler<never>);
  }
}
