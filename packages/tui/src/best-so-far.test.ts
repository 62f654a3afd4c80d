import { describe, expect, it } from 'vitest';
import { atReachedRung } from '@seqsweep/core';
import { stagePoints } from '@seqsweep/insight';
import { foldEvents } from './fold.js';
import { initialState, type SweepViewState } from './state.js';
import { bestSoFar } from './insight.js';
import { record, SWEEP, timed } from '../test-support/fixtures.js';
import { halvingSpec, randomSweep } from '../test-support/random-sweep.js';

/**
 * Stage one's best so far as insight.ts made it before it was incremental: every result through stagePoints. The
 * points come in the order their first trial of any rung finished; a point that trains in rungs scores at the
 * highest rung it reached (stagePoints of `atReachedRung`), as best-so-far.ts keeps it.
 */
function bestFromScratch(state: SweepViewState): number[] {
  const min = (state.spec?.mode ?? 'min') === 'min';
  const options = { metric: state.spec?.metric ?? 'valLoss', stage: 'filter' as const };
  const results = [...state.results.values()];
  const reached = new Map(stagePoints(atReachedRung(results), options).map((p) => [p.pointId, p.mean]));
  const out: number[] = [];
  for (const { pointId } of stagePoints(results, options)) {
    const mean = reached.get(pointId) ?? null;
    if (mean === null) continue;
    const last = out.at(-1);
    out.push(last === undefined ? mean : min ? Math.min(last, mean) : Math.max(last, mean));
  }
  return out;
}

describe('the incremental best so far', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('equals a full recomputation after every batch of a random sweep (seed %i)', (seed) => {
    const mode = seed % 2 === 0 ? 'max' : 'min';
    let state = foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record({}, mode) }]));
    let scored = 0;
    for (const batch of randomSweep(seed, { mode, results: 200 })) {
      state = foldEvents(state, batch);
      const best = bestSoFar(state);
      expect(best).toEqual(bestFromScratch(state));
      scored = best.length;
    }
    expect(scored).toBeGreaterThan(5);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('equals a full recomputation, each point at its highest rung, under successive halving (seed %i)', (seed) => {
    const mode = seed % 2 === 0 ? 'max' : 'min';
    let state = foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record({ spec: halvingSpec(mode) }, mode) }]));
    let scored = 0;
    for (const batch of randomSweep(seed, { mode, results: 200, halving: true })) {
      state = foldEvents(state, batch);
      const best = bestSoFar(state);
      expect(best).toEqual(bestFromScratch(state));
      scored = best.length;
    }
    expect(scored).toBeGreaterThan(5);
  });

  it('equals a full recomputation for an older state, and for a state folded in place', () => {
    const batches = randomSweep(21, { results: 200 });
    const states: SweepViewState[] = [foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record() }]))];
    for (const batch of batches) states.push(foldEvents(states.at(-1)!, batch));
    expect(bestSoFar(states.at(-1)!)).toEqual(bestFromScratch(states.at(-1)!));
    const middle = states[Math.floor(states.length / 2)]!;
    expect(bestSoFar(middle)).toEqual(bestFromScratch(middle));
    let inPlace = states[0]!;
    for (const e of batches.flat()) {
      inPlace = foldEvents(inPlace, [e], { inPlace: true });
      expect(bestSoFar(inPlace)).toEqual(bestFromScratch(inPlace));
    }
  });
});
