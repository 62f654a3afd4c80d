/**
 * Pulling exactly one message from a durable consumer, with an abort that ends the pull at once, and telling
 * transient server trouble (a restart, a leader change) from real errors.
 */
import type { Consumer, JsMsg } from '@nats-io/jetstream';

/**
 * Asks the server for one message, waiting up to `expiresMs` (at least 1000, the client's floor), and resolves
 * with it, or `null` once the server ends the request empty.
 *
 * A stop of the worker must not cut the request short: stopping a fetch unsubscribes its inbox at once, while
 * the server may already have given a message to the request (it learns of the unsubscribe a round trip later).
 * That message would be dropped by the client and sit unacked on the server until the consumer's ack wait runs
 * out. So a worker that stops lets the request run its course and hands back what it brings. Only `sweepEnded`
 * ends it early: a message of a sweep that is no longer running has no one waiting for it.
 */
export async function fetchOne(consumer: Consumer, expiresMs: number, sweepEnded?: AbortSignal): Promise<JsMsg | null> {
  if (sweepEnded?.aborted) return null;
  const batch = await consumer.fetch({ max_messages: 1, expires: Math.max(1000, expiresMs) });
  const stop = (): void => batch.stop();
  // The sweep may have ended while the request was being made: its abort has fired already and would not again.
  if (sweepEnded?.aborted) stop();
  else sweepEnded?.addEventListener('abort', stop, { once: true });
  try {
    for await (const msg of batch) return msg;
    return null;
  } finally {
    sweepEnded?.removeEventListener('abort', stop);
  }
}

/** Waits `ms`, or less when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const TRANSIENT = new Set(['TimeoutError', 'NoRespondersError', 'RequestError', 'ConnectionError', 'JetStreamStatusError']);

/** HTTP-like status of a JetStream API error that means "try again": JetStream is starting or electing a leader. */
const UNAVAILABLE = 503;

/**
 * Codes of a cluster between leaders: "JetStream system temporarily unavailable" (10008) and "JetStream cluster can
 * not handle request" (10009, a server that has just lost or not yet learnt the meta leader).
 */
const NO_LEADER = new Set([10008, 10009]);

/**
 * True for errors that a reconnect or a little patience cures: a server restarting, or a cluster electing a leader
 * (no responders, a timeout, a 503, or no leader). The client reports a JetStream API request that
 * found no responder (a server restarting, its JetStream not yet back) as `JetStreamNotEnabled`; on a connection
 * that found JetStream when it was made, that is the same passing trouble.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // A request the server refused for want of permission fails the same way every time.
  if (deniedPermission(error)) return false;
  if (TRANSIENT.has(error.name)) return true;
  if (error.name === 'JetStreamNotEnabled') return error.cause instanceof Error && TRANSIENT.has(error.cause.name);
  if (error.name !== 'JetStreamApiError') return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return status === UNAVAILABLE || (typeof code === 'number' && NO_LEADER.has(code));
}

/** True when `error`, or an error that caused it, is the server refusing a permission. */
export function deniedPermission(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e.name === 'PermissionViolationError') return true;
  }
  return false;
}
