/**
 * The pruners together, and with the search strategies, in whole sweeps on the in-memory transport: racing within a
 * rung and halving across rungs, tpe told rung scores (as BOHB is), racing in stage one under tpe, and a coordinator
 * killed in the middle of a halving stage and resumed with no rung trained twice.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MemoryTransport, parseSpec, pointId, STRATEGIES, type Observation, type StrategyTable, type SweepSpec, type TrialAssignment, type Transport,
} from '@seqsweep/core';
import { Coordinator } from '../coordinator.js';
import type { SweepEvent } from '../events.js';
import { fidelityWorker, type Curve } from '../../test-support/fidelity-worker.js';

const fold = (a: TrialAssignment): number => (a.split.kind === 'kfold' ? a.split.fold : 0);
/** Per-fold noise that every point shares, so that paired tests see the points' own differences. */
const NOISE = [0.013, -0.021, 0.017, 0.002, -0.011, 0.024];

async function sweep(transport: Transport, spec: SweepSpec, sweepId: string, curve: Curve, options: { strategies?: StrategyTable; quitAfter?: number } = {}) {
  const out = await mkdtemp(join(tmpdir(), 'pruners-'));
  const stop = new AbortController();
  const worker = fidelityWorker(transport, curve, stop.signal, options.quitAfter);
  const events: SweepEvent[] = [];
  const kill = new AbortController();
  const coordinator = new Coordinator({ transport, outDir: out, onEvent: (e) => events.push(e), signal: kill.signal, ...(options.strategies ? { strategies: options.strategies } : {}) });
  const outcome = coordinator.start({ spec, sweepId });
  return { outcome, worker, events, stop, kill, out };
}

/** A tpe whose every ask is recorded, so that a test sees what the strategy was told. */
function recordingTpe(asked: Observation[][]): StrategyTable {
  const entry = STRATEGIES.tpe!;
  return { ...STRATEGIES, tpe: { ...entry, factory: (ctx) => {
    const inner = entry.factory(ctx);
    return { name: inner.name, ask: (history, n) => {
      asked.push([...history]);
      return inner.ask(history, n);
    } };
  } } };
}

describe('racing within rungs and halving across them', () => {
  it('races a clearly worse point out of its rung (its queued folds skipped) and never promotes it', async () => {
    const spec = parseSpec({
      name: 'race-halving', seed: 2, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { hiddenSize: [8, 16, 32, 64] },
      stages: { filter: { folds: 6, epochs: 9, keep: 2, race: true, halving: { minEpochs: 1, reduction: 3 } }, evaluate: { folds: 2, epochs: 3 } },
    });
    // hiddenSize 64 is far worse at every budget; the others are within noise of each other.
    const curve: Curve = (a, epochs) => (a.params.hiddenSize === 64 ? 5 : 0.1) + 1 / epochs + NOISE[fold(a)]!;
    const transport = new MemoryTransport();
    const run = await sweep(transport, spec, 'race-halving', curve);
    const outcome = await run.outcome;
    run.stop.abort();
    await run.worker.done;
    const record = (await transport.getSweep('race-halving'))!;
    const bad = pointId({ hiddenSize: 64 });
    const out = record.race!.out.find((o) => o.pointId === bad);
    expect(out).toMatchObject({ stage: 'filter', rung: 0 });
    expect(out!.afterFolds).toBeGreaterThanOrEqual(2);
    const badTrials = outcome.trials.filter((t) => t.pointId === bad && t.stage === 'filter');
    expect(badTrials.every((t) => (t.rung ?? 0) === 0)).toBe(true);
    expect(badTrials.filter((t) => t.status === 'raced-out').length).toBeGreaterThanOrEqual(1);
    expect(record.rungs!.promoted.some((p) => p.pointId === bad)).toBe(false);
    expect(record.rungs!.halted.some((h) => h.pointId === bad)).toBe(false);
    expect(record.survivors).toHaveLength(2);
    expect(record.survivors).not.toContain(bad);
    expect(outcome.status).toBe('completed');
  });
});

describe('halving and racing under tpe', () => {
  const tpeSpec = (stages: Record<string, unknown>) => parseSpec({
    name: 'tpe-pruned', seed: 4, task: { name: 'noop' }, model: { name: 'lstm-ae' },
    space: { learningRate: { loguniform: [1e-4, 0.3] }, hiddenSize: { int: [4, 32] } }, search: { strategy: 'tpe', trials: 14, startup: 4 }, stages,
  });
  const curve: Curve = (a, epochs) => Math.abs(Math.log10(Number(a.params.learningRate)) + 2) + Number(a.params.hiddenSize) / 100 + 1 / epochs + NOISE[fold(a)]! / 10;

  it('tells tpe each point\'s score at the highest rung it finished, and halves the drawn points', async () => {
    const asked: Observation[][] = [];
    const transport = new MemoryTransport();
    const spec = tpeSpec({ filter: { folds: 2, epochs: 9, keep: 2, halving: { minEpochs: 1, reduction: 3 } }, evaluate: { folds: 2, epochs: 3 } });
    const run = await sweep(transport, spec, 'tpe-halving', curve, { strategies: recordingTpe(asked) });
    const outcome = await run.outcome;
    run.stop.abort();
    await run.worker.done;
    const record = (await transport.getSweep('tpe-halving'))!;
    expect(outcome.status).toBe('completed');
    expect(record.search!.drawn).toHaveLength(14);
    // Every drawn point trained its first rung; some went on, continuing from their checkpoints.
    const filter = run.worker.trained.filter((t) => t.a.stage === 'filter');
    expect(new Set(filter.filter((t) => t.a.fidelity!.rung === 0).map((t) => t.a.pointId)).size).toBe(14);
    const promoted = filter.filter((t) => t.a.fidelity!.rung > 0);
    expect(promoted.length).toBeGreaterThan(0);
    expect(promoted.every((t) => t.a.fidelity!.from?.epoch === t.fromEpoch && t.fromEpoch > 0)).toBe(true);
    // The strategy saw scores at rungs (in epochs), and at more than one rung.
    const rungsSeen = new Set(asked.flat().filter((o) => o.state === 'complete').map((o) => o.rung));
    expect([...rungsSeen].every((r) => r === 1 || r === 3 || r === 9)).toBe(true);
    expect(rungsSeen.size).toBeGreaterThan(1);
    expect(record.survivors).toHaveLength(2);
    const ids = run.worker.trained.map((t) => t.a.trialId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('races stage one under tpe: a drawn point that is clearly worse is raced out and does not survive', async () => {
    const transport = new MemoryTransport();
    const spec = tpeSpec({ filter: { folds: 4, keep: 2, race: true }, evaluate: { folds: 2 } });
    // Points with a large hidden size are far worse: the paired test sees it over the folds they share.
    const raceCurve: Curve = (a) => (Number(a.params.hiddenSize) > 16 ? 5 : 0.1) + NOISE[fold(a)]!;
    const run = await sweep(transport, spec, 'tpe-race', raceCurve);
    const outcome = await run.outcome;
    run.stop.abort();
    await run.worker.done;
    const record = (await transport.getSweep('tpe-race'))!;
    expect(outcome.status).toBe('completed');
    const out = record.race!.out.filter((o) => o.stage === 'filter');
    expect(out.length).toBeGreaterThan(0);
    const drawn = new Map(record.search!.drawn.map((p) => [pointId(p), p]));
    for (const o of out) {
      expect(Number(drawn.get(o.pointId)!.hiddenSize)).toBeGreaterThan(16);
      expect(record.survivors).not.toContain(o.pointId);
    }
    expect(run.events.filter((e) => e.type === 'raced-out').length).toBe(out.length);
    expect(record.survivors).toHaveLength(2);
  });
});

describe('a coordinator killed in the middle of a halving stage', () => {
  it('under tpe: the drawn points and their promotions are taken from the record, and no trial trains twice', async () => {
    const spec = parseSpec({
      name: 'resume-tpe-halving', seed: 4, task: { name: 'noop' }, model: { name: 'lstm-ae' },
      space: { learningRate: { loguniform: [1e-4, 0.3] }, hiddenSize: { int: [4, 32] } }, search: { strategy: 'tpe', trials: 10, startup: 4 },
      stages: { filter: { folds: 2, epochs: 9, keep: 2, halving: true }, evaluate: { folds: 2, epochs: 3 } },
    });
    const curve: Curve = (a, epochs) => Math.abs(Math.log10(Number(a.params.learningRate)) + 2) + Number(a.params.hiddenSize) / 100 + 1 / epochs + fold(a) * 1e-3;
    const transport = new MemoryTransport();
    const first = await sweep(transport, spec, 'resume-tpe-halving', curve, { quitAfter: 14 });
    await first.worker.done;
    first.kill.abort();
    await expect(first.outcome).rejects.toThrow();
    first.stop.abort();
    const mid = (await transport.getSweep('resume-tpe-halving'))!;
    expect(mid.rungs!.promoted.length).toBeGreaterThan(0);
    const drawnBefore = mid.search!.drawn;

    const stop = new AbortController();
    const second = fidelityWorker(transport, curve, stop.signal);
    try {
      const outcome = await new Coordinator({ transport, outDir: first.out }).resume('resume-tpe-halving');
      expect(outcome.status).toBe('completed');
    } finally {
      stop.abort();
      await second.done;
    }
    const ids = [...first.worker.trained, ...second.trained].map((t) => t.a.trialId);
    expect(new Set(ids).size).toBe(ids.length);
    const record = (await transport.getSweep('resume-tpe-halving'))!;
    expect(record.search!.drawn.slice(0, drawnBefore.length)).toEqual(drawnBefore);
    expect(record.search!.drawn).toHaveLength(10);
    expect(record.survivors).toHaveLength(2);
  });

  it('resumes from the record and the stored results with no rung trained twice', async () => {
    const spec = parseSpec({
      name: 'resume-halving', seed: 7, task: { name: 'noop' }, model: { name: 'lstm-ae' },
      grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16, 32] },
      stages: { filter: { folds: 2, epochs: 9, keep: 2, halving: true }, evaluate: { folds: 2, epochs: 9, halving: { minEpochs: 3 } } },
    });
    const curve: Curve = (a, epochs) => Math.abs(Math.log10(Number(a.params.learningRate)) + 2) + Number(a.params.hiddenSize) / 1000 + 2 / epochs + fold(a) * 1e-3;
    const transport = new MemoryTransport();
    // Per trial id: the publishes the queue took, and every attempt (a resume publishes again what may not have gone out).
    const published = new Map<string, number>();
    const attempts = new Map<string, number>();
    const publishTrial = transport.publishTrial.bind(transport);
    transport.publishTrial = async (a) => {
      attempts.set(a.trialId, (attempts.get(a.trialId) ?? 0) + 1);
      const r = await publishTrial(a);
      if (!r.duplicate) published.set(a.trialId, (published.get(a.trialId) ?? 0) + 1);
      return r;
    };
    // The first coordinator dies after its worker trained 24 trials: past rung 0, with promotions made.
    const first = await sweep(transport, spec, 'resume-halving', curve, { quitAfter: 24 });
    await first.worker.done;
    first.kill.abort();
    await expect(first.outcome).rejects.toThrow();
    first.stop.abort();
    const mid = (await transport.getSweep('resume-halving'))!;
    expect(mid.rungs!.promoted.length).toBeGreaterThan(0);

    const stop = new AbortController();
    const second = fidelityWorker(transport, curve, stop.signal);
    try {
      const outcome = await new Coordinator({ transport, outDir: first.out }).resume('resume-halving');
      expect(outcome.status).toBe('completed');
    } finally {
      stop.abort();
      await second.done;
    }
    const trained = [...first.worker.trained, ...second.trained];
    const ids = trained.map((t) => t.a.trialId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...published.values()].every((n) => n === 1)).toBe(true);
    expect([...attempts.values()].every((n) => n <= 2)).toBe(true);
    expect(new Set(ids)).toEqual(new Set(published.keys()));
    // Every promoted trial continued from its fold's checkpoint at the rung below, also across the resume.
    for (const t of trained.filter((x) => (x.a.fidelity?.rung ?? 0) > 0)) expect(t.fromEpoch).toBe(t.a.fidelity!.from!.epoch);
    const record = (await transport.getSweep('resume-halving'))!;
    const keys = record.rungs!.promoted.map((p) => `${p.stage}/${p.pointId}/${p.rung}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(record.survivors).toHaveLength(2);
  });
});
