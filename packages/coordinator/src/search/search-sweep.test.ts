/**
 * The coordinator's stage one over every registered strategy, one table: each strategy as registered, and each one
 * that draws up front also drawn one point at a time as results arrive (the path tpe takes), so that path is tested
 * with every strategy the registry holds. Adding a strategy to the registry adds its rows.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MemoryTransport, parseResultsFile, parseSpec, pointId, STRATEGIES, type StrategyEntry, type StrategyTable, type TrialAssignment, type TrialResult,
  type Transport,
} from '@seqsweep/core';
import { Coordinator } from '../coordinator.js';

/**
 * A worker on the in-memory transport that answers each trial with a score of its point, after checking that the
 * point was in the sweep record before the trial reached it. `quitAfter` answers, it hands the next trial back.
 */
function worker(transport: Transport, signal: AbortSignal, quitAfter = Infinity): { ran: TrialAssignment[]; unrecorded: string[]; done: Promise<void> } {
  const ran: TrialAssignment[] = [];
  const unrecorded: string[] = [];
  const done = (async () => {
    for (;;) {
      const lease = await transport.pullTrial({ signal });
      if (!lease) return;
      const a = lease.assignment;
      const record = await transport.getSweep(a.sweepId);
      if (a.stage === 'filter' && !record?.search?.drawn.some((p) => pointId(p) === a.pointId)) unrecorded.push(a.trialId);
      if (ran.length >= quitAfter) {
        await lease.nak(0);
        return;
      }
      ran.push(a);
      const fold = a.split.kind === 'kfold' ? a.split.fold : -1;
      const s = Math.abs(Math.log10(Number(a.params.learningRate)) + 2) + Number(a.params.hiddenSize) / 100 + fold * 1e-3;
      const metrics = { valLoss: s, ...(a.stage === 'final' ? { testLoss: s } : {}) };
      const result: TrialResult = {
        sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold, status: 'completed',
        metrics, history: [metrics], bestEpoch: 0, worker: 'scripted', attempts: lease.deliveryCount, durationMs: 1, backend: 'none',
        finishedAt: new Date().toISOString(),
      };
      await transport.publishResult(result);
      await lease.ack();
    }
  })();
  return { ran, unrecorded, done };
}

/** Each registered strategy, and each up-front one also drawn as results arrive. */
const rows: Array<[string, string, StrategyTable]> = Object.entries(STRATEGIES).flatMap(([name, entry]) => [
  [name, name, STRATEGIES] as [string, string, StrategyTable],
  ...(entry.adaptive ? [] : [[`${name}, drawn as results arrive`, name, { ...STRATEGIES, [name]: { ...entry, adaptive: true } as StrategyEntry }] as [string, string, StrategyTable]]),
]);

/**
 * Points stage one draws: grid's 6, or 12 draws of a continuous space for a strategy that samples ranges (more than
 * tpe's 10 startup points, so that its model draws too).
 */
const pointsOf = (name: string): number => (STRATEGIES[name]!.continuous ? 12 : 6);

function specFor(name: string, over: Record<string, unknown> = {}) {
  const sweep = STRATEGIES[name]!.continuous
    ? { space: { learningRate: { loguniform: [1e-4, 0.3] }, hiddenSize: { int: [4, 32] } }, search: { strategy: name, trials: pointsOf(name) } }
    : { grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16] }, search: { strategy: name } };
  return parseSpec({
    name: 'search', seed: 3, task: { name: 'noop' }, model: { name: 'lstm-ae' },
    stages: { filter: { folds: 2, keep: 2 }, evaluate: { folds: 2 } }, ...sweep, ...over,
  });
}

async function runSweep(name: string, strategies: StrategyTable, sweepId: string, parallel = 1) {
  const transport = new MemoryTransport();
  const out = await mkdtemp(join(tmpdir(), 'search-'));
  const stop = new AbortController();
  const w = worker(transport, stop.signal);
  try {
    const outcome = await new Coordinator({ transport, outDir: out, strategies, parallel }).start({ spec: specFor(name), sweepId });
    return { outcome, w, record: await transport.getSweep(sweepId) };
  } finally {
    stop.abort();
    await w.done;
  }
}

describe.each(rows)('stage one with strategy %s', (_label, name, strategies) => {
  it('runs every drawn point once, stores each before its trials go out, and records the strategy and the draw order', async () => {
    const { outcome, w, record } = await runSweep(name, strategies, 'search-a', 2);
    expect(w.unrecorded).toEqual([]);
    const drawn = record!.search!.drawn;
    expect(drawn).toHaveLength(pointsOf(name));
    expect(new Set(drawn.map(pointId)).size).toBe(pointsOf(name));
    const filter = outcome.trials.filter((t) => t.stage === 'filter');
    expect(filter).toHaveLength(pointsOf(name) * 2);
    expect(new Set(w.ran.map((a) => a.trialId)).size).toBe(w.ran.length);
    expect(new Set(filter.map((t) => t.pointId))).toEqual(new Set(drawn.map(pointId)));
    // Stage two and the final stage as before: the 2 best of stage one, then the best of those.
    expect(outcome.trials.filter((t) => t.stage === 'evaluate')).toHaveLength(4);
    expect(outcome.trials.filter((t) => t.stage === 'final')).toHaveLength(1);
    const file = parseResultsFile(JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8')));
    expect(file.ok && file.file.search).toMatchObject({ strategy: name, drawn });
  });

  it('draws the same points in the same order in two runs with one worker', async () => {
    const a = await runSweep(name, strategies, 'search-b', 1);
    const b = await runSweep(name, strategies, 'search-b', 1);
    expect(b.record!.search!.drawn).toEqual(a.record!.search!.drawn);
  });

  it('killed mid-stage and resumed: every trial runs once, and the points are those of an uninterrupted run', async () => {
    const whole = await runSweep(name, strategies, 'search-c', 1);
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'search-'));
    const stop1 = new AbortController();
    const w1 = worker(transport, stop1.signal, 5);
    const kill = new AbortController();
    const abandoned = new Coordinator({ transport, outDir: out, strategies, parallel: 1, signal: kill.signal }).start({ spec: specFor(name), sweepId: 'search-c' });
    await w1.done;
    kill.abort();
    await expect(abandoned).rejects.toThrow();
    stop1.abort();
    const stop2 = new AbortController();
    const w2 = worker(transport, stop2.signal);
    try {
      const outcome = await new Coordinator({ transport, outDir: out, strategies, parallel: 1 }).resume('search-c');
      expect(outcome.status).toBe('completed');
    } finally {
      stop2.abort();
      await w2.done;
    }
    const ran = [...w1.ran, ...w2.ran].map((a) => a.trialId);
    expect(w1.ran).toHaveLength(5);
    expect(new Set(ran).size).toBe(ran.length);
    expect([...w1.unrecorded, ...w2.unrecorded]).toEqual([]);
    expect((await transport.getSweep('search-c'))!.search!.drawn).toEqual(whole.record!.search!.drawn);
  });
});
