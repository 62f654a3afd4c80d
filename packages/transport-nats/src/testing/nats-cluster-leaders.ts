/**
 * Who leads what in a test cluster: the server that leads each stream and durable consumer (stream info's
 * `cluster.leader`), so a test can kill the leader of the work queue, or a server that leads nothing.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';

/** One replicated asset and the server leading it. */
export interface Leadership {
  readonly stream: string;
  /** The durable consumer's name; absent for the stream itself. */
  readonly consumer?: string;
  /** The leading server's name (`--server_name`); `undefined` during an election. */
  readonly leader: string | undefined;
}

async function withJsm<T>(urls: readonly string[], use: (jsm: JetStreamManager, nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connect({ servers: [...urls], name: 'seqsweep-test-cluster', maxReconnectAttempts: -1 });
  try {
    return await use(await jetstreamManager(nc), nc);
  } finally {
    await nc.close();
  }
}

/** The server that leads `stream`, or `undefined` while it has none. */
export function streamLeader(urls: readonly string[], stream: string): Promise<string | undefined> {
  return withJsm(urls, async (jsm) => (await jsm.streams.info(stream)).cluster?.leader);
}

/** Every stream and durable consumer of the cluster, with its leader. */
export function leaderships(urls: readonly string[]): Promise<Leadership[]> {
  return withJsm(urls, (jsm) => listLeaderships(jsm));
}

async function listLeaderships(jsm: JetStreamManager): Promise<Leadership[]> {
  const out: Leadership[] = [];
  for await (const si of jsm.streams.list()) {
    out.push({ stream: si.config.name, leader: si.cluster?.leader });
    for await (const ci of jsm.consumers.list(si.config.name)) {
      if (ci.config.durable_name) out.push({ stream: si.config.name, consumer: ci.name, leader: ci.cluster?.leader });
    }
  }
  return out;
}

/**
 * Asks every stream and durable consumer that `server` leads to elect another leader, until it leads none of
 * them (each step-down is followed by an election among the other replicas). Rejects after `timeoutMs`.
 */
export function shedLeadership(urls: readonly string[], server: string, timeoutMs: number): Promise<void> {
  return withJsm(urls, async (jsm, nc) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await listLeaderships(jsm);
      // An asset between leaders may yet elect this server: wait for every election to end.
      const led = all.filter((l) => l.leader === server || l.leader === undefined);
      if (led.length === 0) return;
      if (Date.now() > deadline) throw new Error(`${server} still leads ${led.map((l) => l.consumer ?? l.stream).join(', ')} after ${timeoutMs} ms`);
      for (const l of led.filter((x) => x.leader === server)) {
        const subject = l.consumer ? `$JS.API.CONSUMER.LEADER.STEPDOWN.${l.stream}.${l.consumer}` : `$JS.API.STREAM.LEADER.STEPDOWN.${l.stream}`;
        await nc.request(subject, undefined, { timeout: 5000 }).catch((error: unknown) => {
          // Another election may be under way for it: the next round looks again.
          if (!(error instanceof Error)) throw error;
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
}
