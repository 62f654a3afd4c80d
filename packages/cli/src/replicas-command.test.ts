/**
 * `seqsweep replicas N` on a lone server: it reports each stream and bucket, leaves R1 as it is, and refuses more
 * in one sentence (a lone server keeps one copy). The change itself on a cluster is proven in transport-nats's
 * nats-cluster.test.ts; test/cluster.test.ts runs a sweep whose layout followed the cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { testDeadline } from '@seqsweep/core/testing';
import { main } from './cli.js';
import { captureIo } from '../test-support/capture-io.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

describe('replicas without a server', () => {
  it('needs a number of 1 to 5 and a URL, each said in one sentence', async () => {
    const bad = captureIo();
    expect(await main(['replicas', 'three', '--nats', 'nats://127.0.0.1:1'], bad)).toBe(2);
    expect(bad.errors[0]).toBe('seqsweep: `replicas` takes the number of replicas, 1 to 5 (3 on a cluster of three servers), e.g. `seqsweep replicas 3`, not "three"');
    const six = captureIo();
    expect(await main(['replicas', '6', '--nats', 'nats://127.0.0.1:1'], six)).toBe(2);
    const noUrl = captureIo();
    expect(await main(['replicas', '3'], noUrl)).toBe(2);
    expect(noUrl.errors[0]).toBe('seqsweep: `replicas` needs --nats URL (or NATS_URL), with every server of the cluster');
  });
});

describeNats(requireNats, { describe, it })('replicas on a lone server', () => {
  let server: NatsServerHandle;
  beforeAll(async () => {
    server = await startNatsServer();
  }, testDeadline(30_000));
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the replicas, reports every stream at 1 replica unchanged, and refuses 3 in one sentence with the fix', async () => {
    const list = captureIo();
    expect(await main(['replicas', '--nats', server.url, '--prefix', 'rep'], list), list.errors.join('\n')).toBe(0);
    expect(list.lines).toEqual(['rep_TRIALS: 1 replica', 'rep_RESULTS: 1 replica', 'KV_rep-sweeps: 1 replica', 'KV_rep-trial-ids: 1 replica', 'OBJ_rep-data: 1 replica']);
    const one = captureIo();
    expect(await main(['replicas', '1', '--nats', server.url, '--prefix', 'rep'], one), one.errors.join('\n')).toBe(0);
    expect(one.lines).toEqual([
      'rep_TRIALS: 1 replicas, unchanged', 'rep_RESULTS: 1 replicas, unchanged', 'KV_rep-sweeps: 1 replicas, unchanged',
      'KV_rep-trial-ids: 1 replicas, unchanged', 'OBJ_rep-data: 1 replicas, unchanged',
      `every stream and bucket of prefix rep on ${server.url} now has 1 replica`,
    ]);
    const three = captureIo();
    expect(await main(['replicas', '3', '--nats', server.url, '--prefix', 'rep'], three)).toBe(1);
    expect(three.errors.join('\n')).toMatch(/is not part of a cluster, so it cannot keep 3 replicas of anything/);
    expect(three.errors.join('\n')).not.toMatch(/\n\s+at /);
  }, testDeadline(30_000));
});
