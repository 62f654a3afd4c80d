/**
 * Successive halving with the real workers (SweepWorker, in process, on the in-memory transport): the coordinator's
 * rungs and the workers' checkpoints together. A promoted fold continues from its checkpoint, so its history covers
 * every epoch from the first; a halted point's checkpoints are deleted when its stage ends.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseSpec, rungOf } from '@seqsweep/core';
import { Coordinator, type SweepEvent } from '@seqsweep/coordinator';
import { SweepWorker } from '@seqsweep/worker';
import { testDeadline } from '@seqsweep/core/testing';

const TASKS = [
  { task: { name: 'noop' }, grid: { learningRate: [0.1, 0.03, 0.01, 0.003, 0.001, 0.0003] } },
  { task: { name: 'toy', samples: 40, length: 6 }, grid: { learningRate: [0.05, 0.01, 0.002] } },
];

describe.each(TASKS)('a halving sweep with real workers, task $task.name', ({ task, grid }) => {
  it('trains each point in rungs, continues promoted folds from their checkpoints, and deletes the halted ones\'', async () => {
    const spec = parseSpec({
      name: 'asha-real', seed: 11, task, model: { name: 'lstm-ae', hiddenSize: 3 }, train: { epochs: 4, batchSize: 16 }, grid,
      stages: { filter: { folds: 2, epochs: 4, keep: 1, halving: { minEpochs: 1, reduction: 2 } }, evaluate: { folds: 2, epochs: 2, halving: { minEpochs: 1, reduction: 2 } } },
      final: { epochs: 2 },
    });
    const transport = new MemoryTransport();
    const workers = [0, 1].map((i) => new SweepWorker({ transport, workerId: `w${i}`, log: () => {} }));
    const running = workers.map((w) => w.run());
    const events: SweepEvent[] = [];
    try {
      const outcome = await new Coordinator({ transport, outDir: await mkdtemp(join(tmpdir(), 'asha-real-')), onEvent: (e) => events.push(e) }).start({ spec, sweepId: `asha-${task.name}` });
      expect(outcome.status).toBe('completed');
      const filter = outcome.trials.filter((t) => t.stage === 'filter');
      // Rungs at 1, 2 and 4 epochs: a trial's history covers every epoch from the first, to its rung's epochs.
      for (const t of filter.filter((r) => r.status === 'completed')) expect(t.history).toHaveLength([1, 2, 4][rungOf(t)]!);
      expect(filter.filter((t) => rungOf(t) === 2).length).toBeGreaterThanOrEqual(2);
      const record = (await transport.getSweep(`asha-${task.name}`))!;
      expect(record.rungs!.halted.filter((h) => h.stage === 'filter').length).toBeGreaterThan(0);
      const halted = new Set(record.rungs!.halted.map((h) => `${h.stage}/${h.pointId}`));
      for (const r of outcome.trials.filter((t) => t.checkpoint)) {
        const get = transport.getObject(r.checkpoint!.name, r.checkpoint!.digest, { store: 'models' });
        if (halted.has(`${r.stage}/${r.pointId}`)) await expect(get).rejects.toMatchObject({ code: 'DATA_NOT_FOUND' });
        else await expect(get).resolves.toBeInstanceOf(Uint8Array);
      }
      // The final trial retrains from scratch (no rung, no checkpoint), to final.epochs (noop reports one value).
      const final = outcome.trials.find((t) => t.stage === 'final')!;
      expect(final.rung).toBeUndefined();
      expect(final.checkpoint).toBeUndefined();
      if (task.name !== 'noop') expect(final.history).toHaveLength(2);
      expect(events.some((e) => e.type === 'promoted')).toBe(true);
    } finally {
      for (const w of workers) w.stop({ drain: false });
      await Promise.all(running);
    }
  }, testDeadline(120_000));
});
