/** Connects a {@link SweepFeed} to anything that takes feed events: the store of the app, or the plain printer. */
import type { SweepRecord } from '@seqsweep/core';
import type { FeedEvent, FeedSubscription, SweepFeed } from './feed.js';
import { SweepNotFoundError } from './errors.js';

/**
 * Subscribes to everything about one sweep: its record (now, then every change), heartbeats, live progress, and
 * its results (every stored one, then live). Throws {@link SweepNotFoundError} when the sweep has no record.
 */
export async function subscribeSweep(feed: SweepFeed, sweepId: string, push: (event: FeedEvent) => void): Promise<FeedSubscription> {
  const record = await feed.getSweep(sweepId);
  if (!record) throw new SweepNotFoundError(sweepId, feed.description);
  push({ kind: 'record', record });
  const subs: FeedSubscription[] = [];
  const all = { unsubscribe: () => { for (const s of subs.splice(0)) s.unsubscribe(); } };
  try {
    if (feed.onServerChange) {
      push({ kind: 'server', server: feed.description });
      subs.push(feed.onServerChange((server) => push({ kind: 'server', server })));
    }
    subs.push(feed.subscribeHeartbeats((heartbeat) => push({ kind: 'heartbeat', heartbeat })));
    subs.push(feed.subscribeProgress(sweepId, (progress) => push({ kind: 'progress', progress })));
    subs.push(await feed.watchSweep(sweepId, (r) => push({ kind: 'record', record: r })));
    subs.push(await feed.subscribeResults(sweepId, (result) => push({ kind: 'result', result })));
    return all;
  } catch (e) {
    all.unsubscribe();
    throw e;
  }
}

/** The most recently created sweep that is still running, or null when there is none. */
export async function findNewestRunningSweep(feed: Pick<SweepFeed, 'listSweeps'>): Promise<SweepRecord | null> {
  const running = (await feed.listSweeps()).filter((s) => s.status === 'running');
  running.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.sweepId.localeCompare(a.sweepId));
  return running[0] ?? null;
}
