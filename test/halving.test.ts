/**
 * Successive halving over NATS JetStream: a coordinator and two worker processes against a real nats-server on a
 * random port. The coordinator is killed once it has promoted a point and resumed from the server: every trial is
 * recorded once and trained once, promoted folds continue from their checkpoints in the `models` object store, and
 * the halted points' checkpoints are gone when the sweep ends.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, type NatsTransport } from '@seqsweep/transport-nats';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { testDeadline, waitUntil } from '@seqsweep/core/testing';
import type { SweepRecord } from '@seqsweep/core';
import { cliProcesses } from './support/cli.js';
import { tempDir, writeSpec, readResults } from './support/spec.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

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
});
