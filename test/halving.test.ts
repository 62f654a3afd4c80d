/**
 * Successive halving over NATS JetStream: a coordinator and two worker processes against a real nats-server on a
 * random port. The coordinator is killed once it has promoted a point and resumed from the server: every trial is
 * recorded once and trained once, promoted folds continue from their checkpoints in the `models` object store, and
 * the halted points' checkpoints are gone when the sweep ends. A worker SIGKILLed while it trains a promoted (rung 1)
 * trial leaves it to be redelivered, and the trial continues from its rung-0 checkpoint.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { trialId } from '@seqsweep/core';
import { connectNats, type NatsTransport } from '@seqsweep/transport-nats';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { testDeadline, waitUntil } from '@seqsweep/core/testing';
import type { SweepRecord } from '@seqsweep/core';
import { cliProcesses } from './support/cli.js';
import { tempDir, writeSpec, readResults } from './support/spec.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

const SEED = 3;
const GRID = { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16] };
const FOLDS = 2;

/** The ids of every stage-one trial of `rung` in a sweep of GRID (seed SEED, FOLDS folds). */
function rungTrialIds(sweepId: string, rung: number): Set<string> {
  const ids = new Set<string>();
  for (const learningRate of GRID.learningRate) {
    for (const hiddenSize of GRID.hiddenSize) {
      for (let fold = 0; fold < FOLDS; fold++) ids.add(trialId({ sweepId, stage: 'filter', params: { learningRate, hiddenSize }, fold, seed: SEED, rung }));
    }
  }
  return ids;
}

describeNats(requireNats, { describe, it })('successive halving over NATS', () => {
  let server: NatsServerHandle;
  const start = cliProcesses({ afterEach });

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a coordinator killed after its first promotion is resumed: no rung trained twice, halted checkpoints deleted', async () => {
    const dir = await tempDir('halving-nats');
    const spec = await writeSpec(dir, {
      name: 'halving-nats', seed: 6, task: { name: 'noop', sleepMs: 100 }, model: { name: 'lstm-ae' },
      grid: { learningRate: [0.1, 0.03, 0.01, 0.003, 0.001, 0.0003] },
      stages: { filter: { folds: 2, epochs: 4, keep: 2, halving: { minEpochs: 1, reduction: 2 } }, evaluate: { folds: 2, epochs: 2, halving: { minEpochs: 1, reduction: 2 } } },
      final: { epochs: 2 },
    });
    const out = await tempDir('halving-nats-out');
    const c = ['--nats', server.url, '--prefix', 'halving'];
    const workers = [start(['worker', ...c]), start(['worker', ...c])];
    await Promise.all(workers.map((w) => w.waitForLine(/^worker \S+ ready on /)));
    const watcher: NatsTransport = await connectNats({ servers: server.url, prefix: 'halving' });
    try {
      const first = start(['run', spec, ...c, '--out', out, '--no-tui']);
      const sweepId = (await first.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
      let record: SweepRecord | null = null;
      const sub = await watcher.watchSweep(sweepId, (r) => {
        record = r;
      });
      await waitUntil(() => (record?.rungs?.promoted.length ?? 0) > 0, 'the first promotion', 120_000);
      sub.unsubscribe();
      first.child.kill('SIGKILL');
      await first.exited;
      const resumed = start(['resume', sweepId, ...c, '--out', out, '--no-tui']);
      expect(await resumed.exit(240_000), resumed.output).toBe(0);
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exit(30_000)));
      const trained = workers.flatMap((w) => w.output.split('\n').filter((l) => / completed in \d+ ms$/.test(l))).map((l) => l.split(' ')[0]!);
      expect(new Set(trained).size).toBe(trained.length);

      const results = await readResults(out, sweepId);
      expect(results.status).toBe('completed');
      const ids = results.trials.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      const filter = results.trials.filter((t) => t.stage === 'filter');
      // Rungs at 1, 2 and 4 epochs: each trial's history covers every epoch from the first.
      for (const t of filter) expect(t.history).toHaveLength([1, 2, 4][t.rung ?? 0]!);
      expect(results.survivors).toHaveLength(2);
      const halted = results.leaderboard.filter((e) => e.status === 'halted');
      expect(halted.length).toBeGreaterThan(0);
      const haltedIds = new Set(halted.map((e) => `${e.stage}/${e.pointId}`));
      for (const t of results.trials.filter((r) => r.checkpoint)) {
        const get = watcher.getObject(t.checkpoint!.name, t.checkpoint!.digest, { store: 'models' });
        if (haltedIds.has(`${t.stage}/${t.pointId}`)) await expect(get).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
        else await expect(get).resolves.toBeInstanceOf(Uint8Array);
      }
      expect(results.halving?.stages.filter).toMatchObject({ rule: 'halving', rungs: [1, 2, 4] });
    } finally {
      await watcher.close();
    }
  }, testDeadline(300_000));

  it('a worker killed while it trains a promoted trial: redelivered, continued from its rung-0 checkpoint, completed once', async () => {
    const name = 'halving-kill-worker';
    const spec = await writeSpec(await tempDir(name), {
      name, seed: SEED, task: { name: 'noop', sleepMs: 400 }, model: { name: 'lstm-ae' }, grid: GRID,
      stages: { filter: { folds: FOLDS, epochs: 9, keep: 2, halving: { minEpochs: 1, reduction: 3 } }, evaluate: { folds: 2, epochs: 1 } },
    });
    const out = await tempDir(`${name}-out`);
    const c = ['--nats', server.url, '--prefix', 'hkw'];
    const victim = start(['worker', ...c]);
    await victim.waitForLine(/^worker \S+ ready on /);
    const run = start(['run', spec, ...c, '--out', out, '--no-tui', '--ack-wait', '1500']);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    const promoted = rungTrialIds(sweepId, 1);
    const nc = await connect({ servers: server.url });
    let killedTrial: string;
    try {
      // Stage one's twelve rung-0 trials take about five seconds on the one worker: the heartbeats are watched
      // long before the first promotion.
      killedTrial = await new Promise<string>((resolve) => {
        const sub = nc.subscribe('hkw.workers', {
          callback: (_e, m) => {
            const hb = m.json<{ state: string; trialId?: string }>();
            if (hb.state === 'training' && hb.trialId && promoted.has(hb.trialId)) {
              sub.unsubscribe();
              resolve(hb.trialId);
            }
          },
        });
      });
    } finally {
      await nc.close();
    }
    victim.child.kill('SIGKILL');
    await victim.exited;
    const rescuer = start(['worker', ...c]);
    expect(await run.exit(120_000), run.output).toBe(0);
    rescuer.child.kill('SIGTERM');
    await rescuer.exit(30_000);
    const results = await readResults(out, sweepId);
    const ids = results.trials.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(results.status).toBe('completed');
    const killed = results.trials.find((t) => t.id === killedTrial)!;
    expect(killed).toMatchObject({ status: 'completed', rung: 1 });
    expect(killed.attempts).toBeGreaterThanOrEqual(2);
    // Continued, not restarted: its history goes on from the rung-0 trial of the same point and fold, and it left the
    // checkpoint of its own rung.
    const before = results.trials.find((t) => t.stage === 'filter' && t.pointId === killed.pointId && t.fold === killed.fold && (t.rung ?? 0) === 0)!;
    expect(killed.history).toHaveLength(3);
    expect(killed.history[0]).toEqual(before.history[0]);
    expect(killed.checkpoint?.epoch).toBe(3);
    expect(results.trials.every((t) => t.status === 'completed')).toBe(true);
  }, testDeadline(300_000));
});
