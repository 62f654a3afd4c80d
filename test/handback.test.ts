/**
 * A worker stopped with SIGTERM hands its trial back at once, over a real nats-server: the trial is pending
 * redelivery the moment the worker has exited, never leased to a process that is gone. The ack wait is ten minutes,
 * so a hand-back that was lost would show as a lease still pending, and a trial that could only come back after it.
 * The race covered too: a worker stopped while a pull of its own is outstanding, which the server fills in that very
 * moment (the proxy holds the wire still so that the fill lands after the stop, every time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type ConsumerInfo } from '@nats-io/jetstream';
import { testDeadline } from '@seqsweep/core/testing';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { CliProcess } from './support/cli.js';
import { startHoldingProxy, type HoldingProxy } from './support/holding-proxy.js';
import { tempDir, writeSpec, readResults } from './support/spec.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

const ACK_WAIT_MS = 600_000;

/** One grid point: two stage-one trials, two stage-two trials and the final one, each sleeping `sleepMs`. */
function onePointSpec(name: string, sleepMs: number): Record<string, unknown> {
  return {
    name, seed: 5,
    task: { name: 'noop', sleepMs },
    model: { name: 'lstm-ae' },
    grid: { learningRate: [0.01], hiddenSize: [8] },
    stages: { filter: { folds: 2, epochs: 1, keep: 1 }, evaluate: { folds: 2, epochs: 1 } },
  };
}

const sweepIdOf = async (p: CliProcess): Promise<string> => (await p.waitForLine(/^sweep \S+$/)).split(' ')[1]!;

describeNats(requireNats, { describe, it })('a stopped worker hands its trial back at once', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let proxy: HoldingProxy | undefined;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await proxy?.close();
    await nc?.close();
    await server?.stop();
  });

  /** The sweep's shared consumer, read until `ready` holds of it (the server's state is the event waited for). */
  async function consumerWhen(prefix: string, ready: (info: ConsumerInfo) => boolean, what: string): Promise<ConsumerInfo> {
    const jsm = await jetstreamManager(nc);
    const deadline = Date.now() + testDeadline(30_000);
    let last: ConsumerInfo | undefined;
    for (;;) {
      const [info] = await jsm.consumers.list(`${prefix}_TRIALS`).next();
      last = info;
      if (info && ready(info)) return info;
      if (Date.now() > deadline) throw new Error(`the consumer never got to ${what}: ${JSON.stringify(last && { ack: last.num_ack_pending, waiting: last.num_waiting, pending: last.num_pending, redelivered: last.num_redelivered })}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * The first `count` trials the consumer hands out, taken and nak'ed straight back. A trial that was handed back
   * comes at once; one still leased to a process that is gone would only come after the ten-minute ack wait, so the
   * pull ends as soon as `count` trials are in (the event waited for), or at a scaled deadline with fewer. The naks
   * wait for the pull's end, or the same pull could get them again.
   */
  async function takeAvailable(prefix: string, count: number): Promise<{ trialId: string; deliveryCount: number }[]> {
    const jsm = await jetstreamManager(nc);
    const [info] = await jsm.consumers.list(`${prefix}_TRIALS`).next();
    const consumer = await jetstream(nc).consumers.get(`${prefix}_TRIALS`, info!.name);
    const batch = await consumer.fetch({ max_messages: count, expires: testDeadline(30_000) });
    const taken = [];
    for await (const m of batch) taken.push(m);
    for (const m of taken) m.nak();
    await nc.flush();
    return taken.map((m) => ({ trialId: m.json<{ trialId: string }>().trialId, deliveryCount: m.info.deliveryCount }));
  }

  it('SIGTERM mid-trial: the trial is pending redelivery once the worker exits, and completes long before its ack wait', async () => {
    const prefix = 'hbmid';
    const c = ['--nats', server.url, '--prefix', prefix];
    const out = await tempDir('handback-out');
    const spec = await writeSpec(await tempDir('handback'), onePointSpec('handback-mid', 3000));
    const victim = new CliProcess(['worker', ...c]);
    await victim.waitForLine(/^worker \S+ ready on /);
    const started = new Promise<number>((resolve) => {
      const sub = nc.subscribe(`${prefix}.workers`, {
        callback: (_e, m) => {
          const hb = m.json<{ state: string; ts: number }>();
          if (hb.state !== 'training') return;
          sub.unsubscribe();
          resolve(hb.ts);
        },
      });
    });
    const run = new CliProcess(['run', spec, ...c, '--out', out, '--no-tui', '--ack-wait', String(ACK_WAIT_MS), '--max-deliver', '10']);
    const sweepId = await sweepIdOf(run);
    await started;
    victim.kill('SIGTERM');
    expect(await victim.exit(30_000)).toBe(0);
    const handedBack = (await victim.waitForLine(/ handed back \(worker stopping\)$/)).split(' ')[0]!;
    // Nothing is leased to the process that is gone: the next pull gets the trial (with the stage's other one, never
    // delivered), not one after the ack wait.
    const available = await takeAvailable(prefix, 2);
    expect(available).toContainEqual({ trialId: handedBack, deliveryCount: 2 });

    const rescuer = new CliProcess(['worker', ...c]);
    expect(await run.exit(180_000), run.output).toBe(0);
    rescuer.kill('SIGTERM');
    expect(await rescuer.exit(30_000)).toBe(0);
    const results = await readResults(out, sweepId);
    const trial = results.trials.find((t) => t.id === handedBack);
    expect(trial?.status).toBe('completed');
    // The victim's delivery, the probe's, the rescuer's.
    expect(trial?.attempts).toBe(3);
    expect(results.status).toBe('completed');
  });

  it.each([1, 2])('SIGTERM while a pull is outstanding and being filled: the trial it brings is handed back (--concurrency %i)', async (n) => {
    const prefix = `hbpull${n}`;
    const c = ['--nats', server.url, '--prefix', prefix];
    const out = await tempDir('handback-pull-out');
    // The trials outlast the test: only hand-backs move them.
    const spec = await writeSpec(await tempDir('handback-pull'), onePointSpec(`handback-pull-${n}`, ACK_WAIT_MS));
    const holder = new CliProcess(['worker', ...c, '--concurrency', '2']);
    await holder.waitForLines(/^worker \S+ ready on /, 2);
    new CliProcess(['run', spec, ...c, '--out', out, '--no-tui', '--ack-wait', String(ACK_WAIT_MS), '--max-deliver', '10']);
    await consumerWhen(prefix, (i) => i.num_ack_pending === 2, 'both stage-one trials leased');

    proxy = await startHoldingProxy({ port: server.port });
    const victim = new CliProcess(['worker', '--nats', `nats://127.0.0.1:${proxy.port}`, '--prefix', prefix, '--concurrency', String(n)]);
    await victim.waitForLines(/^worker \S+ ready on /, n);
    await consumerWhen(prefix, (i) => i.num_waiting === n, `${n} pulls waiting`);
    // Frozen right after each victim's next pull request: the server holds a fresh request from each, while
    // whatever the victims send or receive from now on waits in the proxy.
    await proxy.holdAfter('CONSUMER.MSG.NEXT', n);
    holder.kill('SIGTERM');
    // A nak'ed trial stays in num_ack_pending until it is delivered again; num_redelivered counts the deliveries.
    await consumerWhen(prefix, (i) => i.num_redelivered === n && i.num_waiting === 0, `the handed-back trials filling the ${n} held pulls`);
    victim.kill('SIGTERM');
    await victim.waitForLines(/^SIGTERM: handing back/, n);
    // Only now do the victims see the trials the server gave them: after they were told to stop.
    proxy.release();
    expect(await victim.exit(30_000), victim.output).toBe(0);
    expect(await holder.exit(30_000), holder.output).toBe(0);
    // Both trials come at once, though the ack wait is ten minutes: the ones the victims got were handed back too.
    const available = await takeAvailable(prefix, 2);
    expect(available).toHaveLength(2);
    expect(available.filter((t) => t.deliveryCount === 3)).toHaveLength(n);
    await proxy.close();
    proxy = undefined;
  });
});
