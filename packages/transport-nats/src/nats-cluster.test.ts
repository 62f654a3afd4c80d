/**
 * The NATS transport on a 3-server JetStream cluster: replicas of what it creates, refused when the cluster is too
 * small or what exists has others, and a client that fails over to another server when its own is killed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { connectNats } from './connect-nats.js';
import type { NatsConnectOptions } from './nats-options.js';
import { natsLayout } from './nats-layout.js';
import type { NatsTransport } from './nats-transport.js';
import { describeNats } from './testing/describe-nats.js';
import { startNatsCluster, type NatsClusterHandle } from './testing/nats-cluster.js';
import { startNatsServer } from './testing/nats-server.js';
import { Collector, result, testDeadline, trial, uniqueSweepId } from '@seqsweep/core/testing';
import { sweepRecord } from '../test-support/fake-kv.js';
import { leaderships } from './testing/nats-cluster-leaders.js';
import type { TrialResult } from '@seqsweep/core';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';
const prefix = (): string => `c${randomBytes(4).toString('hex')}`;

describeNats(requireNats, { describe, it })('NatsTransport on a cluster', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const undo of cleanup.splice(0).reverse()) await undo().catch((e: unknown) => console.error('cleanup failed:', e));
  });

  async function cluster(): Promise<NatsClusterHandle> {
    const c = await startNatsCluster();
    cleanup.push(() => c.stop());
    return c;
  }

  async function transport(options: NatsConnectOptions): Promise<NatsTransport> {
    const t = await connectNats(options);
    cleanup.push(() => t.close());
    return t;
  }

  /** The replicas of every stream seqsweep keeps under `p`. */
  async function replicasOf(url: string, p: string): Promise<Record<string, number>> {
    const nc = await connect({ servers: url });
    try {
      const jsm = await jetstreamManager(nc);
      const l = natsLayout(p);
      const names = [l.trialsStream, l.resultsStream, `KV_${l.sweepsBucket}`, `KV_${l.trialIdsBucket}`, `OBJ_${l.dataBucket}`, `OBJ_${l.modelsBucket}`];
      const infos = await Promise.all(names.map((n) => jsm.streams.info(n)));
      return Object.fromEntries(infos.map((i) => [i.config.name, i.config.num_replicas]));
    } finally {
      await nc.close();
    }
  }

  it('creates both streams and the four buckets at R3 with no replicas asked for, and refuses other replicas later', async () => {
    const c = await cluster();
    const p = prefix();
    // The first process to connect (a worker, say) asks for nothing: what it creates follows the cluster.
    await (await transport({ servers: c.url, prefix: p })).close();
    expect(Object.values(await replicasOf(c.urls[0]!, p))).toEqual([3, 3, 3, 3, 3, 3]);
    // Asked for the same later (`run --replicas 3`), it is accepted; without --replicas it is taken as it is.
    await (await transport({ servers: c.urls[1]!, prefix: p, replicas: 3 })).close();
    await (await transport({ servers: c.urls[2]!, prefix: p })).close();
    expect(Object.values(await replicasOf(c.urls[0]!, p))).toEqual([3, 3, 3, 3, 3, 3]);
    await expect(connectNats({ servers: c.url, prefix: p, replicas: 1 })).rejects.toMatchObject({
      name: 'UserError', code: 'TRANSPORT_UNAVAILABLE', message: expect.stringMatching(/^the stream \w+_TRIALS on nats-server at nats:\/\/127\.0\.0\.1:\d+ exists with 3 replicas, not the 1 asked for/),
      fix: expect.stringContaining('`seqsweep replicas 1`'),
    });
    expect(Object.values(await replicasOf(c.urls[0]!, p))).toEqual([3, 3, 3, 3, 3, 3]);
  }, testDeadline(60_000));

  it('raises the replicas of a layout created at R1 in place, so that --replicas 3 is accepted afterwards', async () => {
    const c = await cluster();
    const p = prefix();
    const t = await transport({ servers: c.url, prefix: p, replicas: 1 });
    expect(Object.values(await replicasOf(c.urls[0]!, p))).toEqual([1, 1, 1, 1, 1, 1]);
    await expect(connectNats({ servers: c.url, prefix: p, replicas: 3 })).rejects.toMatchObject({ fix: expect.stringContaining('`seqsweep replicas 3`') });
    const scaled = await t.setReplicas(3);
    expect(scaled.map((s) => [s.from, s.to])).toEqual([[1, 3], [1, 3], [1, 3], [1, 3], [1, 3], [1, 3]]);
    expect(Object.values(await replicasOf(c.urls[0]!, p))).toEqual([3, 3, 3, 3, 3, 3]);
    // Run again, it changes nothing; and what exists now passes the check of --replicas 3.
    expect((await t.setReplicas(3)).map((s) => [s.from, s.to])).toEqual([[3, 3], [3, 3], [3, 3], [3, 3], [3, 3], [3, 3]]);
    await (await transport({ servers: c.url, prefix: p, replicas: 3 })).close();
  }, testDeadline(90_000));

  it('refuses more replicas than the cluster has servers in one sentence', async () => {
    const c = await cluster();
    await expect(connectNats({ servers: c.url, prefix: prefix(), replicas: 5 })).rejects.toMatchObject({
      name: 'UserError', message: expect.stringMatching(/cannot keep 5 replicas of the stream \w+_TRIALS: it has fewer JetStream servers/),
      fix: expect.stringContaining('--replicas no higher than the number of servers'),
    });
  }, testDeadline(60_000));

  it('counts a trial just published as queued, whichever server leads the consumer', async () => {
    const c = await cluster();
    const t = await transport({ servers: c.url, prefix: prefix(), replicas: 3 });
    // The consumer's leader may trail the stream's leader by a moment after each publish: ask at once, many times.
    for (let i = 0; i < 15; i++) {
      const sweepId = uniqueSweepId(`lag${i}`);
      await t.ensureSweep(sweepId);
      await t.publishTrial(trial(sweepId, 't1'));
      expect(await t.queuedTrials(sweepId)).toBe(1);
    }
  }, testDeadline(90_000));

  it('keeps a results subscription live when the server holding its consumer is killed for good', async () => {
    const c = await cluster();
    const p = prefix();
    const watcher = await transport({ servers: c.url, prefix: p, replicas: 3 });
    const sweepId = uniqueSweepId('follow');
    await watcher.ensureSweep(sweepId);
    await watcher.publishResult(result(sweepId, 't0'));
    const got = new Collector<TrialResult>();
    await watcher.subscribeResults(sweepId, got.handler);
    await got.atLeast(1, 'stored results');
    // The subscription's ordered consumer is the results stream's only consumer without a durable name.
    expect((await leaderships(c.urls)).filter((l) => l.stream === `${p}_RESULTS` && l.consumer)).toEqual([]);
    const consumers = await orderedConsumerHosts(c.urls, `${p}_RESULTS`);
    expect(consumers.length).toBe(1);
    const host = c.node(consumers[0]!);
    await host.kill();
    const publisher = await transport({ servers: c.urls.filter((u) => u !== host.url), prefix: p });
    await publisher.publishResult(result(sweepId, 't1'));
    await got.atLeast(2, 'results, the live one after its consumer was lost', testDeadline(60_000));
    expect(got.items.map((r) => r.trialId)).toEqual(['t0', 't1']);
  }, testDeadline(120_000));

  it('lets a worker serving every sweep pick up a sweep started after the server it reads the sweeps from died', async () => {
    const c = await cluster();
    const p = prefix();
    const worker = await transport({ servers: c.url, prefix: p });
    // A pull with no sweep id waits for a sweep to run, reading the sweeps bucket through the worker's own server.
    const pulled = worker.pullTrial({ signal: AbortSignal.timeout(testDeadline(90_000)) });
    const host = c.nodes.find((n) => n.url === worker.description)!;
    expect(host).toBeDefined();
    await host.kill();
    const coordinator = await transport({ servers: c.urls.filter((u) => u !== host.url), prefix: p });
    const sweepId = uniqueSweepId('late');
    await coordinator.ensureSweep(sweepId);
    await coordinator.putSweep(sweepRecord(sweepId));
    await coordinator.publishTrial(trial(sweepId, 't1'));
    const lease = await pulled;
    expect(lease?.assignment).toMatchObject({ sweepId, trialId: 't1' });
    await lease!.ack();
  }, testDeadline(120_000));

  it('fails over to another server when its own is killed, says which, and goes on publishing', async () => {
    const c = await cluster();
    const t = await transport({ servers: c.url, prefix: prefix(), replicas: 3 });
    const sweepId = uniqueSweepId('failover');
    await t.ensureSweep(sweepId);
    const first = t.description;
    expect(c.urls).toContain(first);
    const moved = new Promise<string>((resolve) => {
      const sub = t.onServerChange((now) => {
        sub.unsubscribe();
        resolve(now);
      });
    });
    await c.nodes.find((n) => n.url === first)!.kill();
    const now = await moved;
    expect(now).not.toBe(first);
    expect(c.urls).toContain(now);
    expect(t.description).toBe(now);
    expect(await t.publishTrial(trial(sweepId, 't1'))).toEqual({ duplicate: false });
    expect(await t.publishResult(result(sweepId, 't1'))).toEqual({ duplicate: false });
    expect((await t.readResults(sweepId)).map((r) => r.trialId)).toEqual(['t1']);
    expect(await t.queuedTrials(sweepId)).toBe(1);
  }, testDeadline(90_000));
});

/** The servers hosting the ordered (unnamed, R1) consumers of `stream`; with `pulling`, only those a pull waits on. */
async function orderedConsumerHosts(urls: readonly string[], stream: string, pulling = false): Promise<string[]> {
  const nc = await connect({ servers: [...urls] });
  try {
    const jsm = await jetstreamManager(nc);
    const hosts: string[] = [];
    for await (const ci of jsm.consumers.list(stream)) {
      if (!ci.config.durable_name && ci.cluster?.leader && (!pulling || ci.num_waiting > 0)) hosts.push(ci.cluster.leader);
    }
    return hosts;
  } finally {
    await nc.close();
  }
}

describeNats(requireNats, { describe, it })('NatsTransport replicas on a lone server', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const undo of cleanup.splice(0).reverse()) await undo();
  });

  it('refuses replicas above 1, and an existing R1 layout asked for more, naming the stream', async () => {
    const s = await startNatsServer();
    cleanup.push(() => s.stop());
    await expect(connectNats({ servers: s.url, prefix: prefix(), replicas: 3 })).rejects.toMatchObject({
      name: 'UserError', message: expect.stringContaining('cannot keep 3 replicas of the stream'),
    });
    const p = prefix();
    const t = await connectNats({ servers: s.url, prefix: p, replicas: 1 });
    cleanup.push(() => t.close());
    await expect(connectNats({ servers: s.url, prefix: p, replicas: 2 })).rejects.toMatchObject({
      name: 'UserError', message: expect.stringContaining(`the stream ${p}_TRIALS on nats-server at ${s.url} exists with 1 replica, not the 2 asked for`),
    });
    await expect(connectNats({ servers: s.url, prefix: p, replicas: 0 })).rejects.toMatchObject({
      name: 'UserError', message: '0 replicas cannot be set up: JetStream keeps 1 to 5 copies of a stream',
    });
    await expect(t.setReplicas(3)).rejects.toMatchObject({
      name: 'UserError', message: `nats-server at ${s.url} is not part of a cluster, so it cannot keep 3 replicas of anything`,
    });
  }, testDeadline(60_000));

  it('creates everything at R1 when no replicas are asked for', async () => {
    const s = await startNatsServer();
    cleanup.push(() => s.stop());
    const p = prefix();
    const t = await connectNats({ servers: s.url, prefix: p });
    cleanup.push(() => t.close());
    expect((await t.setReplicas(1)).map((x) => [x.from, x.to])).toEqual([[1, 1], [1, 1], [1, 1], [1, 1], [1, 1], [1, 1]]);
  }, testDeadline(60_000));
});
