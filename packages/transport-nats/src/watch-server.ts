/**
 * Following which server of a cluster a connection is on: the client fails over between the URLs it was given
 * and says so with a `reconnect` status.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { Subscription } from '@seqsweep/core';

/** Calls `changed` after each reconnect, until unsubscribed or the connection closes. */
export function watchServer(nc: NatsConnection, changed: () => void): Subscription {
  let active = true;
  const statuses = nc.status();
  void (async () => {
    for await (const status of statuses) {
      if (!active) break;
      if (status.type === 'reconnect') changed();
    }
  })();
  return {
    unsubscribe: () => {
      active = false;
      // The client's iterator (typed only as AsyncIterable) has stop(), which ends it and takes it off the
      // connection's listeners at once; a waiting `for await` would otherwise hold it until the next status.
      (statuses as Partial<{ stop(): void }>).stop?.();
    },
  };
}
