import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGrid, MemoryBroker, MemoryTransport, parseSpec, planStage, type TrialAssignment, type TrialResult, type Transport } from '@seqsweep/core';
import { Coordinator } from './coordinator.js';
import type { SweepEvent } from './events.js';

/**
 * A scripted worker on the real in-memory transport: it pulls trials and answers each with `score(assignment)`,
 * or with a diverged result, or hands the trial back and quits where the script says 'nak'.
 */
function scriptedWorker(transport: Transport, score: (a: TrialAssignment) => number | 'diverge' | 'nak' | 'drop', signal: AbortSignal): { ran: string[]; done: Promise<void> } {
  const ran: string[] = [];
  const done = (async () => {
    for (;;) {
      const lease = await transport.pullTrial({ signal });
      if (!lease) return;
      const a = lease.assignment;
      const record = await transport.getSweep(a.sweepId);
      if (record?.pruned.includes(a.pointId)) {
        await lease.ack();
        continue;
      }
      const s = score(a);
      if (s === 'nak') {
        // The script's way to make this worker quit: hand the trial back and stop.
        await lease.nak(0);
        return;
      }
      if (s === 'drop') {
        // A worker that lost the trial: acked, with no result.
        await lease.ack();
        continue;
      }
      ran.push(a.trialId);
      const metrics = s === 'diverge' ? { valLoss: null } : { valLoss: s, ...(a.stage === 'final' ? { testLoss: s } : {}) };
      const result: TrialResult = {
        sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params,
        fold: a.split.kind === 'kfold' ? a.split.fold : -1, status: s === 'diverge' ? 'diverged' : 'completed',
        metrics, history: [metrics], bestEpoch: 0, worker: 'scripted', attempts: lease.deliveryCount, durationMs: 1,
        backend: 'none', finishedAt: new Date().toISOString(),
      };
      await transport.publishResult(result);
      await lease.ack();
    }
  })();
  return { ran, done };
}

const spec = (over: Record<string, unknown> = {}) => parseSpec({
  name: 'unit', seed: 1,
  task: { name: 'noop' }, model: { name: 'lstm-ae' },
  grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16] },
  stages: { filter: { folds: 2, keep: 2 }, evaluate: { folds: 3 } },
  ...over,
});

const lrScore = (a: TrialAssignment): number => Number(a.params.learningRate) + Number(a.params.hiddenSize) / 1000 + (a.split.kind === 'kfold' ? a.split.fold * 1e-6 : 0);

describe('Coordinator', () => {
  it('runs filter, evaluate and final stages, keeps the top points, and writes results.json and trials.csv', async () => {
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    const stop = new AbortController();
    const worker = scriptedWorker(transport, lrScore, stop.signal);
    const events: SweepEvent[] = [];
    const outcome = await new Coordinator({ transport, outDir: out, onEvent: (e) => events.push(e) }).start({ spec: spec() });
    stop.abort();
    await worker.done;
    expect(outcome.trials.filter((t) => t.stage === 'filter')).toHaveLength(12);
    expect(outcome.trials.filter((t) => t.stage === 'evaluate')).toHaveLength(6);
    expect(outcome.trials.filter((t) => t.stage === 'final')).toHaveLength(1);
    // min mode: the smallest learning rate with the smaller hidden size scores best.
    expect(outcome.best?.params).toEqual({ learningRate: 0.001, hiddenSize: 8 });
    expect(outcome.leaderboard[0]?.stage).toBe('evaluate');
    expect(outcome.leaderboard.filter((e) => e.survivor)).toHaveLength(2);
    const json = JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8'));
    expect(json.status).toBe('completed');
    expect(json.best.test.testLoss).toBeCloseTo(0.009, 6);
    const csv = (await readFile(join(outcome.dir, 'trials.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(1 + 19);
    expect(csv[0]).toContain('learningRate');
    expect(events[0]).toMatchObject({ type: 'sweep', resumed: false });
    expect(events.some((e) => e.type === 'survivors')).toBe(true);
  });

  it('prunes a point whose fold diverges and never selects it', async () => {
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    const stop = new AbortController();
    const worker = scriptedWorker(transport, (a) => (a.params.learningRate === 0.001 && a.params.hiddenSize === 8 ? 'diverge' : lrScore(a)), stop.signal);
    const outcome = await new Coordinator({ transport, outDir: out }).start({ spec: spec() });
    stop.abort();
    await worker.done;
    const bad = outcome.trials.filter((t) => t.params.learningRate === 0.001 && t.params.hiddenSize === 8);
    expect(bad).toHaveLength(2);
    expect(bad.every((t) => t.status === 'diverged' || t.status === 'pruned')).toBe(true);
    expect(bad.some((t) => t.status === 'diverged')).toBe(true);
    expect(outcome.best?.params).toEqual({ learningRate: 0.001, hiddenSize: 16 });
    expect(outcome.leaderboard.find((e) => e.params.hiddenSize === 8 && e.params.learningRate === 0.001)?.status).toBe('diverged');
  });

  it('reports work started from a callback that fails (a server away too long) and goes on, with no unhandled rejection', async () => {
    const transport = new MemoryTransport();
    let refused = 0;
    // The transport, except that storing the record with the first pruned point fails, as after its retries ran out.
    const flaky = new Proxy(transport, {
      get: (target, key) => {
        if (key === 'putSweep') {
          return async (record: Parameters<Transport['putSweep']>[0]) => {
            if (record.pruned.length > 0 && refused++ === 0) throw new Error('nats-server at nats://h:4222 did not answer');
            return target.putSweep(record);
          };
        }
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    const stop = new AbortController();
    const events: SweepEvent[] = [];
    const worker = scriptedWorker(transport, (a) => (a.params.learningRate === 0.001 && a.params.hiddenSize === 8 ? 'diverge' : lrScore(a)), stop.signal);
    const outcome = await new Coordinator({ transport: flaky, outDir: out, onEvent: (e) => events.push(e) }).start({ spec: spec() });
    stop.abort();
    await worker.done;
    expect(refused).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'invalid').map((e) => e.type === 'invalid' && e.message))
      .toEqual([expect.stringMatching(/^could not prune p-\w+: nats-server at nats:\/\/h:4222 did not answer$/)]);
    expect(outcome.status).toBe('completed');
    expect(outcome.trials).toHaveLength(12 + 6 + 1);
  });

  it('clears the finished sweep\'s queue of a trial whose worker died after publishing its result, before acking', async () => {
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    let published!: () => void;
    const stage = new Promise<void>((resolve) => (published = resolve));
    const run = new Coordinator({ transport, outDir: out, onEvent: (e) => e.type === 'stage' && published() }).start({ spec: spec(), sweepId: 'dies-before-ack' });
    await stage;
    const lease = await transport.pullTrial({ sweepId: 'dies-before-ack' });
    const a = lease!.assignment;
    await transport.publishResult({
      sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold: a.split.kind === 'kfold' ? a.split.fold : -1,
      status: 'completed', metrics: { valLoss: lrScore(a) }, history: [], bestEpoch: 0, worker: 'died', attempts: 1, durationMs: 1, backend: 'none',
      finishedAt: new Date().toISOString(),
    });
    // No ack: the worker is gone, and its lease (60 s) outlives the sweep.
    const stop = new AbortController();
    const worker = scriptedWorker(transport, lrScore, stop.signal);
    const outcome = await run;
    stop.abort();
    await worker.done;
    expect(outcome.status).toBe('completed');
    expect(outcome.trials.find((t) => t.trialId === a.trialId)?.worker).toBe('died');
    expect(await transport.queuedTrials('dies-before-ack')).toBe(0);
  });

  it('resumes from the transport alone and re-runs no finished trial', async () => {
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    const s = spec();
    // First coordinator: dies (is abandoned) once four filter results are in.
    const stop1 = new AbortController();
    let answered = 0;
    const w1 = scriptedWorker(transport, (a) => (answered++ < 4 ? lrScore(a) : 'nak'), stop1.signal);
    const kill = new AbortController();
    const first = new Coordinator({ transport, outDir: out, signal: kill.signal });
    let sweepId = '';
    const abandoned = first.start({ spec: s, sweepId: 'resume-me' });
    await new Promise<void>((resolve) => {
      let seen = 0;
      void transport.subscribeResults('resume-me', () => {
        if (++seen === 4) resolve();
      });
    });
    kill.abort();
    await expect(abandoned).rejects.toThrow();
    stop1.abort();
    await w1.done;
    sweepId = 'resume-me';
    const stop2 = new AbortController();
    const w2 = scriptedWorker(transport, lrScore, stop2.signal);
    const outcome = await new Coordinator({ transport, outDir: out }).resume(sweepId);
    stop2.abort();
    await w2.done;
    const all = [...w1.ran, ...w2.ran];
    expect(new Set(all).size).toBe(all.length);
    expect(w1.ran).toHaveLength(4);
    expect(outcome.trials).toHaveLength(12 + 6 + 1);
    expect(outcome.status).toBe('completed');
  });

  it('on resume, records as failed a trial given up while no coordinator listened, and completes', async () => {
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    const kill = new AbortController();
    const published = new Promise<void>((resolve) => {
      void new Coordinator({ transport, outDir: out, ackWaitMs: 200, maxDeliver: 1, signal: kill.signal, onEvent: (e) => e.type === 'stage' && resolve() })
        .start({ spec: spec(), sweepId: 'lost-one' }).catch(() => undefined);
    });
    await published;
    kill.abort();
    // With the coordinator gone, a worker takes a trial and dies with it: its only delivery runs out unseen.
    const givenUp = new Promise<string>((resolve) => transport.onDeliveryExhausted('lost-one', (e) => resolve(e.trialId)));
    const doomed = await transport.pullTrial({ sweepId: 'lost-one' });
    expect(await givenUp).toBe(doomed!.assignment.trialId);
    const stop = new AbortController();
    const worker = scriptedWorker(transport, lrScore, stop.signal);
    const outcome = await new Coordinator({ transport, outDir: out }).resume('lost-one');
    stop.abort();
    await worker.done;
    const lost = outcome.trials.find((t) => t.trialId === doomed!.assignment.trialId);
    expect(lost).toMatchObject({ status: 'failed', error: expect.stringMatching(/deliveries ran out while no coordinator was listening/) });
    expect(outcome.status).toBe('completed');
    expect(new Set(outcome.trials.map((t) => t.trialId)).size).toBe(outcome.trials.length);
  });

  it('skips the final retrain when final.retrain is false, with no best point', async () => {
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    const stop = new AbortController();
    const worker = scriptedWorker(transport, lrScore, stop.signal);
    const outcome = await new Coordinator({ transport, outDir: out }).start({ spec: spec({ final: { retrain: false } }) });
    stop.abort();
    await worker.done;
    expect(outcome.trials.filter((t) => t.stage === 'final')).toHaveLength(0);
    expect(outcome.trials).toHaveLength(12 + 6);
    expect(outcome.best).toBeNull();
    expect(outcome.status).toBe('completed');
  });

  it('drops a second result for a recorded trial, keeps the first and reports it once', async () => {
    // A transport that does not refuse repeated results (a results stream without per-trial limits): every result
    // comes twice more, as from a worker whose lease ran out and which finished the trial anyway.
    class RepeatingResults extends MemoryTransport {
      override subscribeResults(sweepId: string, handler: (result: TrialResult) => void) {
        return super.subscribeResults(sweepId, (r) => {
          handler(r);
          const late = { ...r, worker: 'late-worker', attempts: r.attempts + 1, metrics: { valLoss: 99 } };
          handler(late);
          handler(late);
        });
      }
    }
    const transport = new RepeatingResults();
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    const stop = new AbortController();
    const worker = scriptedWorker(transport, lrScore, stop.signal);
    const events: SweepEvent[] = [];
    const outcome = await new Coordinator({ transport, outDir: out, onEvent: (e) => events.push(e) }).start({ spec: spec() });
    stop.abort();
    await worker.done;
    expect(outcome.trials).toHaveLength(12 + 6 + 1);
    expect(outcome.trials.every((t) => t.worker === 'scripted')).toBe(true);
    expect(outcome.best?.params).toEqual({ learningRate: 0.001, hiddenSize: 8 });
    const dropped = events.flatMap((e) => (e.type === 'invalid' ? [e.message] : []));
    expect(dropped).toHaveLength(19);
    expect(new Set(dropped).size).toBe(19);
    expect(dropped[0]).toMatch(/^dropped a duplicate result for trial "\S+" from late-worker \(attempt 2\): the one from scripted \(attempt 1\) is kept$/);
    const results = events.filter((e) => e.type === 'result');
    expect(results).toHaveLength(19);
  });

  it('refuses a plan over --max-trials with its size stated, before publishing anything', async () => {
    const transport = new MemoryTransport();
    await expect(new Coordinator({ transport, maxTrials: 5 }).start({ spec: spec() })).rejects.toThrow(/12 trials, over the limit of 5/);
    expect(await transport.listSweeps()).toEqual([]);
  });

  it('clears a forged message that holds a trial\'s result subject and records the trial, instead of waiting for it forever', async () => {
    const broker = new MemoryBroker();
    const transport = new MemoryTransport({ broker });
    transport.onInvalid(() => undefined);
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    const s = spec();
    const [held] = planStage({ spec: s, sweepId: 'held', stage: 'filter', points: expandGrid(s.grid) });
    // Stored first, as a hostile worker-role user could: every real result for that trial is then refused.
    broker.publishRaw(`seqsweep.results.held.${held!.trialId}`, Buffer.from('{"forged":true}'));
    const events: SweepEvent[] = [];
    const stop = new AbortController();
    const worker = scriptedWorker(transport, lrScore, stop.signal);
    const outcome = await new Coordinator({ transport, outDir: out, ackWaitMs: 200, onEvent: (e) => events.push(e) }).start({ spec: s, sweepId: 'held' });
    stop.abort();
    await worker.done;
    expect(outcome.status).toBe('completed');
    expect(worker.ran).toContain(held!.trialId);
    expect(outcome.trials.find((t) => t.trialId === held!.trialId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/held a message that is no valid result of the plan/) });
    expect(events.filter((e) => e.type === 'invalid' && /cleared the result subject/.test(e.message))).toHaveLength(1);
    expect(new Set(outcome.trials.map((t) => t.trialId)).size).toBe(outcome.trials.length);
  });

  it('keeps a real result stored between its check of the results and its synthetic one: nothing is cleared', async () => {
    const s = spec();
    const [late] = planStage({ spec: s, sweepId: 'late', stage: 'filter', points: expandGrid(s.grid) });
    let armed = true;
    const realResult = (a: TrialAssignment): TrialResult => ({
      sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold: 0, status: 'completed',
      metrics: { valLoss: 0.5 }, history: [{ valLoss: 0.5 }], bestEpoch: 0, worker: 'slow', attempts: 3, durationMs: 1, backend: 'none',
      finishedAt: new Date().toISOString(),
    });
    // A worker whose lease ran out finishes the trial after the coordinator has found it missing, just before
    // the coordinator's own (synthetic) result for it goes out.
    class LateResult extends MemoryTransport {
      override async publishResult(r: TrialResult): Promise<{ duplicate: boolean }> {
        if (armed && r.trialId === late!.trialId && r.worker === 'coordinator') {
          armed = false;
          await super.publishResult(realResult(late!));
        }
        return super.publishResult(r);
      }
    }
    const transport = new LateResult();
    const out = await mkdtemp(join(tmpdir(), 'coord-'));
    const events: SweepEvent[] = [];
    const stop = new AbortController();
    // The trial is taken and acked without a result, as by a worker that lost it: the queue is empty, the result missing.
    const worker = scriptedWorker(transport, (a) => (a.trialId === late!.trialId ? 'drop' : lrScore(a)), stop.signal);
    const outcome = await new Coordinator({ transport, outDir: out, ackWaitMs: 200, onEvent: (e) => events.push(e) }).start({ spec: s, sweepId: 'late' });
    stop.abort();
    await worker.done;
    expect(armed).toBe(false);
    expect(outcome.status).toBe('completed');
    expect(outcome.trials.find((t) => t.trialId === late!.trialId)).toMatchObject({ status: 'completed', worker: 'slow' });
    expect(events.filter((e) => e.type === 'invalid')).toEqual([]);
  });
});
