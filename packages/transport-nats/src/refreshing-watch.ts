/**
 * A KV watch that is replaced now and then. A watch is an ordered consumer, which lives on one server even when
 * its bucket has three replicas: if that server dies the watch falls silent, and an idle bucket is silent too, so
 * the two cannot be told apart. Every `refreshMs` a new watch is opened from the revision after the last one seen
 * (or as the first was, before any) and the old one is stopped; an entry already seen is not passed on again.
 */
import type { KvEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/transport-node';

/** How often a watch is replaced: the longest a watch lost with its server leaves its reader behind. */
export const WATCH_REFRESH_MS = 20_000;

/** What a refreshing watch watches, and where its entries go. */
export interface RefreshingWatchOptions {
  /** Opens a watch from `revision` on, or as the first watch is opened when `revision` is undefined. */
  open(revision: number | undefined): Promise<QueuedIterator<KvEntry>>;
  onEntry(entry: KvEntry): void;
  /** A watch that failed (not one that was replaced). */
  onError(error: Error): void;
  /** @default WATCH_REFRESH_MS */
  refreshMs?: number;
}

/** A running watch: `stop()` ends it for good. */
export interface RefreshingWatch {
  stop(): void;
}

/** Opens the first watch, then replaces it every `refreshMs` until stopped. */
export async function refreshingWatch(o: RefreshingWatchOptions): Promise<RefreshingWatch> {
  let current: QueuedIterator<KvEntry> | undefined;
  let last: number | undefined;
  let stopped = false;
  let refreshing = false;

  const follow = async (watcher: QueuedIterator<KvEntry>): Promise<void> => {
    try {
      for await (const entry of watcher) {
        // A replaced watch may still hand over what it had queued: the new one brings it too.
        if (watcher !== current) break;
        if (last !== undefined && entry.revision <= last) continue;
        last = entry.revision;
        o.onEntry(entry);
      }
    } catch (error) {
      if (watcher === current && !stopped) o.onError(error instanceof Error ? error : new Error(String(error)));
    }
  };
  const replace = async (): Promise<void> => {
    const watcher = await o.open(last === undefined ? undefined : last + 1);
    if (stopped) {
      watcher.stop();
      return;
    }
    const old = current;
    current = watcher;
    old?.stop();
    void follow(watcher);
  };

  await replace();
  const timer = setInterval(() => {
    if (refreshing || stopped) return;
    refreshing = true;
    // One that cannot be opened now (the server away) leaves the current watch; the next refresh tries again.
    replace().catch(() => undefined).finally(() => (refreshing = false));
  }, o.refreshMs ?? WATCH_REFRESH_MS);
  timer.unref?.();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
      current?.stop();
    },
  };
}
