import { describe, expect, it } from 'vitest';
import { atReachedRung, haltedIn, racedOutOf, rankLeaderboard, stageRungs, type PointSummary, type SweepRecord, type TrialResult } from '@seqsweep/core';
import { foldEvents } from './fold.js';
import { initialState, type SweepViewState } from './state.js';
import { pointRows, sortRows, type PointRow, type PointStatus } from './points.js';
import type { PointRung } from './rung-label.js';
import { stageFolds, type SpecView } from './spec-view.js';
import { record, SWEEP, timed } from '../test-support/fixtures.js';
import { halvingSpec, randomSweep } from '../test-support/random-sweep.js';

/** The rung a point reached in `stage`, read from the spec and the record's promotions directly. */
function rungFromScratch(spec: SpecView | null, rec: SweepRecord | null, pointId: string, stage: 'filter' | 'evaluate', top: number | undefined): PointRung | undefined {
  const rungs = spec ? stageRungs(spec.parsed, stage) : undefined;
  if (!rungs) return undefined;
  const promoted = Math.max(0, ...(rec?.rungs?.promoted ?? []).filter((p) => p.pointId === pointId && p.stage === stage).map((p) => p.rung));
  const rung = Math.min(rungs.epochs.length - 1, Math.max(top ?? 0, promoted));
  return { rung, top: rungs.epochs.length - 1, epochs: rungs.epochs[rung]!, pending: promoted > (top ?? 0) };
}

/**
 * The rows as points.ts made them before the ranking was incremental: every result summarized and ranked again, a
 * point that trains in rungs at the highest rung it reached (`atReachedRung`, as results.json ranks it).
 */
function rowsFromScratch(state: SweepViewState): Omit<PointRow, 'results'>[] {
  const spec = state.spec;
  const rec: SweepRecord | null = state.record;
  const byPoint = new Map<string, TrialResult[]>();
  for (const r of state.results.values()) byPoint.set(r.pointId, [...(byPoint.get(r.pointId) ?? []), r]);
  const objective = { metric: spec?.metric ?? 'valLoss', mode: spec?.mode ?? 'min' };
  const ranked: PointSummary[] = rankLeaderboard(atReachedRung([...state.results.values()]), objective);
  const known = new Set(ranked.map((p) => p.pointId));
  for (const [id, results] of byPoint) {
    if (!known.has(id)) ranked.push({ pointId: id, params: results[0]!.params, stage: 'filter', mean: NaN, std: NaN, folds: 0, failed: 0, diverged: 0, values: [] });
  }
  return ranked.map((p, i) => {
    const results = byPoint.get(p.pointId) ?? [];
    const metric = spec?.metric ?? 'valLoss';
    const stage = p.stage === 'evaluate' ? 'evaluate' : 'filter';
    const ofStage = atReachedRung(results.filter((r) => r.stage === stage));
    const rung = rungFromScratch(spec, rec, p.pointId, stage, ofStage[0]?.rung);
    const halted = haltedIn(rec, p.pointId, stage);
    const done = ofStage.filter((r) => r.status === 'completed' && Number.isFinite(r.metrics[metric] ?? NaN));
    const k = spec ? stageFolds(spec, stage) : Math.max(1, ...ofStage.map((r) => r.fold + 1));
    const pruned = (rec?.pruned.includes(p.pointId) ?? false) || results.some((r) => r.status === 'pruned');
    const failed = ofStage.filter((r) => r.status === 'failed').length;
    const skipped = ofStage.filter((r) => r.status === 'skipped').length;
    const best = results.some((r) => r.stage === 'final' && r.status === 'completed');
    const racedOut = racedOutOf(rec, p.pointId, stage);
    const status: PointStatus = best ? 'best' : p.diverged > 0 ? 'diverged' : pruned ? 'pruned' : racedOut ? 'raced-out' : halted ? 'halted'
      : rung?.pending ? 'waiting' : p.folds + failed + skipped >= k ? (p.folds === 0 ? 'failed' : 'done') : 'waiting';
    return {
      pointId: p.pointId, params: p.params, stage, rank: i + 1, folds: p.folds, k, mean: racedOut ? NaN : p.mean, std: racedOut ? NaN : p.std,
      bestEpoch: done.length ? Math.round(done.reduce((a, r) => a + r.bestEpoch, 0) / done.length) : null,
      running: 0, survivor: rec?.survivors?.includes(p.pointId) ?? false, status,
      ...(racedOut ? { racedOut } : {}), ...(halted ? { halted } : {}), ...(rung ? { rung } : {}),
    };
  });
}

/**
 * The leaderboard's order as results.json makes it (the coordinator's `markHalted` over `markRacedOut`): by stage,
 * the live points, then the halted ones (the higher rung first, then their rank there), then the raced-out ones;
 * core's rank within each.
 */
function orderFromScratch(rows: readonly Omit<PointRow, 'results'>[]): string[] {
  const block = (r: Omit<PointRow, 'results'>): number => (r.stage === 'evaluate' ? 0 : 3) + (r.status === 'halted' ? 1 : r.status === 'raced-out' ? 2 : 0);
  return [...rows]
    .sort((a, b) => block(a) - block(b) || (b.halted?.rung ?? 0) - (a.halted?.rung ?? 0) || (a.halted?.rank ?? 0) - (b.halted?.rank ?? 0) || a.rank - b.rank)
    .map((r) => r.pointId);
}

/** A row with its results as their trial ids, to compare with {@link rowsFromScratch} (which checks them apart). */
const bare = ({ results: _, ...row }: PointRow) => row;

function expectSameAsScratch(state: SweepViewState): void {
  const rows = pointRows(state);
  const scratch = rowsFromScratch(state);
  expect(rows.map(bare)).toEqual(scratch);
  expect(sortRows(rows, 'objective', []).map((r) => r.pointId)).toEqual(orderFromScratch(scratch));
  for (const row of rows) {
    expect(row.results.map((r) => r.trialId)).toEqual([...state.results.values()].filter((r) => r.pointId === row.pointId).map((r) => r.trialId));
  }
}

describe('the incremental ranking', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives the rows of a full recomputation after every batch of a random sweep (seed %i)', (seed) => {
    const mode = seed % 2 === 0 ? 'max' : 'min';
    let state = foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record({}, mode) }]));
    for (const batch of randomSweep(seed, { mode })) {
      state = foldEvents(state, batch);
      expectSameAsScratch(state);
    }
  });

  const halvingStart = (mode: 'min' | 'max'): SweepViewState =>
    foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record({ spec: halvingSpec(mode) }, mode) }]));

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('gives the rows of a full recomputation, rungs and halted points included, under successive halving (seed %i)', (seed) => {
    const mode = seed % 2 === 0 ? 'max' : 'min';
    let state = halvingStart(mode);
    for (const batch of randomSweep(seed, { mode, halving: true })) {
      state = foldEvents(state, batch);
      expectSameAsScratch(state);
    }
  });

  it('draws halving sweeps that cover every rung, halted points, pending promotions and late results of a lower rung', () => {
    const seen = { rung: new Set<number>(), halted: 0, pending: 0, lowerAfterHigher: 0 };
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const mode = seed % 2 === 0 ? 'max' : 'min';
      let state = halvingStart(mode);
      for (const batch of randomSweep(seed, { mode, halving: true })) {
        state = foldEvents(state, batch);
        for (const row of pointRows(state)) {
          if (row.rung) seen.rung.add(row.rung.rung);
          if (row.status === 'halted') seen.halted++;
          if (row.rung?.pending) seen.pending++;
          const ofStage = row.results.filter((r) => r.stage === row.stage);
          if (ofStage.some((r, i) => ofStage.slice(0, i).some((q) => (q.rung ?? 0) > (r.rung ?? 0)))) seen.lowerAfterHigher++;
        }
      }
    }
    expect([...seen.rung].sort()).toEqual([0, 1, 2]);
    expect(seen.halted).toBeGreaterThan(0);
    expect(seen.pending).toBeGreaterThan(0);
    expect(seen.lowerAfterHigher).toBeGreaterThan(0);
  });

  it('gives the same rows for an older state, a branch from it, and a state folded in place', () => {
    const batches = randomSweep(11);
    const states: SweepViewState[] = [foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record() }]))];
    for (const batch of batches) states.push(foldEvents(states.at(-1)!, batch));
    const middle = states[Math.floor(states.length / 2)]!;
    expectSameAsScratch(states.at(-1)!);
    // An older state after a newer one, then a branch off it that takes the batches in another order.
    expectSameAsScratch(middle);
    let branch = middle;
    for (const batch of [...batches].reverse()) {
      branch = foldEvents(branch, batch);
      expectSameAsScratch(branch);
    }
    // The plain reporter's fold: one state, its results map added to in place.
    let inPlace = foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record() }]));
    for (const batch of batches) {
      for (const e of batch) inPlace = foldEvents(inPlace, [e], { inPlace: true });
      expectSameAsScratch(inPlace);
    }
  });
});
