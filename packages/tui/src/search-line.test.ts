import { describe, expect, it } from 'vitest';
import { pointId } from '@seqsweep/core';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import { formatParam } from './format.js';
import { searchLine } from './search-line.js';
import { CREATED, POINTS, SWEEP, record, result, timed } from '../test-support/fixtures.js';

const drawn = [POINTS.a.params, POINTS.b.params, POINTS.c.params];
/** A stage-one result of point `p` with its real point id, as the coordinator checks it. */
const of = (p: 'a' | 'b' | 'c', fold: number) => ({ ...result({ point: p, fold, value: 0.5 }), pointId: pointId(POINTS[p].params), trialId: `${p}-${fold}` });

describe('searchLine', () => {
  it('counts the points drawn and those whose folds have not all ended', () => {
    const search = { strategy: 'grid', drawn, parallel: 2 };
    const state = foldEvents(initialState(SWEEP), timed([
      { kind: 'record', record: record({ search }) },
      // Point a ended (3 of 3 folds), point b has 2 of 3, point c none.
      ...[of('a', 0), of('a', 1), of('a', 2), of('b', 0), of('b', 1)].map((r) => ({ kind: 'result' as const, result: r })),
    ], CREATED));
    expect(searchLine(state)).toBe('search grid: 3 of 4 points drawn, 2 in flight');
  });

  it('says when the space ran out, and the event log says stage one ended early', () => {
    const state = foldEvents(initialState(SWEEP), timed([
      { kind: 'record', record: record({ search: { strategy: 'grid', drawn, parallel: 1 } }) },
      { kind: 'record', record: record({ search: { strategy: 'grid', drawn, parallel: 1, exhausted: true }, updatedAt: new Date(CREATED + 1000).toISOString() }) },
    ], CREATED));
    expect(searchLine(state)).toBe('search grid: 3 points drawn (the space ran out), 3 in flight');
    expect(state.log.map((e) => e.text)).toContain('the space has only 3 points: stage one ended early after drawing each once');
  });

  it('is absent for a record without a search (a sweep from before strategies)', () => {
    expect(searchLine(foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record() }], CREATED)))).toBeNull();
  });
});

describe('formatParam', () => {
  it('shows a sampled value to 3 significant digits and a whole number as it is', () => {
    expect(formatParam(0.012345678)).toBe('0.0123');
    expect(formatParam(2.718281828)).toBe('2.72');
    expect(formatParam(0.000123456)).toBe('1.23e-4');
    expect(formatParam(0.0001)).toBe('1e-4');
    expect(formatParam(0.001)).toBe('0.001');
    expect(formatParam(64)).toBe('64');
    expect(formatParam('adam')).toBe('adam');
  });
});
