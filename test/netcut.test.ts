/**
 * A network cut: a worker cut off from the server for longer than the ack wait gives its trial up, another worker
 * completes it, and the cut-off worker carries on once the link is back. The worker reaches nats-server through a
 * TCP proxy that the test cuts (every connection destroyed, new ones refused) and restores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { CliProcess } from './support/cli.js';
import { tempDir, writeSpec, readResults } from './support/spec.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';
const ACK_WAIT_MS = 1500;
/** Long enough that a trial cut off at its start cannot finish before its lease is given up (at most 2 s). */
const SLEEP_MS = 3000;

/** Resolves with the id of the first trial that `workerId` reports training. */
function trainingTrial(nc: NatsConnection, prefix: string, workerId: string): Promise<string> {
  return new Promise((resolve) => {
    const sub = nc.subscribe(`${prefix}.workers`, {
      callback: (_e, m) => {
        const hb = m.json<{ workerId: string; state: string; trialId?: string }>();
        if (hb.workerId === workerId && hb.state === 'training' && hb.trialId) {
          sub.unsubscribe();
          resolve(hb.trialId);
        }
      },
    });
  });
}

describeNats(requireNats, { describe, it })('a worker cut off from nats-server', () => {
  let server: NatsServerHandle;
  let proxy: TcpProxy;
  let nc: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
    proxy = await startTcpProxy({ port: server.port });
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await nc?.close();
    await proxy?.close();
    await server?.stop();
  });

  it('gives its trial up after the ack wait; another worker completes it; the cut-off one carries on when the link is back', async () => {
    const dir = await tempDir('netcut');
    const out = await tempDir('netcut-out');
    const spec = await writeSpec(dir, {
      name: 'netcut', seed: 11,
      task: { name: 'noop', sleepMs: SLEEP_MS },
      model: { name: 'lstm-ae' },
      grid: { learningRate: [0.1] },
      stages: { filter: { folds: 2, keep: 1 }, evaluate: { folds: 2 } },
      final: { retrain: false },
    });
    const prefix = 'netcut';
    const direct = ['--nats', server.url, '--prefix', prefix];
    const victim = new CliProcess(['worker', '--nats', `nats://127.0.0.1:${proxy.port}`, '--prefix', prefix], { env: { SEQSWEEP_WORKER_ID: 'victim' } });
    await victim.waitForLine(/^worker victim ready/);
    const held = trainingTrial(nc, prefix, 'victim');
    const run = new CliProcess(['run', spec, ...direct, '--out', out, '--no-tui', '--ack-wait', String(ACK_WAIT_MS)]);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    const cutTrial = await held;
    proxy.cut();
    const rescuer = new CliProcess(['worker', ...direct], { env: { SEQSWEEP_WORKER_ID: 'rescuer' } });

    // The victim notices by itself that no lease extension got through for longer than the ack wait.
    const gaveUp = await victim.waitForLine(/ given up, not acked: /, 20_000);
    expect(gaveUp).toMatch(new RegExp(`^${cutTrial} given up, not acked: no lease extension of ${cutTrial} was confirmed for \\d+ ms, longer than the ack wait \\(1500 ms\\)`));
    // The rescuer, on its own connection, completes the trial the server redelivered.
    const rescued = new Promise<void>((resolve) => {
      const sub = nc.subscribe(`${prefix}.results.${sweepId}.${cutTrial}`, { callback: () => {
        sub.unsubscribe();
        resolve();
      } });
    });
    await rescued;
    // With the rescuer gone (its running trial handed back), only the victim can finish the sweep.
    rescuer.kill('SIGTERM');
    expect(await rescuer.exit(20_000)).toBe(0);
    expect(proxy.refused).toBeGreaterThan(0);
    proxy.restore();
    const code = await run.exit(40_000).catch((e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- the cut-off worker:\n${victim.output}`);
    });
    expect(code, `${run.output}\n--- the cut-off worker:\n${victim.output}`).toBe(0);
    console.log(`the cut-off worker:\n${victim.output}`);
    expect(victim.child.exitCode).toBeNull();
    victim.kill('SIGTERM');
    expect(await victim.exit(20_000)).toBe(0);

    const results = await readResults(out, sweepId);
    const ids = results.trials.map((t) => t.id);
    expect(ids).toHaveLength(2 + 2);
    expect(new Set(ids).size).toBe(ids.length);
    expect(results.status).toBe('completed');
    expect(results.trials.every((t) => t.status === 'completed')).toBe(true);
    const rescuedTrial = results.trials.find((t) => t.id === cutTrial);
    expect(rescuedTrial).toMatchObject({ worker: 'rescuer', attempts: 2 });
    // After the link came back the victim pulled again and trained trials to the end.
    expect(results.trials.some((t) => t.worker === 'victim')).toBe(true);
    expect(proxy.accepted).toBeGreaterThanOrEqual(2);
    // The victim never finished the trial it gave up. Had a result of it come late, the results stream would
    // have refused it as a second result for the trial (the victim logs that as a dropped duplicate) and the
    // coordinator would have dropped any that reached it: each case is logged, and results.json has each trial once.
    const late = victim.stderr.filter((l) => l.startsWith(`${cutTrial} `) && / completed in /.test(l));
    const duplicates = victim.stderr.filter((l) => l.startsWith(`${cutTrial}: its result was dropped as a duplicate`));
    expect(duplicates).toHaveLength(late.length);
    expect(run.stdout.filter((l) => /rejected a message/.test(l) && !/dropped a duplicate result for trial/.test(l))).toEqual([]);
  });
});
