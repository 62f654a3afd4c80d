/**
 * The NATS transport across a server that goes away and comes back on the same port and store, as the chaos run
 * (tools/chaos) does to it: operations made while it is down complete once it is back, and a results subscription
 * picks up again within seconds rather than after the client's 30 s backoff.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectNats } from './connect-nats.js';
import type { NatsTransport } from './nats-transport.js';
import type { TrialResult } from '@seqsweep/core';
import { describeNats } from './testing/describe-nats.js';
import { startNatsServer, type NatsServerHandle } from './testing/nats-server.js';
import { Collector, result, sweepRecord, trial, uniqueSweepId, waitUntil, testDeadline } from '@seqsweep/core/testing';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

describeNats(requireNats, { describe, it })('NatsTransport across server restarts', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const undo of cleanup.splice(0).reverse()) await undo();
  });

  /** A server on a store this test owns, so that `stop()` keeps it for `restart()`. */
  async function server(): Promise<NatsServerHandle> {
    const storeDir = await mkdtemp(join(tmpdir(), 'seqsweep-restart-'));
    cleanup.push(() => rm(storeDir, { recursive: true, force: true }));
    const s = await startNatsServer({ storeDir });
    cleanup.push(() => s.stop());
    return s;
  }

  async function transport(s: NatsServerHandle, prefix = `r${randomBytes(4).toString('hex')}`): Promise<NatsTransport> {
    const t = await connectNats({ servers: s.url, prefix });
    cleanup.push(() => t.close());
    return t;
  }

  it('completes a publish, a record write and reads made while the server was down longer than a request lasts', async () => {
    const s = await server();
    const t = await transport(s);
    const sweepId = uniqueSweepId('down');
    await t.ensureSweep(sweepId, { ackWaitMs: 5000 });
    await s.kill();
    let settled = false;
    const made = Promise.all([t.publishTrial(trial(sweepId, 't1')), t.putSweep(sweepRecord(sweepId)), t.publishResult(result(sweepId, 't0'))])
      .finally(() => (settled = true));
    // The outage: longer than one JetStream request waits for its answer (5 s), which used to fail each of these.
    // A span of time is what is under test here, so only time can make it: this sleep is the fault, not a wait.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    expect(settled).toBe(false);
    await s.restart();
    const [published] = await made;
    expect(published).toEqual({ duplicate: false });
    expect(await t.queuedTrials(sweepId)).toBe(1);
    expect((await t.getSweep(sweepId))?.sweepId).toBe(sweepId);
    expect((await t.readResults(sweepId)).map((r) => r.trialId)).toEqual(['t0']);
  }, testDeadline(60_000));

  it('gives up with a message naming the server once the retry window has passed', async () => {
    const s = await server();
    const t = await connectNats({ servers: s.url, prefix: `r${randomBytes(4).toString('hex')}`, retryWindowMs: 1000 });
    cleanup.push(() => t.close());
    await s.kill();
    await expect(t.getSweep('gone')).rejects.toMatchObject({
      name: 'UserError', code: 'TRANSPORT_UNAVAILABLE', message: expect.stringMatching(new RegExp(`nats-server at nats://127\\.0\\.0\\.1:${s.port} did not answer \\(reading the record of gone\\)`)),
    });
  }, 30_000);

  it('delivers results published across restarts to a subscription made before them, within seconds', async () => {
    const s = await server();
    const t = await transport(s);
    const publisher = await transport(s, t.prefix);
    const sweepId = uniqueSweepId('resub');
    await t.ensureSweep(sweepId);
    const seen = new Collector<TrialResult>();
    const sub = await t.subscribeResults(sweepId, seen.handler);
    cleanup.push(async () => sub.unsubscribe());
    // Results keep coming while the server goes away, as they do from workers.
    let published = 0;
    let publishing = true;
    const stream = (async () => {
      while (publishing) {
        await publisher.publishResult(result(sweepId, `t${published}`));
        published++;
        // The pace of a stream of results, as workers make one: not a wait for anything.
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    // A clean stop, then a crash; each time the server comes back on the same port and store.
    for (const stop of [() => s.stop(), () => s.kill()]) {
      await seen.atLeast(published + 3, 'results before the restart', 30_000);
      await stop();
      // The outage itself (the server stays down a while), not a wait for anything.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await s.restart();
    }
    const target = published + 5;
    await waitUntil(() => published >= target, `${target} results published`, 30_000);
    publishing = false;
    await stream;
    // The client's own recovery pulled a batch of 0 after re-creating its consumer, and then waited for two missed
    // heartbeats (30 s and more) before it asked again.
    await seen.atLeast(published, 'every result published, soon after the last', 12_000);
    expect(new Set(seen.items.map((r) => r.trialId)).size).toBe(published);
  }, testDeadline(120_000));
});
