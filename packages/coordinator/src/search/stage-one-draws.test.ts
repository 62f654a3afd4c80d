import { describe, expect, it } from 'vitest';
import { parseSpec, type Observation, type Params, type SearchStrategy, type TrialAssignment, type TrialResult } from '@seqsweep/core';
import { StageOneDraws } from './stage-one-draws.js';

const spec = parseSpec({ name: 'draws', seed: 1, task: { name: 'noop' }, model: { name: 'lstm-ae' }, stages: { filter: { folds: 2 } } });

/**
 * A strategy whose every draw shows the history it was given: the point's hiddenSize is its draw number and its
 * learning rate encodes how many points were complete and bad then, and the sum of their scores.
 */
const telltale: SearchStrategy = {
  name: 'telltale',
  ask(history: readonly Observation[], n: number): Params[] {
    const complete = history.filter((o) => o.state === 'complete');
    const bad = history.filter((o) => o.state === 'bad').length;
    const sum = complete.reduce((s, o) => s + (o.score ?? 0), 0);
    return Array.from({ length: n }, (_, i) => ({ hiddenSize: history.length + i + 1, learningRate: 1 / (1 + complete.length + 10 * bad + sum) }));
  },
};

/** One worker on a FIFO queue: trials in publish order (a repeat publish is dropped), one result at a time. */
class Bench {
  readonly queue: TrialAssignment[] = [];
  readonly published = new Set<string>();
  readonly stored: TrialResult[] = [];
  drawnAtPersist: Params[] = [];
  exhausted = false;

  draws(size: number, recorded: readonly Params[] = []): StageOneDraws {
    return new StageOneDraws({
      spec, sweepId: 'draws', strategy: telltale, size, parallel: 2, recorded,
      persist: async (drawn, exhausted) => {
        this.drawnAtPersist = [...drawn];
        this.exhausted = exhausted;
      },
      publish: async (trials) => {
        for (const a of trials) if (!this.published.has(a.trialId) && !this.stored.some((r) => r.trialId === a.trialId)) {
          this.published.add(a.trialId);
          this.queue.push(a);
        }
      },
    });
  }

  /** Trains the next queued trial: fold 1 of every third point diverges. */
  next(): TrialResult | undefined {
    const a = this.queue.shift();
    if (!a) return undefined;
    const fold = a.split.kind === 'kfold' ? a.split.fold : -1;
    const diverged = Number(a.params.hiddenSize) % 3 === 0 && fold === 1;
    const r: TrialResult = {
      sweepId: 'draws', trialId: a.trialId, pointId: a.pointId, stage: 'filter', params: a.params, fold,
      status: diverged ? 'diverged' : 'completed', metrics: { valLoss: diverged ? null : Number(a.params.hiddenSize) / 10 + fold },
      history: [], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, backend: 'none', finishedAt: '2026-01-01T00:00:00Z',
    };
    this.stored.push(r);
    return r;
  }
}

async function runToEnd(bench: Bench, draws: StageOneDraws): Promise<void> {
  for (let r = bench.next(); r; r = bench.next()) {
    draws.onResult(r);
    await draws.idle();
  }
}

describe('StageOneDraws', () => {
  it('keeps `parallel` trials unfinished and tells each point once its last fold ended, bad when one diverged', async () => {
    const bench = new Bench();
    const draws = bench.draws(6);
    await draws.start([]);
    // Two folds of the first point cover the two trials kept unfinished.
    expect(draws.trials()).toHaveLength(2);
    await runToEnd(bench, draws);
    expect(draws.finished).toBe(true);
    expect(bench.drawnAtPersist.map((p) => p.hiddenSize)).toEqual([1, 2, 3, 4, 5, 6]);
    // Point 4 was drawn after points 1 and 2 completed (fold means 0.6 and 0.7), with point 3 not yet ended.
    expect(bench.drawnAtPersist[3]!.learningRate).toBeCloseTo(1 / (1 + 2 + 1.3), 12);
    // Point 5 saw point 3 bad (its fold 1 diverged).
    expect(bench.drawnAtPersist[4]!.learningRate).toBeCloseTo(1 / (1 + 2 + 10 + 1.3), 12);
  });

  it('resumed from the record and the stored results, draws what an uninterrupted run draws', async () => {
    const whole = new Bench();
    const uninterrupted = whole.draws(6);
    await uninterrupted.start([]);
    await runToEnd(whole, uninterrupted);

    const bench = new Bench();
    const first = bench.draws(6);
    await first.start([]);
    for (let i = 0; i < 4; i++) {
      first.onResult(bench.next()!);
      await first.idle();
    }
    // The coordinator dies; the worker goes on with what is queued and stores three more results.
    for (let i = 0; i < 3; i++) bench.next();
    const recorded = bench.drawnAtPersist;
    const resumed = bench.draws(6, recorded);
    await resumed.start(bench.stored);
    await runToEnd(bench, resumed);
    expect(bench.drawnAtPersist).toEqual(whole.drawnAtPersist);
    expect(new Set(bench.stored.map((r) => r.trialId)).size).toBe(bench.stored.length);
    expect(bench.stored).toHaveLength(12);
  });

  it('ends early, marked exhausted, when the strategy has no point left', async () => {
    const bench = new Bench();
    const limited: SearchStrategy = { name: 'three', ask: (h, n) => (h.length >= 3 ? [] : telltale.ask(h, n)) };
    const draws = new StageOneDraws({ ...bench.draws(6), spec, sweepId: 'draws', strategy: limited, size: 6, parallel: 2, recorded: [],
      persist: async (drawn, exhausted) => { bench.drawnAtPersist = [...drawn]; bench.exhausted = exhausted; },
      publish: async (trials) => void bench.queue.push(...trials) });
    await draws.start([]);
    await runToEnd(bench, draws);
    expect(draws.finished).toBe(true);
    expect(bench.drawnAtPersist).toHaveLength(3);
    expect(bench.exhausted).toBe(true);
  });
});
