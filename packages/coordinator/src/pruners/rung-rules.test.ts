/**
 * The rung rules through one table (adding a rule adds rows), and the decision at a rung that both share:
 * promotion as soon as a point ranks in the top 1/η of the points that finished so far, never fewer than `keep`
 * once the rung closes, deterministic ties.
 */
import { describe, expect, it } from 'vitest';
import type { PointSummary } from '@seqsweep/core';
import { halvingRule } from './halving.js';
import { medianRule } from './median.js';
import { rungDecision, type RungRule } from './rung-decide.js';

/** A point that finished a rung with `mean` over its folds (std 0.1 unless given). */
const pt = (pointId: string, mean: number, std = 0.1): PointSummary => ({
  pointId, params: { id: pointId }, stage: 'filter', mean, std, folds: 3, failed: 0, diverged: 0, values: [mean, mean, mean],
});

const decide = (rule: RungRule, finished: PointSummary[], options: { closed?: boolean; keep?: number; promoted?: string[]; mode?: 'min' | 'max' } = {}) =>
  rungDecision({ finished, rule, mode: options.mode ?? 'min', closed: options.closed ?? false, keep: options.keep ?? 1, promoted: new Set(options.promoted ?? []) });

const ids = (places: readonly { pointId: string }[]): string[] => places.map((p) => p.pointId);

describe('halving (ASHA) at a rung', () => {
  const eta3 = halvingRule({ reduction: 3 });

  it('promotes a point as soon as it ranks in the top 1/η of the points finished so far, waiting for no straggler', () => {
    expect(ids(decide(eta3, [pt('a', 0.5), pt('b', 0.4)]).promote)).toEqual([]);
    // The third to finish makes one place: the best of the three so far goes on, with its rank.
    expect(decide(eta3, [pt('a', 0.5), pt('b', 0.4), pt('c', 0.9)]).promote).toEqual([{ pointId: 'b', rank: 1, of: 3 }]);
    // Six finished: two places; b is on already, so a goes on now.
    const six = [pt('a', 0.5), pt('b', 0.4), pt('c', 0.9), pt('d', 0.95), pt('e', 0.8), pt('f', 0.7)];
    expect(decide(eta3, six, { promoted: ['b'] }).promote).toEqual([{ pointId: 'a', rank: 2, of: 6 }]);
    // Nothing is halted while the rung is open: a point below the cut may still go on as more finish.
    expect(decide(eta3, six, { promoted: ['b'] }).halt).toEqual([]);
  });

  it('sends on a later, better point that enters the top 1/η, and keeps the early promotion it pushed out (never undone)', () => {
    const d = decide(eta3, [pt('a', 0.5), pt('b', 0.6), pt('c', 0.7), pt('d', 0.1)], { promoted: ['a'] });
    expect(d.promote).toEqual([{ pointId: 'd', rank: 1, of: 4 }]);
    expect(ids(decide(eta3, [pt('a', 0.5), pt('b', 0.6), pt('c', 0.7), pt('d', 0.1)], { promoted: ['a', 'd'], closed: true }).halt)).toEqual(['b', 'c']);
  });

  it('on closing the rung sends on at least keep points, best first, and halts the rest with their rank', () => {
    const finished = [pt('a', 0.5), pt('b', 0.4), pt('c', 0.9), pt('d', 0.2), pt('e', 0.3)];
    const d = decide(eta3, finished, { closed: true, keep: 4, promoted: ['b'] });
    expect(ids(d.promote)).toEqual(['d', 'e', 'a']);
    expect(d.halt).toEqual([{ pointId: 'c', rank: 5, of: 5 }]);
    // keep above the finished points sends every one on.
    expect(decide(eta3, finished.slice(0, 2), { closed: true, keep: 4 }).halt).toEqual([]);
  });

  it('for the evaluate stage (keep 1) sends on the best at least, even from fewer than η points', () => {
    const d = decide(eta3, [pt('a', 0.5), pt('b', 0.4)], { closed: true, keep: 1 });
    expect(d.promote).toEqual([{ pointId: 'b', rank: 1, of: 2 }]);
    expect(d.halt).toEqual([{ pointId: 'a', rank: 2, of: 2 }]);
  });

  it('ranks a max objective the other way, and breaks ties by std, then by point id', () => {
    expect(ids(decide(eta3, [pt('a', 0.5), pt('b', 0.4), pt('c', 0.9)], { mode: 'max' }).promote)).toEqual(['c']);
    const tied = [pt('b', 0.5, 0.2), pt('a', 0.5, 0.2), pt('c', 0.5, 0.1)];
    expect(ids(decide(eta3, tied, { closed: true, keep: 2 }).promote)).toEqual(['c', 'a']);
    expect(ids(decide(eta3, [...tied].reverse(), { closed: true, keep: 2 }).promote)).toEqual(['c', 'a']);
  });
});

describe('the median rule at a rung', () => {
  const median2 = medianRule({ startup: 2 });

  it('sends the first startup points on, then each point not worse than the median of those before it', () => {
    const finished = [pt('a', 0.5), pt('b', 0.7), pt('c', 0.65), pt('d', 0.4), pt('e', 0.9)];
    // c: median of (0.5, 0.7) is 0.6, c is worse; d: median of (0.5, 0.7, 0.65) is 0.65, d is better; e: worse.
    expect(ids(decide(median2, finished).promote)).toEqual(['d', 'a', 'b']);
    const closed = decide(median2, finished, { closed: true, keep: 1, promoted: ['a', 'b', 'd'] });
    expect(closed.promote).toEqual([]);
    expect(closed.halt).toEqual([{ pointId: 'c', rank: 3, of: 5 }, { pointId: 'e', rank: 5, of: 5 }]);
  });

  it('judges a max objective the other way, and tops up to keep as the rung closes', () => {
    const finished = [pt('a', 0.5), pt('b', 0.7), pt('c', 0.65), pt('d', 0.4)];
    expect(ids(decide(median2, finished, { mode: 'max' }).promote)).toEqual(['b', 'c', 'a']);
    expect(ids(decide(medianRule({ startup: 1 }), [pt('a', 0.5), pt('b', 0.9), pt('c', 0.95)], { closed: true, keep: 2, promoted: ['a'] }).promote)).toEqual(['b']);
  });
});

/** Every rule through the same contract: an empty rung sends nobody on; a closed one keeps `keep`. */
const RULES: Array<[string, RungRule]> = [['halving', halvingRule({ reduction: 3 })], ['median', medianRule({ startup: 5 })]];

describe.each(RULES)('rule %s', (_name, rule) => {
  it('decides nothing for an empty rung, and never leaves a closed rung with fewer than keep going on', () => {
    expect(decide(rule, [], { closed: true, keep: 3 })).toEqual({ promote: [], halt: [] });
    const finished = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) => pt(id, 1 - i / 10));
    const d = decide(rule, finished, { closed: true, keep: 3 });
    expect(d.promote.length).toBeGreaterThanOrEqual(3);
    expect(d.promote.length + d.halt.length).toBe(7);
    // The decision depends on the points, not on the order of the list for ranking ties.
    expect(decide(rule, finished, { closed: true, keep: 3 })).toEqual(d);
  });
});
