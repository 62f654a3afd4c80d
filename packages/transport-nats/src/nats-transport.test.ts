/**
 * The NATS transport against a real nats-server (random port, temporary store): the conformance suite, then what
 * only NATS has (its layout, dedup past the duplicate window, a server restart).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { randomBytes } from 'node:crypto';
import { connectNats } from './connect-nats.js';
import { describeTransportConformance } from '@seqsweep/core/testing';
import { describeNats } from './testing/describe-nats.js';
import { startNatsServer, type NatsServerHandle } from './testing/nats-server.js';
import { result, sweepRecord, trial, uniqueSweepId, testDeadline, waitForOptions } from '@seqsweep/core/testing';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';
const uniquePrefix = (): string => `t${randomBytes(4).toString('hex')}`;

/** Deletes every stream of a prefix, so one server serves the whole file. */
async function dropPrefix(nc: NatsConnection, prefix: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (const name of [`${prefix}_TRIALS`, `${prefix}_RESULTS`, `KV_${prefix}-sweeps`, `KV_${prefix}-trial-ids`, `OBJ_${prefix}-data`, `OBJ_${prefix}-models`]) {
    await jsm.streams.delete(name);
  }
}

describeNats(requireNats, { describe, it })('NatsTransport', () => {
  let server: NatsServerHandle;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describeTransportConformance(
    'NatsTransport',
    async () => {
      const prefix = uniquePrefix();
      const raw = await connect({ servers: server.url });
      const js = jetstream(raw);
      return {
        open: () => connectNats({ servers: server.url, prefix }),
        publishRaw: async (subject, data) => {
          if (/^(trials|results)\./.test(subject)) await js.publish(`${prefix}.${subject}`, data);
          else raw.publish(`${prefix}.${subject}`, data);
          await raw.flush();
        },
        close: async () => {
          await dropPrefix(raw, prefix);
          await raw.close();
        },
      };
    },
    { describe, it, afterEach },
  );

  describe('on NATS only', () => {
    const open: { close(): Promise<unknown> }[] = [];
    afterEach(async () => {
      for (const c of open.splice(0)) await c.close();
    });
    const connectTracked = async (options: Parameters<typeof connectNats>[0]) => {
      const t = await connectNats(options);
      open.push(t);
      return t;
    };

    it('lays out streams, the per-sweep consumer and buckets under the prefix', async () => {
      const prefix = uniquePrefix();
      const t = await connectTracked({ servers: server.url, prefix });
      expect(t.description).toBe(server.url);
      const s = uniqueSweepId('layout');
      await t.ensureSweep(s, { ackWaitMs: 1500, maxDeliver: 4 });
      const nc = await connect({ servers: server.url });
      open.push(nc);
      const jsm = await jetstreamManager(nc);
      const trials = await jsm.streams.info(`${prefix}_TRIALS`);
      expect(trials.config).toMatchObject({ subjects: [`${prefix}.trials.>`], retention: 'workqueue', storage: 'file' });
      const results = await jsm.streams.info(`${prefix}_RESULTS`);
      expect(results.config).toMatchObject({ subjects: [`${prefix}.results.>`], retention: 'limits', storage: 'file', max_msgs_per_subject: 1 });
      const consumer = await jsm.consumers.info(`${prefix}_TRIALS`, `workers-${s}`);
      expect(consumer.config).toMatchObject({ filter_subject: `${prefix}.trials.${s}`, ack_policy: 'explicit', ack_wait: 1_500_000_000, max_deliver: 4 });
      await t.ensureSweep(s, { ackWaitMs: 2000, maxDeliver: 4 });
      expect((await jsm.consumers.info(`${prefix}_TRIALS`, `workers-${s}`)).config.ack_wait).toBe(2_000_000_000);
      const names: string[] = [];
      for await (const name of jsm.streams.names()) names.push(name);
      expect(names).toEqual(expect.arrayContaining([`KV_${prefix}-sweeps`, `KV_${prefix}-trial-ids`, `OBJ_${prefix}-data`]));
      await dropPrefix(nc, prefix);
    });

    it('drops repeated trials and results after the duplicate window has passed', async () => {
      const prefix = uniquePrefix();
      const t = await connectTracked({ servers: server.url, prefix, duplicateWindowMs: 1000 });
      const s = uniqueSweepId('window');
      await t.ensureSweep(s, { ackWaitMs: 5000 });
      await t.publishTrial(trial(s, 't1'));
      await t.publishResult(result(s, 't1'));
      const lease = await t.pullTrial({ sweepId: s, signal: AbortSignal.timeout(5000) });
      await lease?.ack();
      // Let the server's own duplicate window run out; only the lifetime dedup remains. The one sleep the suite
      // keeps on purpose: the window is a span of time on the server, and only time passing can show it is over.
      await new Promise((resolve) => setTimeout(resolve, 1300));
      expect(await t.publishTrial(trial(s, 't1'))).toEqual({ duplicate: true });
      expect(await t.publishResult(result(s, 't1', 3))).toEqual({ duplicate: true });
      expect(await t.pullTrial({ sweepId: s, signal: AbortSignal.timeout(1200) })).toBeNull();
      expect((await t.readResults(s)).map((r) => r.metrics)).toEqual([result(s, 't1').metrics]);
    });

    it('reports a running record stored under another sweep\'s key once, and never pulls for it', async () => {
      const prefix = uniquePrefix();
      const reports: [string, string][] = [];
      const t = await connectTracked({ servers: server.url, prefix, onInvalid: (subject, e) => reports.push([subject, e.message]) });
      const s = uniqueSweepId('keyed');
      await t.ensureSweep(s);
      await t.putSweep(sweepRecord(s));
      await t.publishTrial(trial(s, 't1'));
      const nc = await connect({ servers: server.url });
      open.push(nc);
      await jetstream(nc).publish(`$KV.${prefix}-sweeps.forged`, JSON.stringify(sweepRecord('someone-else')));
      const lease = await t.pullTrial({ signal: AbortSignal.timeout(5000) });
      expect(lease?.assignment.sweepId).toBe(s);
      await lease?.ack();
      expect(reports).toEqual([[`$KV.${prefix}-sweeps.forged`, expect.stringMatching(/sweepId "someone-else" does not match the key/)]]);
      await dropPrefix(nc, prefix);
    });

    it('a worker serving every sweep turns to a new sweep at once when the one it pulls from finishes', async () => {
      const prefix = uniquePrefix();
      const t = await connectTracked({ servers: server.url, prefix });
      const [first, second] = [uniqueSweepId('first'), uniqueSweepId('second')];
      await t.ensureSweep(first);
      await t.putSweep(sweepRecord(first));
      await t.ensureSweep(second);
      const nc = await connect({ servers: server.url });
      open.push(nc);
      const jsm = await jetstreamManager(nc);
      // The server ends a pull request it could not fill with a 408 on the request's reply inbox: listening there
      // shows when the first sweep's pull expired, so "at once" means "before that", whatever the machine's speed.
      const expired = new Promise<void>((resolve) => {
        const requests = nc.subscribe(`$JS.API.CONSUMER.MSG.NEXT.${prefix}_TRIALS.workers-${first}`, { max: 1, callback: (_e, request) => {
          nc.subscribe(request.reply!, { callback: (_e2, m) => {
            if (m.headers?.code === 408) resolve();
          } });
        } });
        open.push({ close: async () => requests.unsubscribe() });
      });
      await nc.flush();
      const pulled = t.pullTrial({ signal: AbortSignal.timeout(testDeadline(20_000)) });
      // The pull waits on the first sweep's queue, which stays empty (a request of up to 5 s).
      await vi.waitFor(async () => expect((await jsm.consumers.info(`${prefix}_TRIALS`, `workers-${first}`)).num_waiting).toBe(1), waitForOptions(5000));
      await t.putSweep(sweepRecord(first, { status: 'completed' }));
      await t.putSweep(sweepRecord(second));
      await t.publishTrial(trial(second, 't1'));
      const outcome = await Promise.race([pulled, expired.then(() => 'expired' as const)]);
      expect(outcome, 'the first sweep\'s pull expired before the worker turned to the second').not.toBe('expired');
      const lease = outcome === 'expired' ? null : outcome;
      expect(lease?.assignment.sweepId).toBe(second);
      await lease?.ack();
      await dropPrefix(nc, prefix);
    });

    it('refuses a data file whose chunks were added to in the store, before reading it', async () => {
      const prefix = uniquePrefix();
      const t = await connectTracked({ servers: server.url, prefix });
      const { digest } = await t.putObject('data/prices.csv', new TextEncoder().encode('date,high,Name\n2020-01-01,1,A\n'));
      const nc = await connect({ servers: server.url });
      open.push(nc);
      // One more chunk on the object's chunk subject: what the store hands out no longer matches its own digest.
      const info = await (await new Objm(jetstream(nc)).open(`${prefix}-data`)).info('data/prices.csv');
      await jetstream(nc).publish(`$O.${prefix}-data.C.${info!.nuid}`, 'tampered');
      // The chunk count no longer matches the metadata (nats-objects.test.ts covers the client's own digest check).
      await expect(t.getObject('data/prices.csv', digest)).rejects.toMatchObject({
        name: 'DataError', code: 'DATA_REFUSED', message: expect.stringMatching(/"data\/prices\.csv" .* was refused: its metadata names 1 chunks and the store holds 2$/),
      });
      await dropPrefix(nc, prefix);
    });

    it('keeps trials, results and records across a server restart, and a worker carries on', async () => {
      const own = await startNatsServer();
      try {
        const prefix = uniquePrefix();
        const t = await connectTracked({ servers: own.url, prefix });
        const s = uniqueSweepId('restart');
        await t.ensureSweep(s, { ackWaitMs: 5000 });
        await t.publishTrial(trial(s, 't1'));
        await t.publishResult(result(s, 't0'));
        await own.restart();
        const lease = await t.pullTrial({ sweepId: s, signal: AbortSignal.timeout(testDeadline(20_000)) });
        expect(lease?.assignment.trialId).toBe('t1');
        await lease?.ack();
        expect((await t.readResults(s)).map((r) => r.trialId)).toEqual(['t0']);
        expect(await t.publishTrial(trial(s, 't1'))).toEqual({ duplicate: true });
      } finally {
        for (const c of open.splice(0)) await c.close();
        await own.stop();
      }
    }, testDeadline(60_000));
  });
});
