/**
 * Riding out a server that is away for a moment (a restart, a leader election): an operation that fails with a
 * transient error is tried again, with a growing pause, until it succeeds or `windowMs` has passed. Only idempotent
 * operations go through here: a trial or a result published twice is dropped as a duplicate, a record stored twice
 * is the same record, and a read is a read.
 */
import { ErrorCode, UserError } from '@seqsweep/core';
import { isTransient, pause } from './fetch-one.js';

/** How long, and on which server, {@link retryTransient} keeps trying. */
export interface RetryWindow {
  /** Give up once this long has passed since the first attempt. */
  readonly windowMs: number;
  /** Stops retrying (the transport closes): the last error is thrown as it is. */
  readonly signal: AbortSignal;
  /** The server, for the message when it stays away: `nats://host:port`. */
  readonly where: string;
  /** @default Date.now */
  readonly now?: () => number;
}

/** The first pause between attempts; each next one doubles, up to {@link MAX_PAUSE_MS}. */
const FIRST_PAUSE_MS = 100;
const MAX_PAUSE_MS = 2000;

/**
 * Runs `op`, again after each transient failure, for up to `window.windowMs`. A failure that is not transient is
 * thrown at once. When the window runs out, a `UserError` (`TRANSPORT_UNAVAILABLE`) names the server and `what`.
 */
export async function retryTransient<T>(what: string, op: () => Promise<T>, window: RetryWindow): Promise<T> {
  const now = window.now ?? Date.now;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      if (!isTransient(error) || window.signal.aborted) throw error;
      if (now() - started >= window.windowMs) {
        throw new UserError(ErrorCode.TransportUnavailable, `nats-server at ${window.where} did not answer (${what}) for ${Math.round(window.windowMs / 1000)} s: ${(error as Error).message}`, {
          fix: 'check that nats-server is running and reachable from here; a coordinator that stopped continues with `seqsweep resume <sweepId>`',
          cause: error,
        });
      }
      await pause(Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** attempt), window.signal);
    }
  }
}
