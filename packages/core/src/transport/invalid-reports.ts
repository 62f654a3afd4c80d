/**
 * Where messages that fail their schema go: each is reported once to the `onInvalid` handlers and dropped.
 * Nothing thrown while handling a message escapes into a client library's callback.
 */
import type { z } from 'zod';
import { parseMessage } from '../messages.js';
import type { InvalidMessageHandler } from './transport.js';

/**
 * Throws `error` on a fresh stack, so a bug in a caller's handler surfaces as an uncaught exception (like an
 * EventEmitter listener's) without breaking the subscription that called it.
 */
export function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/** Calls a caller's handler; its exception is rethrown on a fresh stack. */
export function callHandler<T>(handler: (value: T) => void, value: T): void {
  try {
    handler(value);
  } catch (error) {
    rethrowLater(error);
  }
}

/** Used until a handler is registered: one line on stderr, so an invalid message is never silent. */
export const warnInvalid: InvalidMessageHandler = (subject, error) => {
  console.warn(`seqsweep: dropped a message on ${subject}: ${error.message}`);
};

/** The `onInvalid` handlers of one transport. */
export class InvalidReports {
  readonly #handlers: InvalidMessageHandler[] = [];
  readonly #fallback: InvalidMessageHandler;

  /** @param fallback called while no handler is registered. */
  constructor(fallback: InvalidMessageHandler = warnInvalid) {
    this.#fallback = fallback;
  }

  /** Adds a handler; from then on the fallback is no longer used. */
  add(handler: InvalidMessageHandler): void {
    this.#handlers.push(handler);
  }

  /** Reports one dropped message to every handler. */
  report(subject: string, error: Error): void {
    const handlers = this.#handlers.length > 0 ? this.#handlers : [this.#fallback];
    for (const h of handlers) {
      try {
        h(subject, error);
      } catch (e) {
        rethrowLater(e);
      }
    }
  }

  /** Parses a message that came off `subject`; an invalid one is reported and `undefined` returned. */
  parse<S extends z.ZodType>(schema: S, subject: string, data: Uint8Array | string): z.infer<S> | undefined {
    try {
      return parseMessage(schema, subject, data);
    } catch (error) {
      this.report(subject, error instanceof Error ? error : new Error(String(error)));
      return undefined;
    }
  }
}
