/** `watchSweep`: attach to a sweep and show it, live on a terminal or as plain lines elsewhere. */
import type { FeedSubscription } from './feed.js';
import { subscribeSweep } from './attach.js';
import { PlainReporter } from './plain-lines.js';
import { renderSweepApp, type ExitReason, type SweepAppHandle, type SweepAppOptions } from './render-app.js';

/** Options of {@link watchSweep}. */
export interface WatchOptions extends SweepAppOptions {
  readonly sweepId: string;
  /** Whether `stdout` is a terminal: the live app when true, plain progress lines and a final table when not. */
  readonly isTTY: boolean;
  /** Where plain lines go. @default each line written to `stdout` */
  readonly out?: (line: string) => void;
  /** Rows of the final table in plain output. @default 10 */
  readonly tableRows?: number;
}

/** A sweep being watched. */
export type WatchHandle = Pick<SweepAppHandle, 'exited' | 'close'>;

/**
 * Attaches to a sweep: rebuilds its state from the stored results, then follows it live. On a terminal it shows
 * the app until the user leaves (q); otherwise it prints a line per result and sweep event, and once the sweep has
 * finished, the leaderboard, and `exited` settles with `completed`. Throws `SweepNotFoundError` for an unknown id.
 */
export async function watchSweep(options: WatchOptions): Promise<WatchHandle> {
  if (options.isTTY) {
    const app = renderSweepApp(options);
    try {
      await app.follow(options.sweepId);
    } catch (e) {
      await app.close();
      throw e;
    }
    return app;
  }
  return watchPlain(options);
}

async function watchPlain(options: WatchOptions): Promise<WatchHandle> {
  const { transport, sweepId } = options;
  const out = options.out ?? ((line: string) => void options.stdout.write(`${line}\n`));
  const reporter = new PlainReporter(sweepId, out, options.clock);
  let over = false;
  let finished!: () => void;
  let closed!: () => void;
  const sweepDone = new Promise<void>((resolve) => { finished = resolve; });
  const closeAsked = new Promise<void>((resolve) => { closed = resolve; });
  const push: Parameters<typeof subscribeSweep>[2] = (event) => {
    if (over) return;
    reporter.push(event);
    if (event.kind === 'record' && event.record.status !== 'running') finished();
  };
  const sub: FeedSubscription = await subscribeSweep(transport, sweepId, push);
  const complete = async (): Promise<ExitReason> => {
    await sweepDone;
    // The record can say "finished" before the last live results reach us: read the stored ones to be complete.
    for (const result of await transport.readResults(sweepId)) push({ kind: 'result', result });
    over = true;
    reporter.finish(options.tableRows);
    return 'completed';
  };
  const exited = Promise.race([complete(), closeAsked.then((): ExitReason => 'closed')]).finally(() => {
    over = true;
    sub.unsubscribe();
  });
  void exited.then((reason) => options.onExit?.(reason), () => undefined);
  return {
    exited,
    async close() {
      closed();
      return exited;
    },
  };
}
