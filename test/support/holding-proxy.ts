import { connect, createServer, type Server, type Socket } from 'node:net';
import { listenOnFreePort } from './tcp-proxy.js';

/**
 * A TCP proxy on 127.0.0.1 that can freeze its connections right after a client sent a given command, so a test
 * can line up a race on the wire: the server acts on that command, while neither what the client sends next nor
 * what the server answers gets through until {@link HoldingProxy.release}.
 */
export interface HoldingProxy {
  /** The port clients connect to. */
  readonly port: number;
  /**
   * Arms every connection open now: each one freezes (both ways) just after it forwarded client bytes containing
   * `pattern`. Resolves once `count` connections are frozen.
   */
  holdAfter(pattern: string, count: number): Promise<void>;
  /** Unfreezes every connection: what was held back flows on, in order. */
  release(): void;
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

interface Pair {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Set while armed: called with each chunk the client sent, after it was forwarded. */
  watch: ((chunk: Buffer) => void) | undefined;
  frozen: boolean;
}

/** Starts a holding proxy on a free port that forwards each connection to `target` on 127.0.0.1. */
export async function startHoldingProxy(target: { port: number; host?: string }): Promise<HoldingProxy> {
  const pairs = new Set<Pair>();
  const server: Server = createServer((client) => {
    const upstream = connect({ port: target.port, host: target.host ?? '127.0.0.1' });
    const pair: Pair = { client, upstream, watch: undefined, frozen: false };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      pair.watch?.(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const [socket, other] of [[client, upstream], [upstream, client]] as const) {
      // Either side closing or failing ends the pair, as a dropped link would; once frozen, a side that closed
      // is only seen when the pair is released, after what it sent before.
      socket.on('error', () => other.destroy());
      socket.on('close', () => {
        pairs.delete(pair);
        other.destroy();
      });
    }
  });
  const port = await listenOnFreePort(server);
  return {
    port,
    holdAfter(pattern, count) {
      return new Promise((resolve) => {
        let frozen = 0;
        for (const pair of pairs) {
          // A command split across two chunks is still seen: the tail of the previous chunk is kept.
          let tail = '';
          pair.watch = (chunk) => {
            const text = tail + chunk.toString('latin1');
            tail = text.slice(-pattern.length);
            if (!text.includes(pattern)) return;
            pair.watch = undefined;
            pair.frozen = true;
            pair.client.pause();
            pair.upstream.pause();
            if (++frozen === count) resolve();
          };
        }
      });
    },
    release() {
      for (const pair of pairs) {
        pair.watch = undefined;
        if (!pair.frozen) continue;
        pair.frozen = false;
        pair.client.resume();
        pair.upstream.resume();
      }
    },
    close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
