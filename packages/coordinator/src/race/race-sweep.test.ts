import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MemoryTransport, parseResultsFile, parseSpec, raceDecidedIn, racedOutOf, skippedResult, withdrawnResult, type TrialAssignment, type TrialResult,
  type Transport,
} from '@seqsweep/core';
import { Coordinator } from '../coordinator.js';
import type { SweepEvent } from '../events.js';

interface Pulled { readonly trialId: string; readonly stage: string; readonly fold: number; readonly hiddenSize: unknown; readonly trained: boolean }

/**
 * A scripted worker on the in-memory transport that behaves as the real one does about racing: it reads the record
 * for every trial and records a raced-out point's fold as withdrawn, and a fold of a decided stage as skipped,
 * instead of training it. `quitAfter` trained
 * trials, it hands the next one back and stops.
 */
function racingWorker(transport: Transport, score: (a: TrialAssignment) => number, signal: AbortSignal, quitAfter = Infinity): { pulled: Pulled[]; done: Promise<void> } {
  const pulled: Pulled[] = [];
  let trained = 0;
  const done = (async () => {
    for (;;) {
      const lease = await transport.pullTrial({ signal });
      if (!lease) return;
      const a = lease.assignment;
      const fold = a.split.kind === 'kfold' ? a.split.fold : -1;
      const record = await transport.getSweep(a.sweepId);
      const out = racedOutOf(record, a.pointId, a.stage);
      const decided = raceDecidedIn(record, a.stage);
      if (out || decided) {
        pulled.push({ trialId: a.trialId, stage: a.stage, fold, hiddenSize: a.params.hiddenSize, trained: false });
        const at = new Date().toISOString();
        await transport.publishResult(out ? withdrawnResult(a, out, 'scripted', lease.deliveryCount, at) : skippedResult(a, decided!, 'scripted', lease.deliveryCount, at));
        await lease.ack();
        continue;
      }
      if (trained++ >= quitAfter) {
        await lease.nak(0);
        return;
      }
      pulled.push({ trialId: a.trialId, stage: a.stage, fold, hiddenSize: a.params.hiddenSize, trained: true });
      const s = score(a);
      const metrics = { valLoss: s, ...(a.stage === 'final' ? { testLoss: s } : {}) };
      const result: TrialResult = {
        sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold, status: 'completed',
        metrics, history: [metrics], bestEpoch: 0, worker: 'scripted', attempts: lease.deliveryCount, durationMs: 10,
        backend: 'none', finishedAt: new Date().toISOString(),
      };
      await transport.publishResult(result);
      await lease.ack();
    }
  })();
  return { pulled, done };
}

/** Fold "difficulty" shared by every point, plus a small per-point wobble whose sign varies. */
const NOISE = [0.013, -0.021, 0.017, 0.002, -0.011, 0.024, -0.006, 0.019];
const wobble = (a: TrialAssignment): number => {
  const fold = a.split.kind === 'kfold' ? a.split.fold : 0;
  return fold * 0.01 + NOISE[(fold * 3 + Number(a.params.hiddenSize)) % NOISE.length]!;
};
/** hiddenSize 64 is clearly worse (1.0 against about 0.1); the others are within noise of each other. */
const score = (a: TrialAssignment): number => (a.params.hiddenSize === 64 ? 1 : 0.1) + wobble(a);

const spec = (stages: Record<string, unknown>, grid: Record<string, unknown[]> = { hiddenSize: [8, 16, 32, 64] }) =>
  parseSpec({ name: 'race', seed: 3, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid, stages });

/** hiddenSize 8 is clearly the best: every other point is raced out after two folds, and the race is decided. */
const clear = (a: TrialAssignment): number => (a.params.hiddenSize === 8 ? 0.1 : 1) + wobble(a);

/** A sweep of `s` on the in-memory transport with one scripted worker scoring by `by`, run to its end. */
async function run(s: ReturnType<typeof spec>, sweepId: string, by: (a: TrialAssignment) => number = score) {
  const transport = new MemoryTransport();
  const out = await mkdtemp(join(tmpdir(), 'race-'));
  const stop = new AbortController();
  const worker = racingWorker(transport, by, stop.signal);
  const events: SweepEvent[] = [];
  const outcome = await new Coordinator({ transport, outDir: out, onEvent: (e) => events.push(e) }).start({ spec: s, sweepId });
  stop.abort();
  await worker.done;
  return { outcome, pulled: worker.pulled, events, transport };
}

describe('fold racing in a sweep', () => {
  it('races a clearly worse point out of the evaluate stage after minFolds folds and never trains its other folds', async () => {
    const { outcome, pulled, events } = await run(spec({ filter: { folds: 2, keep: 4 }, evaluate: { folds: 6, race: true } }), 'clear');
    const bad = pulled.filter((p) => p.stage === 'evaluate' && p.hiddenSize === 64);
    expect(bad.filter((p) => p.trained).map((p) => p.fold)).toEqual([0, 1]);
    const withdrawn = outcome.trials.filter((t) => t.stage === 'evaluate' && t.params.hiddenSize === 64 && t.status === 'raced-out');
    expect(withdrawn.map((t) => t.fold).sort()).toEqual([2, 3, 4, 5]);
    expect(withdrawn.every((t) => t.durationMs === 0)).toBe(true);
    // The points within noise of the leader ran every fold.
    expect(outcome.trials.filter((t) => t.stage === 'evaluate' && t.status === 'completed')).toHaveLength(3 * 6 + 2);
    const raced = events.filter((e) => e.type === 'raced-out');
    expect(raced).toHaveLength(1);
    expect(raced[0]).toMatchObject({ entry: { afterFolds: 2, compared: [0, 1], stage: 'evaluate', test: 't' } });
    expect(outcome.best?.params.hiddenSize).not.toBe(64);
    const json = JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8'));
    const row = json.leaderboard.find((e: { params: { hiddenSize: number }; stage: string }) => e.params.hiddenSize === 64 && e.stage === 'evaluate');
    expect(row).toMatchObject({ status: 'raced-out', mean: null, racedOut: { afterFolds: 2, compared: [0, 1], p: expect.any(Number) } });
    expect(row.racedOut.p).toBeLessThan(0.05);
    expect(json.race).toMatchObject({ stages: { evaluate: { foldsRun: 20, foldsSkipped: 4, pointsRacedOut: 1 } } });
    expect(json.leaderboard.findIndex((e: { status: string }) => e.status === 'raced-out')).toBeGreaterThan(2);
    expect(parseResultsFile(json).ok).toBe(true);
  });

  it('with a tolerance also races out the points within noise of the leader, and records the tolerance', async () => {
    // Without one (the test above) the three close points ran all six folds; their wobble (under 0.025 on 0.1) is
    // well inside a 50% tolerance, so each is shown not 50% better than the leader after its first folds.
    const { outcome, events } = await run(spec({ filter: { folds: 2, keep: 4 }, evaluate: { folds: 6, race: { tolerance: 0.5 } } }), 'tolerance');
    const raced = events.filter((e) => e.type === 'raced-out');
    expect(raced).toHaveLength(3);
    for (const e of raced) expect(e).toMatchObject({ entry: { stage: 'evaluate', tolerance: 0.5 } });
    const evaluate = outcome.trials.filter((t) => t.stage === 'evaluate');
    expect(evaluate.filter((t) => t.status === 'completed').length).toBeLessThanOrEqual(12);
    const withdrawn = evaluate.filter((t) => t.status === 'raced-out');
    expect(withdrawn.length).toBeGreaterThan(0);
    expect(withdrawn.every((t) => /, tolerance 50% against /.test(t.error ?? ''))).toBe(true);
    expect(events.filter((e) => e.type === 'race-decided')).toHaveLength(1);
    expect(outcome.best?.params.hiddenSize).not.toBe(64);
    const json = JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8'));
    expect(json.race.stages.evaluate.config).toMatchObject({ tolerance: 0.5 });
    expect(json.leaderboard.filter((e: { racedOut?: { tolerance?: number } }) => e.racedOut?.tolerance === 0.5)).toHaveLength(3);
    expect(parseResultsFile(json).ok).toBe(true);
  });

  it('ends a decided race: once only the leader is live, its remaining evaluate folds are skipped, not trained', async () => {
    const { outcome, pulled, events } = await run(spec({ filter: { folds: 2, keep: 4 }, evaluate: { folds: 6, race: true } }), 'decided', clear);
    const evaluate = outcome.trials.filter((t) => t.stage === 'evaluate');
    const winner = evaluate.filter((t) => t.params.hiddenSize === 8);
    const ran = winner.filter((t) => t.status === 'completed').length;
    // The rounds run one ahead of the results: the leader has at most one fold more than the two that decided it.
    expect(ran).toBeGreaterThanOrEqual(2);
    expect(ran).toBeLessThanOrEqual(3);
    expect(winner.filter((t) => t.status === 'skipped')).toHaveLength(6 - ran);
    expect(winner.filter((t) => t.status === 'skipped').every((t) => t.durationMs === 0 && /evaluate race was decided/.test(t.error ?? ''))).toBe(true);
    // Each raced-out point trained its two folds, and at most the one of the round already out when it was stopped.
    for (const h of [16, 32, 64]) {
      const trained = pulled.filter((p) => p.stage === 'evaluate' && p.trained && p.hiddenSize === h).length;
      expect(trained).toBeGreaterThanOrEqual(2);
      expect(trained).toBeLessThanOrEqual(3);
    }
    const decidedEvents = events.filter((e) => e.type === 'race-decided');
    expect(decidedEvents).toHaveLength(1);
    expect(decidedEvents[0]).toMatchObject({ stage: 'evaluate', decided: { live: [winner[0]!.pointId] } });
    expect(outcome.best?.params.hiddenSize).toBe(8);
    expect(outcome.trials.filter((t) => t.stage === 'final' && t.status === 'completed')).toHaveLength(1);
    const json = JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8'));
    const trainedAll = pulled.filter((p) => p.stage === 'evaluate' && p.trained).length;
    expect(json.race.stages.evaluate).toMatchObject({ pointsRacedOut: 3, foldsRun: trainedAll, foldsSkipped: 24 - trainedAll, decided: { live: [winner[0]!.pointId] } });
    expect(json.best.cv.folds).toBe(ran);
    expect(parseResultsFile(json).ok).toBe(true);
  });

  it('resumes a decided race: the remaining folds stay skipped and no trial runs twice', async () => {
    const s = spec({ filter: { folds: 2, keep: 4 }, evaluate: { folds: 6, race: true } });
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'race-'));
    const kill = new AbortController();
    const stop1 = new AbortController();
    const w1 = racingWorker(transport, clear, stop1.signal);
    const decided = new Promise<void>((resolve) => {
      void transport.watchSweep('decided-resume', (r) => r.race?.decided.evaluate && resolve());
    });
    const abandoned = new Coordinator({ transport, outDir: out, signal: kill.signal }).start({ spec: s, sweepId: 'decided-resume' });
    await decided;
    kill.abort();
    stop1.abort();
    await expect(abandoned).rejects.toThrow();
    await w1.done;
    const stop2 = new AbortController();
    const w2 = racingWorker(transport, clear, stop2.signal);
    const outcome = await new Coordinator({ transport, outDir: out }).resume('decided-resume');
    stop2.abort();
    await w2.done;
    const trainedIds = [...w1.pulled, ...w2.pulled].filter((p) => p.trained).map((p) => p.trialId);
    expect(new Set(trainedIds).size).toBe(trainedIds.length);
    expect(w2.pulled.filter((p) => p.stage === 'evaluate' && p.trained)).toEqual([]);
    const winner = outcome.trials.filter((t) => t.stage === 'evaluate' && t.params.hiddenSize === 8);
    expect(winner).toHaveLength(6);
    expect(winner.filter((t) => t.status === 'skipped').length).toBeGreaterThanOrEqual(3);
    expect(outcome.best?.params.hiddenSize).toBe(8);
    expect(outcome.status).toBe('completed');
  });

  it('with decided: finish, the leader runs every fold after the others are raced out', async () => {
    const { outcome, transport } = await run(spec({ filter: { folds: 2, keep: 4 }, evaluate: { folds: 6, race: { decided: 'finish' } } }), 'finish', clear);
    const winner = outcome.trials.filter((t) => t.stage === 'evaluate' && t.params.hiddenSize === 8);
    expect(winner.map((t) => t.status)).toEqual(Array(6).fill('completed'));
    expect(outcome.trials.some((t) => t.status === 'skipped')).toBe(false);
    expect((await transport.getSweep('finish'))!.race!.out).toHaveLength(3);
  });

  it('sends folds out in rounds, fold 0 of every point first, and the leader first once it leads', async () => {
    const { pulled } = await run(spec({ filter: { folds: 2, keep: 4 }, evaluate: { folds: 6, race: true } }), 'rounds');
    const evaluate = pulled.filter((p) => p.stage === 'evaluate');
    const folds = evaluate.map((p) => p.fold);
    expect(folds).toEqual([...folds].sort((a, b) => a - b));
    // From round 2 on, the rounds are ordered by the scores of the rounds before: the best point leads each one.
    const means = new Map<unknown, number>();
    for (const h of [8, 16, 32]) means.set(h, [0, 1].reduce((s, f) => s + 0.1 + f * 0.01 + NOISE[(f * 3 + h) % NOISE.length]!, 0));
    const best = [...means].sort((a, b) => a[1] - b[1])[0]![0];
    expect(evaluate.find((p) => p.fold === 2)?.hiddenSize).toBe(best);
  });

  it('never races the filter stage below keep, and no raced-out point survives', async () => {
    // Twelve points, three of them clearly good: keep 4 needs the fourth best, within noise of nothing.
    const levels: Record<number, number> = { 1: 0.1, 2: 0.1, 3: 0.1, 4: 0.5, 5: 0.6, 6: 0.7, 7: 0.8, 8: 0.9, 9: 1.0, 10: 1.1, 11: 1.2, 12: 1.3 };
    const s = spec({ filter: { folds: 5, keep: 4, race: true }, evaluate: { folds: 2 } }, { hiddenSize: Object.keys(levels).map(Number) });
    const { outcome, transport } = await run(s, 'keep', (a) => levels[Number(a.params.hiddenSize)]! + wobble(a));
    const record = await transport.getSweep('keep');
    const survivors = record!.survivors!;
    expect(survivors).toHaveLength(4);
    const out4 = record!.race!.out.filter((o) => o.stage === 'filter');
    expect(out4.length).toBeGreaterThan(0);
    expect(out4.length).toBeLessThanOrEqual(12 - 4);
    for (const o of out4) expect(survivors).not.toContain(o.pointId);
    const hidden = (id: string) => outcome.trials.find((t) => t.pointId === id)!.params.hiddenSize;
    expect(survivors.map(hidden).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4]);
  });

  it('ends a decided filter race: once only keep points are live, their remaining filter folds are skipped', async () => {
    // Four clearly good points and eight clearly bad ones: the eight are raced out, which leaves keep (4) live.
    const levels: Record<number, number> = { 1: 0.1, 2: 0.1, 3: 0.1, 4: 0.1, 5: 1, 6: 1.1, 7: 1.2, 8: 1.3, 9: 1.4, 10: 1.5, 11: 1.6, 12: 1.7 };
    const s = spec({ filter: { folds: 5, keep: 4, race: true }, evaluate: { folds: 2 } }, { hiddenSize: Object.keys(levels).map(Number) });
    const { outcome, pulled, transport } = await run(s, 'decided-filter', (a) => levels[Number(a.params.hiddenSize)]! + wobble(a));
    const record = (await transport.getSweep('decided-filter'))!;
    const hidden = (id: string) => outcome.trials.find((t) => t.pointId === id)!.params.hiddenSize;
    expect(record.survivors!.map(hidden).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4]);
    expect(record.race!.out.filter((o) => o.stage === 'filter')).toHaveLength(8);
    expect(record.race!.decided.filter?.live.map(hidden).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4]);
    const filter = outcome.trials.filter((t) => t.stage === 'filter');
    const skipped = filter.filter((t) => t.status === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((t) => record.survivors!.includes(t.pointId))).toBe(true);
    // Every fold of a survivor is accounted for: trained before the decision, or skipped after it.
    for (const id of record.survivors!) {
      const own = filter.filter((t) => t.pointId === id);
      expect(own.filter((t) => t.status === 'completed').length + own.filter((t) => t.status === 'skipped').length).toBe(5);
    }
    expect(pulled.filter((p) => p.stage === 'filter' && p.trained).length).toBeLessThan(12 * 5);
    expect(outcome.status).toBe('completed');
  });

  it('resumes in the middle of a race: no trial runs twice and raced-out folds stay untrained', async () => {
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'race-'));
    const s = spec({ filter: { folds: 2, keep: 4 }, evaluate: { folds: 6, race: true } });
    const kill = new AbortController();
    const stop1 = new AbortController();
    // 8 filter trials, then the evaluate stage's rounds 0 and 1 (8 trials) and 2 of round 2: the race is on.
    const w1 = racingWorker(transport, score, stop1.signal, 18);
    const first = new Coordinator({ transport, outDir: out, signal: kill.signal });
    const racedOut = new Promise<void>((resolve) => {
      void transport.watchSweep('mid-race', (r) => r.race?.out.length && resolve());
    });
    const abandoned = first.start({ spec: s, sweepId: 'mid-race' });
    await racedOut;
    await w1.done;
    kill.abort();
    await expect(abandoned).rejects.toThrow();
    const stop2 = new AbortController();
    const w2 = racingWorker(transport, score, stop2.signal);
    const outcome = await new Coordinator({ transport, outDir: out }).resume('mid-race');
    stop2.abort();
    await w2.done;
    const trainedIds = [...w1.pulled, ...w2.pulled].filter((p) => p.trained).map((p) => p.trialId);
    expect(new Set(trainedIds).size).toBe(trainedIds.length);
    const stored = await transport.readResults('mid-race');
    expect(new Set(stored.map((r) => r.trialId)).size).toBe(stored.length);
    expect(outcome.trials).toHaveLength(8 + 4 * 6 + 1);
    const bad = outcome.trials.filter((t) => t.stage === 'evaluate' && t.params.hiddenSize === 64);
    expect(bad.filter((t) => t.status === 'completed').map((t) => t.fold).sort()).toEqual([0, 1]);
    expect(w2.pulled.filter((p) => p.hiddenSize === 64 && p.stage === 'evaluate' && p.trained)).toEqual([]);
    expect(outcome.status).toBe('completed');
  });
});
