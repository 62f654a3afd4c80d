/**
 * A KV watch that can be replaced by a new one without passing an entry on twice. The watches NatsTransport opens
 * (bucket-follow.ts) replace their own consumer when its server dies, so they need no refresh; `refreshMs` replaces
 * a watch on a timer, from the revision after the last one seen (or as the first was, before any), for a watch that
 * cannot tell a lost server from an idle bucket. Either way an entry already seen is not passed on again.
 */
import type { BucketEntry, WatchIterator } from './bucket-follow.js';

/** What a refreshing watch watches, and where its entries go. */
export interface RefreshingWatchOptions {
  /** Opens a watch from `revision` on, or as the first watch is opened when `revision` is undefined. */
  open(revision: number | undefined): Promise<WatchIterator>;
  onEntry(entry: BucketEntry): void;
  /** A watch that failed (not one that was replaced). */
  onError(error: Error): void;
  /**
   * How often the watch is replaced on a timer.
   * @default never: the watch is kept until stopped
   */
  refreshMs?: number;
}

/** A running watch: `stop()` ends it for good. */
export interface RefreshingWatch {
  stop(): void;
}

/** Opens the first watch, then replaces it every `refreshMs` until stopped. */
export async function refreshingWatch(o: RefreshingWatchOptions): Promise<RefreshingWatch> {
  let current: WatchIterator | undefined;
  let last: number | undefined;
  let stopped = false;
  let refreshing = false;

  const follow = async (watcher: WatchIterator): Promise<void> => {
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
  const refreshMs = o.refreshMs;
  const timer = refreshMs !== undefined && Number.isFinite(refreshMs) ? setInterval(() => {
    if (refreshing || stopped) return;
    refreshing = true;
    // One that cannot be opened now (the server away) leaves the current watch; the next refresh tries again.
    replace().catch(() => undefined).finally(() => (refreshing = false));
  }, refreshMs) : undefined;
  timer?.unref?.();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
      current?.stop();
    },
  };
}
