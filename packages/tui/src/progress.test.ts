import { describe, expect, it } from 'vitest';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import { stageCounts } from './progress.js';
import type { FeedEvent } from './feed.js';
import { SWEEP, record, result, specJson, timed } from '../test-support/fixtures.js';

/** The fixture's spec (4 points, 3 filter folds, keep 2) with its filter stage in 3 rungs (1, 3 and 9 epochs). */
const halvingSpec = { ...specJson(), stages: { filter: { folds: 3, epochs: 9, keep: 2, halving: { minEpochs: 1, reduction: 3 } }, evaluate: { folds: 5, epochs: 12 } } };

describe('stageCounts', () => {
  it('plans a stage in rungs at its worst case while it runs, and what ran once it is over', () => {
    const firstRung = (['a', 'b', 'c', 'd'] as const).flatMap((point) => [0, 1, 2].map((fold) => ({ ...result({ point, fold, value: 0.5 }), trialId: `${point}-${fold}-r0` })));
    const running: FeedEvent[] = [{ kind: 'record', record: record({ spec: halvingSpec }) }, ...firstRung.map((r) => ({ kind: 'result' as const, result: r }))];
    const during = stageCounts(foldEvents(initialState(SWEEP), timed(running)));
    expect(during[0]).toMatchObject({ stage: 'filter', planned: 4 * 3 * 3, done: 12, queued: 4 * 3 * 3 - 12 });
    // Two points halted at the first rung: 12 + 2 x 3 x 2 trials ran, and the evaluate stage has begun.
    const promoted = (['a', 'b'] as const).flatMap((point) => [1, 2].flatMap((rung) => [0, 1, 2].map((fold) => ({ ...result({ point, fold, value: 0.4 }), trialId: `${point}-${fold}-r${rung}` }))));
    const after = stageCounts(foldEvents(initialState(SWEEP), timed([
      ...running, ...promoted.map((r) => ({ kind: 'result' as const, result: r })),
      { kind: 'record', record: record({ spec: halvingSpec, stage: 'evaluate', survivors: ['point-a', 'point-b'] }) },
    ])));
    expect(after[0]).toMatchObject({ stage: 'filter', planned: 24, done: 24, queued: 0 });
    expect(after[1]).toMatchObject({ stage: 'evaluate', planned: 10, done: 0, queued: 10 });
  });

  it('keeps the unrun trials of a sweep that failed in view', () => {
    const r = result({ point: 'a', fold: 0, value: 0.5 });
    const counts = stageCounts(foldEvents(initialState(SWEEP), timed([
      { kind: 'record', record: record() }, { kind: 'result', result: r }, { kind: 'record', record: record({ status: 'failed' }) },
    ])));
    expect(counts[0]).toMatchObject({ stage: 'filter', planned: 12, done: 1, queued: 0 });
  });
});
