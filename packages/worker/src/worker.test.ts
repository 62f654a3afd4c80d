import { describe, expect, it, vi } from 'vitest';
import { MemoryTransport, parseSpec, planStage, expandGrid, type TrialLease, type TrialResult, type SweepRecord } from '@seqsweep/core';
import { SweepWorker } from './worker.js';
import { waitForOptions } from '@seqsweep/core/testing';

const spec = (task: Record<string, unknown>) => parseSpec({
  name: 'w', seed: 5, task, model: { name: 'lstm-ae' },
  grid: { learningRate: [0.1, 0.01] }, stages: { filter: { folds: 2, keep: 1 }, evaluate: { folds: 2 } },
});

/**
 * The in-memory transport as seen by a worker cut off from the server for its first `cut` leases: their
 * `working()` fails as a NATS flush does while the connection is down. Every ack, nak and term is recorded.
 */
class CutOffTransport extends MemoryTransport {
  readonly ops: string[] = [];
  #cut: number;

  constructor(cut: number) {
    super();
    this.#cut = cut;
  }

  override async pullTrial(options?: { sweepId?: string; signal?: AbortSignal }): Promise<TrialLease | null> {
    const lease = await super.pullTrial(options);
    if (!lease) return null;
    const cut = this.#cut-- > 0;
    const id = `${lease.assignment.trialId}@${lease.deliveryCount}`;
    const record = <T extends unknown[]>(op: string, f: (...args: T) => Promise<void>) => (...args: T): Promise<void> => {
      this.ops.push(`${op} ${id}`);
      return f(...args);
    };
    return {
      assignment: lease.assignment, deliveryCount: lease.deliveryCount,
      ack: record('ack', () => lease.ack()), nak: record('nak', (d?: number) => lease.nak(d)), term: record('term', (r?: string) => lease.term(r)),
      working: () => (cut ? Promise.reject(new Error('connection disconnected')) : lease.working()),
    };
  }
}

/** The in-memory transport as a racing coordinator drives it: `next` is written as the record once the next result is in. */
class RecordAfterFirstResult extends MemoryTransport {
  next: SweepRecord | undefined;
  override async publishResult(result: TrialResult): Promise<{ duplicate: boolean }> {
    const out = await super.publishResult(result);
    if (this.next) await this.putSweep(this.next);
    this.next = undefined;
    return out;
  }
}

/** The first trial of the spec's first stage, for a test to tamper with. */
async function planFirst(task: Record<string, unknown>) {
  const s = spec(task);
  return planStage({ spec: s, sweepId: 'tamper', stage: 'filter', points: expandGrid(s.grid) })[0]!;
}

async function setUp(task: Record<string, unknown>, maxDeliver = 3, options: { ackWaitMs?: number; transport?: MemoryTransport; before?: (sweepId: string) => Promise<unknown> } = {}) {
  const transport = options.transport ?? new MemoryTransport();
  const s = spec(task);
  const sweepId = `w-${Math.random().toString(16).slice(2, 8)}`;
  const queue = { ackWaitMs: options.ackWaitMs ?? 2000, maxDeliver };
  await transport.ensureSweep(sweepId, queue);
  const now = new Date().toISOString();
  const record: SweepRecord = { sweepId, name: 'w', spec: s as unknown as SweepRecord['spec'], stage: 'filter', status: 'running', createdAt: now, updatedAt: now, queue, pruned: [] };
  await transport.putSweep(record);
  const trials = planStage({ spec: s, sweepId, stage: 'filter', points: expandGrid(s.grid) });
  await options.before?.(sweepId);
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
      // The tfjs backend and the LSTM arithmetic the figures depend on.
      expect(r.backend).toMatch(/^(wasm|cpu|tensorflow), (fused (native (FMA|exact)|wasm|js)|tfjs-layers)$/);
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

  it('records a trial whose error is deterministic as failed on its first delivery, with its message, and retries none', async () => {
    const { transport, results, resultsIn } = await setUp({ name: 'noop', failWhen: { learningRate: 0.1 }, failAs: 'deterministic' }, 3);
    const log: string[] = [];
    const worker = new SweepWorker({ transport, workerId: 'w3', log: (l) => log.push(l) });
    const running = worker.run();
    await resultsIn(4);
    worker.stop();
    await running;
    const failed = results.filter((r) => r.status === 'failed');
    expect(failed).toHaveLength(2);
    for (const f of failed) {
      expect(f.attempts).toBe(1);
      expect(f.error).toMatch(/^noop trial \S+ fails by design \(its point matches task\.failWhen\)$/);
    }
    expect(log.filter((l) => /retrying in/.test(l))).toEqual([]);
    expect(log.filter((l) => /would fail again on any worker \(delivery 1\/3\)/.test(l))).toHaveLength(2);
  });

  it('fails a real trial whose fold does not exist on its first delivery, and trains the others', async () => {
    const transport = new MemoryTransport();
    // Queued before the valid trials, so the worker meets it first: fold 5 of a 2-fold split is no fold at all.
    const bad = { ...(await planFirst({ name: 'toy', samples: 48, length: 8 })), trialId: 'no-such-fold' };
    const { trials, results, resultsIn } = await setUp({ name: 'toy', samples: 48, length: 8 }, 3, {
      transport, before: (sweepId) => transport.publishTrial({ ...bad, sweepId, split: { ...bad.split, fold: 5 } as typeof bad.split }),
    });
    const log: string[] = [];
    const worker = new SweepWorker({ transport, workerId: 'w4', log: (l) => log.push(l) });
    const running = worker.run();
    await resultsIn(trials.length + 1);
    worker.stop();
    await running;
    const failed = results.find((r) => r.trialId === 'no-such-fold');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: 'fold 5 does not exist in a 2-fold split' });
    expect(results.filter((r) => r.status === 'completed')).toHaveLength(trials.length);
    expect(log.filter((l) => /retrying in/.test(l))).toEqual([]);
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

  it('records the folds of a raced-out point as raced-out without training them, reading the record afresh', async () => {
    // The coordinator races the second point out as soon as the first result is in, well inside the record's cache time.
    const transport = new RecordAfterFirstResult();
    const { trials, results, record, resultsIn } = await setUp({ name: 'noop' }, 3, { transport });
    await transport.putSweep({ ...record, race: { rounds: {}, out: [], decided: {} } });
    const loser = trials[2]!.pointId;
    const entry = { pointId: loser, stage: 'filter' as const, afterFolds: 2, compared: [0, 1], p: 0.01, leader: trials[0]!.pointId, test: 't' as const, at: new Date().toISOString() };
    transport.next = { ...record, race: { rounds: { filter: 1 }, out: [entry], decided: {} } };
    const log: string[] = [];
    const worker = new SweepWorker({ transport, workerId: 'w-race', log: (l) => log.push(l) });
    const running = worker.run();
    await resultsIn(4);
    worker.stop();
    await running;
    const ofLoser = results.filter((r) => r.pointId === loser);
    expect(ofLoser.map((r) => r.status)).toEqual(['raced-out', 'raced-out']);
    expect(ofLoser.every((r) => r.durationMs === 0 && r.worker === 'w-race' && /raced out after 2 folds, p = 0.01/.test(r.error ?? ''))).toBe(true);
    expect(results.filter((r) => r.status === 'completed')).toHaveLength(2);
    // No log line says a trial of the loser trained (lines start with the trial id).
    const loserTrials = new Set(trials.filter((t) => t.pointId === loser).map((t) => t.trialId));
    expect(log.filter((l) => / completed in /.test(l))).toHaveLength(2);
    expect(log.filter((l) => / completed in /.test(l) && loserTrials.has(l.split(' ')[0]!))).toEqual([]);
  });

  it('records the remaining folds of a stage whose race was decided as skipped, without training them', async () => {
    // The coordinator decides the filter race as soon as the first result is in: every later fold is skipped.
    const transport = new RecordAfterFirstResult();
    const { trials, results, record, resultsIn } = await setUp({ name: 'noop' }, 3, { transport });
    await transport.putSweep({ ...record, race: { rounds: {}, out: [], decided: {} } });
    const winner = trials[0]!.pointId;
    const decided = { live: [winner], folds: [2], at: new Date().toISOString() };
    transport.next = { ...record, race: { rounds: { filter: 1 }, out: [], decided: { filter: decided } } };
    const log: string[] = [];
    const worker = new SweepWorker({ transport, workerId: 'w-decided', log: (l) => log.push(l) });
    const running = worker.run();
    await resultsIn(trials.length);
    worker.stop();
    await running;
    expect(results.map((r) => r.status)).toEqual(['completed', 'skipped', 'skipped', 'skipped']);
    const skipped = results.filter((r) => r.status === 'skipped');
    expect(skipped.every((r) => r.durationMs === 0 && r.worker === 'w-decided' && /filter race was decided/.test(r.error ?? ''))).toBe(true);
    expect(log.filter((l) => /completed in/.test(l))).toHaveLength(1);
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
    await vi.waitFor(() => expect(log.some((l) => /no readable record; handing the trial back/.test(l))).toBe(true), waitForOptions());
    expect(ghostResults).toEqual([]);
    await transport.putSweep({ ...record, sweepId: 'ghost-sweep' });
    await running;
    expect(ghostResults).toEqual(['completed@2']);
    expect(results).toHaveLength(0);
  });

  it('gives up a trial whose lease it cannot extend for longer than the ack wait: no ack, no nak; another delivery completes it', async () => {
    const transport = new CutOffTransport(1);
    const { trials, results } = await setUp({ name: 'noop', sleepMs: 1000 }, 3, { ackWaitMs: 300, transport });
    const log: string[] = [];
    const worker = new SweepWorker({ transport, workerId: 'w6', maxTrials: trials.length, log: (l) => log.push(l) });
    await worker.run();
    const lost = log.map((l) => /^(\S+) given up, not acked: no lease extension of \1 was confirmed for \d+ ms, longer than the ack wait \(300 ms\); the server has redelivered it \(is the connection to memory down\?\)$/.exec(l)?.[1]).filter(Boolean);
    expect(lost).toHaveLength(1);
    const cutId = lost[0]!;
    expect(log.some((l) => l === `could not extend the lease of ${cutId}: connection disconnected`)).toBe(true);
    expect(log.some((l) => /worker stopping/.test(l))).toBe(false);
    expect(transport.ops.filter((op) => op.endsWith(`${cutId}@1`))).toEqual([]);
    expect(transport.ops.filter((op) => op.startsWith('ack'))).toHaveLength(trials.length);
    expect(results.map((r) => r.trialId).sort()).toEqual(trials.map((t) => t.trialId).sort());
    expect(results.find((r) => r.trialId === cutId)).toMatchObject({ status: 'completed', attempts: 2, worker: 'w6' });
    expect(worker.done).toBe(trials.length);
  });

  it('logs a result that comes after another delivery recorded one as a dropped duplicate, and acks the trial', async () => {
    const { transport, trials, results, resultsIn } = await setUp({ name: 'noop' });
    const first = trials[0]!;
    await transport.publishResult({
      sweepId: first.sweepId, trialId: first.trialId, pointId: first.pointId, stage: first.stage, params: first.params,
      fold: 0, status: 'completed', metrics: { valLoss: 0.5 }, history: [], bestEpoch: 0, worker: 'redelivered-to',
      attempts: 2, durationMs: 1, backend: 'none', finishedAt: new Date().toISOString(),
    });
    const log: string[] = [];
    const worker = new SweepWorker({ transport, workerId: 'late', maxTrials: trials.length, log: (l) => log.push(l) });
    await worker.run();
    await resultsIn(trials.length);
    expect(log.filter((l) => /dropped as a duplicate/.test(l))).toEqual([`${first.trialId}: its result was dropped as a duplicate (another delivery of the trial recorded one first)`]);
    expect(results).toHaveLength(trials.length);
    expect(results.find((r) => r.trialId === first.trialId)?.worker).toBe('redelivered-to');
    expect(await transport.queuedTrials(first.sweepId)).toBe(0);
  });
});
