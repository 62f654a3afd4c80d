/**
 * The plan is the only truth: a result is taken only for a trial the coordinator published in the stage it runs (or
 * in one that ended). Forged results that match the plan in every field but the timing are sent before, during and
 * after each stage, through the real coordinator on the in-memory transport, and change nothing.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MemoryTransport, parseSpec, planFinal, planStage, type Params, type Stage, type TrialAssignment, type TrialResult, type Transport,
} from '@seqsweep/core';
import { Coordinator } from './coordinator.js';
import type { SweepEvent } from './events.js';

const spec = parseSpec({
  name: 'truth', seed: 1, task: { name: 'noop' }, model: { name: 'lstm-ae' },
  grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16] },
  stages: { filter: { folds: 2, keep: 2 }, evaluate: { folds: 3 } },
});
/** Smaller is better: the best point is (0.001, 8), the survivors (0.001, 8) and (0.001, 16). */
const score = (a: TrialAssignment): number => Number(a.params.learningRate) + Number(a.params.hiddenSize) / 1000 + (a.split.kind === 'kfold' ? a.split.fold * 1e-6 : 0);
const BEST = { learningRate: 0.001, hiddenSize: 8 };
const RUNNER_UP = { learningRate: 0.001, hiddenSize: 16 };
const LOSER = { learningRate: 0.1, hiddenSize: 16 };

function resultFor(a: TrialAssignment, valLoss: number, worker: string): TrialResult {
  const metrics = { valLoss, ...(a.stage === 'final' ? { testLoss: valLoss } : {}) };
  return {
    sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold: a.split.kind === 'kfold' ? a.split.fold : -1,
    status: 'completed', metrics, history: [metrics], bestEpoch: 0, worker, attempts: 1, durationMs: 1, backend: 'none', finishedAt: new Date(0).toISOString(),
  };
}

/** A forged result that would win: the trial's id, stage, point and fold are those of the plan; only its timing is wrong. */
function forged(sweepId: string, stage: Stage, params: Params, fold = 0): TrialResult {
  const a = stage === 'final'
    ? planFinal({ spec, sweepId, params })
    : planStage({ spec, sweepId, stage, points: [params] }).find((t) => t.split.kind === 'kfold' && t.split.fold === fold)!;
  return resultFor(a, -1000, 'forger');
}

function honestWorker(transport: Transport, signal: AbortSignal): Promise<void> {
  return (async () => {
    for (;;) {
      const lease = await transport.pullTrial({ signal });
      if (!lease) return;
      await transport.publishResult(resultFor(lease.assignment, score(lease.assignment), 'honest'));
      await lease.ack();
    }
  })();
}

type Moment = 'before filter' | 'during filter' | 'after filter' | 'during evaluate' | 'after evaluate' | 'during final';

/** What is forged at each moment: results that the stage running then has not published. */
const FORGERIES: Record<Moment, (sweepId: string) => TrialResult[]> = {
  'before filter': (s) => [forged(s, 'filter', LOSER, 0), forged(s, 'evaluate', LOSER), forged(s, 'final', LOSER)],
  // Attack 1 and 2 of issue 22: an evaluate result for a point that will not survive, a final one for a point that
  // will not be chosen, and one for the point that will.
  'during filter': (s) => [forged(s, 'evaluate', LOSER, 1), forged(s, 'final', RUNNER_UP), forged(s, 'final', BEST)],
  'after filter': (s) => [forged(s, 'evaluate', LOSER, 2), forged(s, 'evaluate', BEST, 2), forged(s, 'final', BEST)],
  'during evaluate': (s) => [forged(s, 'evaluate', { learningRate: 0.01, hiddenSize: 8 }), forged(s, 'final', RUNNER_UP)],
  'after evaluate': (s) => [forged(s, 'final', RUNNER_UP), forged(s, 'evaluate', LOSER)],
  'during final': (s) => [forged(s, 'final', LOSER), forged(s, 'evaluate', LOSER, 1)],
};

/** Runs the sweep with an honest worker, forging at `moment`; returns the outcome, results.json and the events. */
async function sweep(moment: Moment | undefined, sweepId: string) {
  const transport = new MemoryTransport();
  const out = await mkdtemp(join(tmpdir(), 'truth-'));
  const events: SweepEvent[] = [];
  const forge = (): void => {
    for (const r of FORGERIES[moment!](sweepId)) void transport.publishResult(r);
  };
  const fired = new Set<string>();
  const once = (key: string, when: boolean): void => {
    if (!when || fired.has(key)) return;
    fired.add(key);
    forge();
  };
  const onEvent = (e: SweepEvent): void => {
    events.push(e);
    if (!moment) return;
    const stageOf = (s: Stage) => e.type === 'result' && e.stage === s;
    once('during filter', moment === 'during filter' && stageOf('filter'));
    once('after filter', moment === 'after filter' && e.type === 'survivors');
    once('during evaluate', moment === 'during evaluate' && stageOf('evaluate'));
    once('after evaluate', moment === 'after evaluate' && e.type === 'stage' && e.stage === 'final');
    once('during final', moment === 'during final' && e.type === 'record' && e.record.stage === 'final');
  };
  await transport.ensureSweep(sweepId);
  if (moment === 'before filter') forge();
  const stop = new AbortController();
  const worker = honestWorker(transport, stop.signal);
  const outcome = await new Coordinator({ transport, outDir: out, onEvent }).start({ spec, sweepId });
  stop.abort();
  await worker;
  const file = JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8'));
  return { outcome, file, events, transport, out };
}

const board = (file: { leaderboard: Array<{ pointId: string; stage: string; mean: number | null; folds: number; survivor: boolean }> }) =>
  file.leaderboard.map((e) => [e.pointId, e.stage, e.mean, e.folds, e.survivor]);

describe('the plan is the only truth', () => {
  const MOMENTS = Object.keys(FORGERIES) as Moment[];

  it.each(MOMENTS)('a forged result sent %s changes neither the leaderboard, nor best, nor results.json', async (moment) => {
    const clean = await sweep(undefined, `truth-${moment.replace(' ', '-')}`);
    const attacked = await sweep(moment, `truth-${moment.replace(' ', '-')}`);
    expect(attacked.outcome.status).toBe('completed');
    expect(attacked.outcome.trials.filter((t) => t.worker === 'forger')).toEqual([]);
    expect(attacked.outcome.best?.params).toEqual(BEST);
    expect(attacked.file.best.test.testLoss).toBeCloseTo(0.009, 9);
    expect(attacked.file.best.cv.folds).toBe(3);
    expect(board(attacked.file)).toEqual(board(clean.file));
    expect(attacked.file.trials.map((t: { id: string; worker: string }) => [t.id, t.worker])).toEqual(clean.file.trials.map((t: { id: string; worker: string }) => [t.id, t.worker]));
    // Every forgery the coordinator saw is counted and reported once; a stream that already held the trial's result
    // refuses the rest before the coordinator sees them.
    const dropped = attacked.events.filter((e) => e.type === 'invalid' && e.message.startsWith('dropped a result'));
    expect(attacked.file.refusedResults).toBeGreaterThan(0);
    expect(attacked.file.refusedResults).toBe(dropped.length);
    expect(clean.file.refusedResults).toBe(0);
  });

  it('after the final stage, forged results change nothing that a resume writes again', async () => {
    const done = await sweep(undefined, 'truth-after-final');
    const s = 'truth-after-final';
    for (const r of [forged(s, 'final', RUNNER_UP), forged(s, 'evaluate', LOSER), forged(s, 'filter', BEST, 0)]) await done.transport.publishResult(r);
    const again = await new Coordinator({ transport: done.transport, outDir: done.out }).resume(s);
    const file = JSON.parse(await readFile(join(again.dir, 'results.json'), 'utf8'));
    expect(again.best?.params).toEqual(BEST);
    expect(board(file)).toEqual(board(done.file));
    expect(file.trials).toEqual(done.file.trials);
    expect(file.refusedResults).toBe(2);
  });

  it('a resume takes the results its predecessor published, and refuses a final result forged for another point', async () => {
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'truth-'));
    const sweepId = 'truth-resume';
    const kill = new AbortController();
    const stop1 = new AbortController();
    const w1 = honestWorker(transport, stop1.signal);
    let evaluating!: () => void;
    const inEvaluate = new Promise<void>((resolve) => (evaluating = resolve));
    const first = new Coordinator({ transport, outDir: out, signal: kill.signal, onEvent: (e) => e.type === 'result' && e.stage === 'evaluate' && evaluating() })
      .start({ spec, sweepId });
    await inEvaluate;
    kill.abort();
    await expect(first).rejects.toThrow();
    stop1.abort();
    await w1;
    await transport.publishResult(forged(sweepId, 'final', RUNNER_UP));
    const stop2 = new AbortController();
    const w2 = honestWorker(transport, stop2.signal);
    const outcome = await new Coordinator({ transport, outDir: out }).resume(sweepId);
    stop2.abort();
    await w2;
    expect(outcome.trials.filter((t) => t.worker === 'forger')).toEqual([]);
    expect(outcome.trials).toHaveLength(12 + 6 + 1);
    expect(outcome.best?.params).toEqual(BEST);
  });
});
