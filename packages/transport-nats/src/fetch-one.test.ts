/**
 * fetchOne's early end when the sweep it pulls for stops running, with a stand-in consumer: the abort may come
 * before, during or after the request is made, and each must end the pull without waiting out its expiry.
 */
import { describe, expect, it } from 'vitest';
import type { Consumer, JsMsg } from '@nats-io/jetstream';
import { fetchOne } from './fetch-one.js';

/** A consumer whose one fetch hands out nothing until it is stopped (a request the server would expire later). */
function idleConsumer(beforeAnswer?: () => void): { consumer: Consumer; fetches: () => number; stopped: () => boolean } {
  let fetches = 0;
  let stopped = false;
  let end: () => void = () => {};
  const ended = new Promise<void>((resolve) => (end = resolve));
  const consumer = {
    fetch: async () => {
      fetches++;
      // The request is in the making: the sweep's end can land here, between the call and its answer.
      beforeAnswer?.();
      await Promise.resolve();
      return {
        stop: () => {
          stopped = true;
          end();
        },
        async *[Symbol.asyncIterator](): AsyncGenerator<JsMsg> {
          await ended;
        },
      };
    },
  } as unknown as Consumer;
  return { consumer, fetches: () => fetches, stopped: () => stopped };
}

describe('fetchOne', () => {
  it('does not ask at all for a sweep that has already ended', async () => {
    const ended = new AbortController();
    ended.abort();
    const c = idleConsumer();
    expect(await fetchOne(c.consumer, 5000, ended.signal)).toBeNull();
    expect(c.fetches()).toBe(0);
  });

  it('ends the pull when the sweep ends while it waits', async () => {
    const ended = new AbortController();
    const c = idleConsumer();
    const pulled = fetchOne(c.consumer, 5000, ended.signal);
    await new Promise((resolve) => setImmediate(resolve));
    ended.abort();
    expect(await pulled).toBeNull();
    expect(c.stopped()).toBe(true);
  });

  it('ends the pull when the sweep ended while the request was being made', async () => {
    const ended = new AbortController();
    const c = idleConsumer(() => ended.abort());
    // Before the fix the abort had fired already, no listener heard it, and this waited for the stand-in forever.
    expect(await fetchOne(c.consumer, 5000, ended.signal)).toBeNull();
    expect(c.stopped()).toBe(true);
  });
});
