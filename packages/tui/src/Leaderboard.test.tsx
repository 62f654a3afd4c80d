import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Leaderboard } from './Leaderboard.js';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import { pointRows, sortRows, varyingKeys, type SortMode } from './points.js';
import type { FeedEvent } from './feed.js';
import { SWEEP, record, result, timed } from '../test-support/fixtures.js';
import { waitForOptions } from '@seqsweep/core/testing';

afterEach(cleanup);

function board(mode: 'min' | 'max', sort: SortMode = 'objective') {
  const events: FeedEvent[] = [
    { kind: 'record', record: record({ survivors: ['point-b'] }, mode) },
    ...[result({ point: 'a', fold: 0, value: 0.3 }), result({ point: 'b', fold: 0, value: 0.1 }), result({ point: 'b', fold: 1, value: 0.2 }),
      result({ point: 'c', fold: 0, value: 0.9 }), result({ point: 'd', fold: 0, status: 'diverged' })]
      .map((r): FeedEvent => ({ kind: 'result', result: r })),
  ];
  const s = foldEvents(initialState(SWEEP), timed(events));
  const keys = varyingKeys(s.spec, pointRows(s));
  const rows = sortRows(pointRows(s), sort, keys);
  return <Leaderboard rows={rows} keys={keys} metric="valLoss" mode={mode} sort={sort} selected={null} focused width={100} height={10} />;
}

/** The point rows of a frame: lines that start with a rank. */
const ranked = (frame: string): string[] => frame.split('\n').filter((l) => /^...\s*\d+ /.test(l));

describe('Leaderboard', () => {
  it('ranks the lowest objective first in min mode', async () => {
    const { lastFrame } = render(board('min'));
    await vi.waitFor(() => expect(lastFrame()).toContain('lower is better'), waitForOptions());
    const rows = ranked(lastFrame()!);
    expect(rows.map((l) => l.match(/(0\.1|0\.01)\s+(8|16)/)?.[0].replace(/\s+/, ' '))).toEqual(['0.1 16', '0.1 8', '0.01 8', '0.01 16']);
    // The sample std of 0.1 and 0.2 is 0.0707; a point with one fold has none.
    expect(rows[0]).toMatch(/^ \* +1 0\.1\s+16\s+2\/3\s+0\.15 ± 0\.071\s+2\s+waiting/);
    expect(rows[1]).toMatch(/0\.3 ± -\s/);
    expect(rows[3]).toContain('diverged');
  });

  it('ranks the highest objective first in max mode', async () => {
    const { lastFrame } = render(board('max'));
    await vi.waitFor(() => expect(lastFrame()).toContain('higher is better'), waitForOptions());
    expect(ranked(lastFrame()!).map((l) => l.match(/0\.\d+ ±/)?.[0] ?? 'none')).toEqual(['0.9 ±', '0.3 ±', '0.15 ±', 'none']);
  });

  it('shows only the parameters that vary', async () => {
    const { lastFrame } = render(board('min'));
    await vi.waitFor(() => expect(lastFrame()).toContain('learningRate'), waitForOptions());
    expect(lastFrame()).toContain('hiddenSize');
    expect(lastFrame()).not.toContain('gradientClip');
    expect(lastFrame()).toContain('* survivor');
  });

  it('names the sort', async () => {
    const { lastFrame } = render(board('min', 'std'));
    await vi.waitFor(() => expect(lastFrame()).toContain('sort std (s)'), waitForOptions());
  });
});
