/** Mounts the live app on a terminal and connects it to a sweep. */
import { createElement } from 'react';
import { render } from 'ink';
import type { FeedSubscription, SweepFeed } from './feed.js';
import { SweepStore } from './store.js';
import { SweepApp } from './SweepApp.js';
import { subscribeSweep } from './attach.js';

/** Why the app ended: `q` (the sweep goes on), Ctrl+C, the sweep finished (plain output only), or `close()`. */
export type ExitReason = 'detached' | 'interrupted' | 'completed' | 'closed';

/** The terminal an app draws on. Streams are injected; nothing here reads process globals. */
export interface TerminalOptions {
  readonly stdout: NodeJS.WriteStream;
  /** Keys come from here; without raw mode (not a TTY) the app shows but takes no keys. @default process.stdin (Ink's) */
  readonly stdin?: NodeJS.ReadStream;
  readonly stderr?: NodeJS.WriteStream;
  /**
   * Write every frame in full, without cursor movement (tests and recordings).
   * @default false
   */
  readonly debug?: boolean;
  /**
   * The local clock, in ms since the epoch.
   * @default Date.now
   */
  readonly clock?: () => number;
  /**
   * The least time between frames, in ms: progress is folded into the state between frames.
   * @default 100 (10 frames a second)
   */
  readonly frameMs?: number;
}

/** Options of {@link renderSweepApp}. */
export interface SweepAppOptions extends TerminalOptions {
  /** Where sweep events come from: any core `Transport`. */
  readonly transport: SweepFeed;
  /** Called once, when the app has exited. */
  readonly onExit?: (reason: ExitReason) => void;
}

/** A mounted app. */
export interface SweepAppHandle {
  /** Shows the sweep: its record, results (stored, then live), progress and heartbeats. Throws `SweepNotFoundError`. */
  follow(sweepId: string): Promise<void>;
  /** Settles when the app has exited, with the reason. */
  readonly exited: Promise<ExitReason>;
  /** Unmounts the app and ends its subscriptions; `exited` settles with `closed` unless the user left first. */
  close(): Promise<ExitReason>;
}

/**
 * Mounts the live app before a sweep is known, as `seqsweep run` does while it starts one; `follow(sweepId)` then
 * connects it. The app only reads: leaving it (q) never stops the sweep.
 */
export function renderSweepApp(options: SweepAppOptions): SweepAppHandle {
  const store = new SweepStore(null, { clock: options.clock, frameMs: options.frameMs });
  let sub: FeedSubscription | undefined;
  let reason: ExitReason = 'closed';
  const debug = options.debug ?? false;
  // The store already limits states to one per frame; Ink's own throttle, at the same period, would beat against
  // it and halve the frame rate, so it is set to twice the rate and only catches bursts of keys and resizes.
  const maxFps = 2 * Math.max(1, Math.floor(1000 / (options.frameMs ?? 100)));
  const instance = render(
    createElement(SweepApp, { store, onExit: (key) => { reason = key === 'detach' ? 'detached' : 'interrupted'; } }),
    {
      stdout: options.stdout, stdin: options.stdin, stderr: options.stderr, debug,
      exitOnCtrlC: false, patchConsole: !debug, maxFps,
    },
  );
  const exited = instance.waitUntilExit().then(() => reason, () => reason).then((r) => {
    sub?.unsubscribe();
    sub = undefined;
    store.close();
    options.onExit?.(r);
    return r;
  });
  return {
    exited,
    async follow(sweepId) {
      sub?.unsubscribe();
      store.follow(sweepId);
      sub = await subscribeSweep(options.transport, sweepId, (event) => store.push(event));
    },
    async close() {
      instance.unmount();
      return exited;
    },
  };
}
