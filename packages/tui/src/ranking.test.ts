import { describe, expect, it } from 'vitest';
import { racedOutOf, rankLeaderboard, type PointSummary, type SweepRecord, type TrialResult } from '@seqsweep/core';
import { foldEvents } from './fold.js';
import { initialState, type SweepViewState } from './state.js';
import { pointRows, type PointRow, type PointStatus } from './points.js';
import { stageFolds } from './spec-view.js';
import { record, SWEEP, timed } from '../test-support/fixtures.js';
import { randomSweep } from '../test-support/random-sweep.js';

/** The rows as points.ts made them before the ranking was incremental: every result summarized and ranked again. */
function rowsFromScratch(state: SweepViewState): Omit<PointRow, 'results'>[] {
  const spec = state.spec;
  const rec: SweepRecord | null = state.record;
  const byPoint = new Map<string, TrialResult[]>();
  for (const r of state.results.values()) byPoint.set(r.pointId, [...(byPoint.get(r.pointId) ?? []), r]);
  const ranked: PointSummary[] = rankLeaderboard([...state.results.values()], { metric: spec?.metric ?? 'valLoss', mode: spec?.mode ?? 'min' });
  const known = new Set(ranked.map((p) => p.pointId));
  for (const [id, results] of byPoint) {
    if (!known.has(id)) ranked.push({ pointId: id, params: results[0]!.params, stage: 'filter', mean: NaN, std: NaN, folds: 0, failed: 0, diverged: 0, values: [] });
  }
  return ranked.map((p, i) => {
    const results = byPoint.get(p.pointId) ?? [];
    const metric = spec?.metric ?? 'valLoss';
    const stage = p.stage === 'evaluate' ? 'evaluate' : 'filter';
    const ofStage = results.filter((r) => r.stage === stage);
    const done = ofStage.filter((r) => r.status === 'completed' && Number.isFinite(r.metrics[metric] ?? NaN));
    const k = spec ? stageFolds(spec, stage) : Math.max(1, ...ofStage.map((r) => r.fold + 1));
    const pruned = (rec?.pruned.includes(p.pointId) ?? false) || results.some((r) => r.status === 'pruned');
    const failed = ofStage.filter((r) => r.status === 'failed').length;
    const skipped = ofStage.filter((r) => r.status === 'skipped').length;
    const best = results.some((r) => r.stage === 'final' && r.status === 'completed');
    const racedOut = racedOutOf(rec, p.pointId, stage);
    const status: PointStatus = best ? 'best' : p.diverged > 0 ? 'diverged' : pruned ? 'pruned' : racedOut ? 'raced-out'
      : p.folds + failed + skipped >= k ? (p.folds === 0 ? 'failed' : 'done') : 'waiting';
    return {
      pointId: p.pointId, params: p.params, stage, rank: i + 1, folds: p.folds, k, mean: racedOut ? NaN : p.mean, std: racedOut ? NaN : p.std,
      bestEpoch: done.length ? Math.round(done.reduce((a, r) => a + r.bestEpoch, 0) / done.length) : null,
      running: 0, survivor: rec?.survivors?.includes(p.pointId) ?? false, status, ...(racedOut ? { racedOut } : {}),
    };
  });
}

/** A row with its results as their trial ids, to compare with {@link rowsFromScratch} (which checks them apart). */
const bare = ({ results: _, ...row }: PointRow) => row;

function expectSameAsScratch(state: SweepViewState): void {
  const rows = pointRows(state);
  expect(rows.map(bare)).toEqual(rowsFromScratch(state));
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
