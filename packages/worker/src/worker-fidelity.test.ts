import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseSpec, planStage, expandGrid, trialId, type Fidelity, type SweepRecord, type TrialAssignment, type TrialResult } from '@seqsweep/core';
import { SweepWorker } from './worker.js';

/** A sweep of fold trials that halving would train to 2 and then 5 epochs. */
const spec = (task: Record<string, unknown>) => parseSpec({
  name: 'rungs', seed: 8, task, model: { name: 'lstm-ae', hiddenSize: 3 }, train: { epochs: 5, batchSize: 16, patience: 3 },
  grid: { learningRate: [0.02] }, stages: { filter: { folds: 2, keep: 1, epochs: 5 }, evaluate: { folds: 2 } },
});

/** A sweep record on a fresh in-memory transport, and a worker's way to run given trials one after another. */
async function setUp(task: Record<string, unknown>) {
  const transport = new MemoryTransport();
  const s = spec(task);
  const sweepId = `rungs-${Math.random().toString(16).slice(2, 8)}`;
  const queue = { ackWaitMs: 10_000, maxDeliver: 3 };
  await transport.ensureSweep(sweepId, queue);
  const now = new Date().toISOString();
  await transport.putSweep({ sweepId, name: 'rungs', spec: s as unknown as SweepRecord['spec'], stage: 'filter', status: 'running', createdAt: now, updatedAt: now, queue, pruned: [] });
  const [fold0] = planStage({ spec: s, sweepId, stage: 'filter', points: expandGrid(s.grid) });
  const waiting = new Map<string, (r: TrialResult) => void>();
  await transport.subscribeResults(sweepId, (r) => waiting.get(r.trialId)?.(r));
  /** Publishes `trial` and has a worker train it; resolves with its result (the test's deadline bounds the wait). */
  const train = async (trial: TrialAssignment): Promise<TrialResult> => {
    const result = new Promise<TrialResult>((resolve) => waiting.set(trial.trialId, resolve));
    await transport.publishTrial(trial);
    const worker = new SweepWorker({ transport, workerId: 'w', log: () => {} });
    const running = worker.run();
    const out = await result;
    worker.stop({ drain: true });
    await running;
    return out;
  };
  /** Fold 0 at a rung, with the id halving gives it (`as` names a second trial of the same rung). */
  const atRung = (fidelity: Fidelity, as = ''): TrialAssignment => ({
    ...fold0!, fidelity, trialId: `${trialId({ sweepId, stage: 'filter', params: fold0!.params, fold: 0, seed: fold0!.seed, rung: fidelity.rung })}${as}`,
  });
  return { transport, train, atRung };
}

const TASKS = [
  { name: 'noop' },
  { name: 'toy', samples: 40, length: 6 },
];

describe('SweepWorker under successive halving', () => {
  for (const task of TASKS) {
    it(`${task.name}: a rung-1 trial continues from rung 0's checkpoint to the history of a straight run`, async () => {
      const { transport, train, atRung } = await setUp(task);
      const straight = await train(atRung({ rung: 0, epochs: 5 }, '-straight'));
      const rung0 = await train(atRung({ rung: 0, epochs: 2 }));
      expect(rung0).toMatchObject({ status: 'completed', rung: 0, attempts: 1, checkpoint: { epoch: 2 } });
      expect(rung0.history).toEqual(straight.history.slice(0, 2));
      expect(rung0.checkpoint!.name).toMatch(new RegExp(`^checkpoints/${rung0.sweepId}/filter/${rung0.pointId}/f0/e2-[0-9a-f]{16}$`));
      // The reference names the stored bytes.
      const stored = await transport.getObject(rung0.checkpoint!.name, rung0.checkpoint!.digest, { store: 'models' });
      expect(stored.byteLength).toBeGreaterThan(0);

      const rung1 = await train(atRung({ rung: 1, epochs: 5, from: rung0.checkpoint! }));
      expect(rung1).toMatchObject({ status: 'completed', rung: 1, checkpoint: { epoch: straight.history.length } });
      expect(rung1.history).toEqual(straight.history);
      expect(rung1.metrics).toEqual(straight.metrics);
      expect(rung1.bestEpoch).toBe(straight.bestEpoch);
    });

    it(`${task.name}: a trial whose checkpoint is missing fails on its first delivery, naming it`, async () => {
      const { train, atRung } = await setUp(task);
      const from = { name: 'checkpoints/gone/e2', digest: 'a'.repeat(64), epoch: 2 };
      const failed = await train(atRung({ rung: 1, epochs: 5, from }));
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, rung: 1 });
      expect(failed.checkpoint).toBeUndefined();
      expect(failed.error).toMatch(/^the checkpoint checkpoints\/gone\/e2 \(epoch 2\) that this trial continues from cannot be used: [^\n]+$/);
    });
  }

  it('toy: a checkpoint that is not a training checkpoint, names another epoch, or is of another run fails once, naming it', async () => {
    const { transport, train, atRung } = await setUp({ name: 'toy', samples: 40, length: 6 });
    const rung0 = await train(atRung({ rung: 0, epochs: 2 }));
    const { digest } = await transport.putObject('checkpoints/junk', new TextEncoder().encode('not a checkpoint'), { store: 'models' });
    const cases: [TrialAssignment, RegExp][] = [
      [atRung({ rung: 1, epochs: 5, from: { name: 'checkpoints/junk', digest, epoch: 2 } }, '-junk'), /checkpoints\/junk \(epoch 2\) .* cannot be used: the training checkpoint is not readable: it does not start with the checkpoint magic "SQSWCKPT"$/],
      [atRung({ rung: 1, epochs: 5, from: { ...rung0.checkpoint!, epoch: 1 } }, '-epoch'), /\(epoch 1\) .* cannot be used: it holds 2 epochs, where the assignment names epoch 1$/],
      [{ ...atRung({ rung: 1, epochs: 5, from: rung0.checkpoint! }, '-seed'), seed: 9 }, /\(epoch 2\) .* cannot be used: the training checkpoint does not fit this run: its seed is 8, this run's is 9$/],
      [atRung({ rung: 1, epochs: 6, from: rung0.checkpoint! }, '-over'), /^rung 1 trains to 6 epochs, more than the trial's train\.epochs \(5\)/],
    ];
    for (const [trial, error] of cases) {
      const failed = await train(trial);
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, rung: 1 });
      expect(failed.error).toMatch(error);
    }
  });
});
