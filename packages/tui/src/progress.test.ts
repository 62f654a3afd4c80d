import { describe, expect, it } from 'vitest';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import { etaMs, stageCounts } from './progress.js';
import type { FeedEvent } from './feed.js';
import { SWEEP, history, progress, record, result, specJson, timed } from '../test-support/fixtures.js';

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

describe('etaMs', () => {
  it('counts a stage in rungs at its worst case rung by rung: each rung adds only its own epochs', () => {
    // 12 first-rung trials of 1 epoch each, 3 s apiece: 3 s an epoch.
    const firstRung = (['a', 'b', 'c', 'd'] as const).flatMap((point) => [0, 1, 2].map((fold) => ({
      ...result({ point, fold, value: 0.5, history: history(1, 0.5, 0.5) }), trialId: `${point}-${fold}-r0`, rung: 0,
    })));
    const events: FeedEvent[] = [{ kind: 'record', record: record({ spec: halvingSpec }) }, ...firstRung.map((r) => ({ kind: 'result' as const, result: r }))];
    // Left at worst: 12 trials to epoch 3 (2 more each) and 12 to epoch 9 (6 more each), then 2 points x 5 folds x
    // 12 epochs in evaluate and the final trial's 12; not 24 filter trials at 9 epochs each.
    expect(etaMs(foldEvents(initialState(SWEEP), timed(events)))).toBe((12 * 2 + 12 * 6 + 10 * 12 + 12) * 3000);
    // One trial running towards the second rung (epoch 3, at 2 of it): it is not queued any more, and has 1 epoch left.
    const running = foldEvents(initialState(SWEEP), timed([...events, { kind: 'progress', progress: { ...progress({ point: 'a', trialId: 'a-0-r1', epoch: 2, loss: 0.4 }), epochs: 3 } }]));
    expect(etaMs(running)).toBe((11 * 2 + 12 * 6 + 10 * 12 + 12 + 1) * 3000);
  });
});
