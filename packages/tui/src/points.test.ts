import { describe, expect, it } from 'vitest';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import { pointRows, sortRows, varyingKeys } from './points.js';
import { SWEEP, progress, record, result, timed } from '../test-support/fixtures.js';
import type { FeedEvent } from './feed.js';

function stateWith(mode: 'min' | 'max', events: FeedEvent[]) {
  return foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record({}, mode) }, ...events]));
}

const filterResults: FeedEvent[] = [
  result({ point: 'a', fold: 0, value: 0.30 }), result({ point: 'a', fold: 1, value: 0.50 }),
  result({ point: 'b', fold: 0, value: 0.10 }), result({ point: 'b', fold: 1, value: 0.20 }),
  result({ point: 'c', fold: 0, value: 0.90 }),
  result({ point: 'd', fold: 0, value: 0.05 }), result({ point: 'd', fold: 1, status: 'diverged' }),
].map((r) => ({ kind: 'result', result: r }));

describe('leaderboard order', () => {
  it('ranks by mean objective, lowest first in min mode, with diverged points last', () => {
    const s = stateWith('min', filterResults);
    const rows = sortRows(pointRows(s), 'objective', []);
    expect(rows.map((r) => r.pointId)).toEqual(['point-b', 'point-a', 'point-c', 'point-d']);
    expect(rows[0]).toMatchObject({ folds: 2, k: 3, status: 'waiting' });
    expect(rows[0]!.mean).toBeCloseTo(0.15);
    // The sample std (n − 1) of 0.1 and 0.2; a single fold has none.
    expect(rows[0]!.std).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
    expect(rows.find((r) => r.pointId === 'point-c')!.std).toBeNaN();
    expect(rows[3]!.status).toBe('diverged');
  });

  it('after progress alone, makes again only the rows of the points in flight, not the ranking', () => {
    const before = stateWith('min', filterResults);
    const rows = pointRows(before);
    const after = foldEvents(before, timed([{ kind: 'progress', progress: progress({ point: 'c', trialId: 'c-fold-1', epoch: 1, loss: 0.5 }) }]));
    const moved = pointRows(after);
    expect(moved.map((r) => r.pointId)).toEqual(rows.map((r) => r.pointId));
    for (const [i, row] of moved.entries()) {
      if (row.pointId === 'point-c') expect(row).toMatchObject({ running: 1, status: 'running', rank: rows[i]!.rank });
      // The same objects: nothing was summarized or ranked again for them.
      else expect(row).toBe(rows[i]);
    }
  });

  it('ranks highest first in max mode', () => {
    const s = stateWith('max', filterResults);
    expect(sortRows(pointRows(s), 'objective', []).map((r) => r.pointId)).toEqual(['point-c', 'point-a', 'point-b', 'point-d']);
  });

  it('puts evaluate-stage points ahead of filter-stage ones and breaks ties by the smaller std', () => {
    const s = stateWith('min', [
      ...filterResults,
      ...[result({ point: 'c', stage: 'evaluate', fold: 0, value: 0.6 }), result({ point: 'c', stage: 'evaluate', fold: 1, value: 0.6 }),
        result({ point: 'a', stage: 'evaluate', fold: 0, value: 0.5 }), result({ point: 'a', stage: 'evaluate', fold: 1, value: 0.7 })]
        .map((r): FeedEvent => ({ kind: 'result', result: r })),
    ]);
    const rows = sortRows(pointRows(s), 'objective', []);
    expect(rows.map((r) => r.pointId)).toEqual(['point-c', 'point-a', 'point-b', 'point-d']);
    expect(rows[0]).toMatchObject({ stage: 'evaluate', k: 5 });
  });

  it('sorts by std, folds and parameters', () => {
    const s = stateWith('min', filterResults);
    const keys = ['learningRate', 'hiddenSize'];
    // point-c has one fold, so no std: after every point whose std is known.
    expect(sortRows(pointRows(s), 'std', keys).map((r) => r.pointId)).toEqual(['point-b', 'point-a', 'point-c', 'point-d']);
    expect(sortRows(pointRows(s), 'folds', keys)[2]!.pointId).toBe('point-c');
    expect(sortRows(pointRows(s), 'params', keys).map((r) => r.pointId)).toEqual(['point-c', 'point-d', 'point-a', 'point-b']);
  });
});

describe('varyingKeys', () => {
  it('keeps the grid options with more than one value', () => {
    const s = stateWith('min', filterResults);
    expect(varyingKeys(s.spec, pointRows(s))).toEqual(['learningRate', 'hiddenSize']);
  });

  it('without a spec, keeps the options seen to differ', () => {
    const s = foldEvents(initialState(SWEEP), timed(filterResults));
    expect(varyingKeys(null, pointRows(s))).toEqual(['learningRate', 'hiddenSize']);
  });
});
