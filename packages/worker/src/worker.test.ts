import { describe, expect, it, vi } from 'vitest';
import { MemoryTransport, parseSpec, planStage, expandGrid, type TrialResult, type SweepRecord } from '@seqsweep/core';
import { SweepWorker } from './worker.js';

const spec = (task: Record<string, unknown>) => parseSpec({
  name: 'w', seed: 5, task, model: { name: 'lstm-ae' },
  grid: { learningRate: [0.1, 0.01] }, stages: { filter: { folds: 2, keep: 1 }, evaluate: { folds: 2 } },
});

async function setUp(task: Record<string, unknown>, maxDeliver = 3) {
  const transport = new MemoryTransport();
  const s = spec(task);
  const sweepId = `w-${Math.random().toString(16).slice(2, 8)}`;
  const queue = { ackWaitMs: 2000, maxDeliver };
  await transport.ensureSweep(sweepId, queue);
  const now = new Date().toISOString();
  const record: SweepRecord = { sweepId, name: 'w', spec: s as unknown as SweepRecord['spec'], stage: 'filter', status: 'running', createdAt: now, updatedAt: now, queue, pruned: [] };
  await transport.putSweep(record);
  const trials = planStage({ spec: s, sweepId, stage: 'filter', points: expandGrid(s.grid) });
  for (const t of trials) await transport.publishTrial(t);
  const results: TrialResult[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  await transport.subscribeResults(sweepId, (r) => {
    results.push(r);
    for (const w of waiters) if (results.length >= w.n) w.resolve();
  });
  /** Resolves once `n` results are in. */
  const resultsIn = (n: number): Promise<void> => new Promise((resolve) => {
    if (results.length >= n) resolve();
    else waiters.push({ n, resolve });
  });
  return { transport, trials, results, sweepId, record, resultsIn };
}

describe('SweepWorker', () => {
  it('trains each trial once, publishes its result, and heartbeats', async () => {
    const { transport, trials, results } = await setUp({ name: 'toy', samples: 48, length: 8 });
    const beats: string[] = [];
    transport.subscribeHeartbeats((h) => beats.push(h.state));
    const worker = new SweepWorker({ transport, workerId: 'w1', maxTrials: trials.length, heartbeatMs: 50 });
    await worker.run();
    expect(results.map((r) => r.trialId).sort()).toEqual(trials.map((t) => t.trialId).sort());
    for (const r of results) {
      expect(r.status).toBe('completed');
      expect(r.worker).toBe('w1');
      expect(r.backend).toMatch(/wasm|cpu|tensorflow/);
      expect(r.history.length).toBeGreaterThan(0);
      expect(r.metrics.valLoss).toBeTypeOf('number');
    }
    expect(beats).toContain('training');
    expect(beats.at(-1)).toBe('stopping');
  });

  it('retries a failing trial with a delay and records it as failed on its last delivery', async () => {
    const { transport, results, resultsIn } = await setUp({ name: 'noop', failWhen: { learningRate: 0.1 } }, 2);
    const log: string[] = [];
    const worker = new SweepWorker({ transport, workerId: 'w2', log: (l) => log.push(l) });
    const running = worker.run();
    await resultsIn(4);
    worker.stop();
    await running;
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(2);
    for (const f of failed) {
      expect(f.attempts).toBe(2);
      expect(f.error).toMatch(/fails by design/);
    }
    expect(log.some((l) => /retrying in \d+ ms/.test(l))).toBe(true);
  });

  it('skips trials of a pruned point without training them', async () => {
    const { transport, trials, results, record } = await setUp({ name: 'noop' });
    const pruned = trials[0]!.pointId;
    await transport.putSweep({ ...record, pruned: [pruned] });
    const worker = new SweepWorker({ transport, workerId: 'w3', maxTrials: 2 });
    await worker.run();
    expect(results.every((r) => r.pointId !== pruned)).toBe(true);
    expect(results).toHaveLength(2);
  });

  it('on stop hands the running trial back at once, or finishes it first with drain', async () => {
    const { transport, results, resultsIn } = await setUp({ name: 'noop', sleepMs: 400 });
    const training = (): Promise<void> => new Promise((resolve) => {
      const sub = transport.subscribeHeartbeats((h) => {
        if (h.state === 'training') {
          sub.unsubscribe();
          resolve();
        }
      });
    });
    const first = new SweepWorker({ transport, workerId: 'quitter', heartbeatMs: 10_000 });
    const busy = training();
    const run1 = first.run();
    await busy;
    first.stop();
    await run1;
    expect(results).toHaveLength(0);
    const second = new SweepWorker({ transport, workerId: 'drainer', heartbeatMs: 10_000 });
    const busy2 = training();
    const run2 = second.run();
    await busy2;
    second.stop({ drain: true });
    await run2;
    await resultsIn(1);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ worker: 'drainer', status: 'completed', attempts: 2 });
  });

  it('hands back a trial whose sweep has no readable record, and trains it once the record is there', async () => {
    const { transport, trials, record, results } = await setUp({ name: 'noop' });
    const ghost = { ...trials[0]!, sweepId: 'ghost-sweep' };
    await transport.ensureSweep('ghost-sweep', record.queue);
    await transport.publishTrial(ghost);
    const ghostResults: string[] = [];
    await transport.subscribeResults('ghost-sweep', (r) => ghostResults.push(`${r.status}@${r.attempts}`));
    const log: string[] = [];
    const worker = new SweepWorker({ transport, workerId: 'w5', sweepId: 'ghost-sweep', maxTrials: 1, log: (l) => log.push(l) });
    const running = worker.run();
    await vi.waitFor(() => expect(log.some((l) => /no readable record; handing the trial back/.test(l))).toBe(true));
    expect(ghostResults).toEqual([]);
    await transport.putSweep({ ...record, sweepId: 'ghost-sweep' });
    await running;
    expect(ghostResults).toEqual(['completed@2']);
    expect(results).toHaveLength(0);
  });
});
