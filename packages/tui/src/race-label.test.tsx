import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { RacedOut } from '@seqsweep/core';
import { waitForOptions } from '@seqsweep/core/testing';
import { Leaderboard } from './Leaderboard.js';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import { isDimmed, pointRows, sortRows, statusText, varyingKeys } from './points.js';
import { leaderboardLines } from './plain-lines.js';
import { raceDecidedLabel, racedOutLabel } from './race-label.js';
import type { FeedEvent } from './feed.js';
import { CREATED, SWEEP, record, result, timed } from '../test-support/fixtures.js';

afterEach(cleanup);

const out: RacedOut = { pointId: 'point-c', stage: 'filter', afterFolds: 2, compared: [0, 1], p: 0.0312, leader: 'point-b', test: 't', at: new Date(CREATED).toISOString() };

function raced() {
  const events: FeedEvent[] = [
    { kind: 'record', record: record({ race: { rounds: { filter: 1 }, out: [out], decided: {} } }) },
    ...[result({ point: 'b', fold: 0, value: 0.1 }), result({ point: 'b', fold: 1, value: 0.2 }),
      result({ point: 'c', fold: 0, value: 0.05 }), result({ point: 'c', fold: 1, value: 0.9 }),
      result({ point: 'c', fold: 2, status: 'raced-out' }), result({ point: 'a', fold: 0, value: 0.3 })]
      .map((r): FeedEvent => ({ kind: 'result', result: r })),
  ];
  return foldEvents(initialState(SWEEP), timed(events));
}

describe('a raced-out point in the TUI', () => {
  it('says when it went out and ranks below the live points, whatever its mean', () => {
    const s = raced();
    const rows = sortRows(pointRows(s), 'objective', []);
    expect(rows.map((r) => r.pointId)).toEqual(['point-b', 'point-a', 'point-c']);
    expect(rows[2]).toMatchObject({ status: 'raced-out', racedOut: out });
    expect(statusText(rows[2]!)).toBe('out after 2 folds, p = 0.031');
    expect(leaderboardLines(s).join('\n')).toContain('out after 2 folds, p = 0.031');
    expect(s.log.some((e) => e.kind === 'raced-out' && e.text.includes('out after 2 folds'))).toBe(true);
  });

  it('is dimmed on the leaderboard, with its label', async () => {
    const s = raced();
    const keys = varyingKeys(s.spec, pointRows(s));
    const rows = sortRows(pointRows(s), 'objective', keys);
    const { lastFrame } = render(<Leaderboard rows={rows} keys={keys} metric="valLoss" mode="min" sort="objective" selected={null} focused width={120} height={10} />);
    await vi.waitFor(() => expect(lastFrame()).toContain('out after 2 folds, p = 0.031'), waitForOptions());
    // The frame carries no colours in tests: the row's dimming is what isDimmed says, which Leaderboard applies.
    expect(rows.filter(isDimmed).map((r) => r.pointId)).toEqual(['point-c']);
  });

  it('says the tolerance when the race had one (the point was not shown worse, only not better by that much)', () => {
    expect(racedOutLabel({ ...out, tolerance: 0.02 })).toBe('out after 2 folds, p = 0.031, tolerance 2%');
    expect(racedOutLabel({ ...out, afterFolds: 3, tolerance: 0.005 })).toBe('out after 3 folds, p = 0.031, tolerance 0.5%');
  });

  it('a decided race: the log says so, and a live point whose last folds were skipped is done, not waiting', () => {
    // Keep 2 of 4: c and d raced out, a and b left live after two of their three folds, whose third is skipped.
    const outD: RacedOut = { ...out, pointId: 'point-d' };
    const decided = { live: ['point-a', 'point-b'], folds: [2, 2], at: new Date(CREATED).toISOString() };
    const events: FeedEvent[] = [
      { kind: 'record', record: record({ race: { rounds: { filter: 1 }, out: [out, outD], decided: {} } }) },
      ...[result({ point: 'a', fold: 0, value: 0.1 }), result({ point: 'a', fold: 1, value: 0.2 }),
        result({ point: 'b', fold: 0, value: 0.15 }), result({ point: 'b', fold: 1, value: 0.25 })]
        .map((r): FeedEvent => ({ kind: 'result', result: r })),
      { kind: 'record', record: record({ updatedAt: new Date(CREATED + 1000).toISOString(), race: { rounds: { filter: 1 }, out: [out, outD], decided: { filter: decided } } }) },
      ...[result({ point: 'a', fold: 2, status: 'skipped' }), result({ point: 'b', fold: 2, status: 'skipped' })]
        .map((r): FeedEvent => ({ kind: 'result', result: r })),
    ];
    const s = foldEvents(initialState(SWEEP), timed(events));
    expect(s.log.filter((e) => e.kind === 'decided').map((e) => e.text)).toEqual(['filter race decided: 2 points left for 2 places; their remaining folds are skipped']);
    expect(raceDecidedLabel('evaluate', { ...decided, live: ['point-a'], folds: [3] })).toMatch(/^evaluate race decided: one point left, \S+; its remaining folds are skipped$/);
    const rows = pointRows(s);
    expect(rows.filter((r) => r.pointId === 'point-a' || r.pointId === 'point-b').map((r) => r.status)).toEqual(['done', 'done']);
  });
});
