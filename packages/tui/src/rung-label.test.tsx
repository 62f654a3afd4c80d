import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { HaltedPoint, RungPromotion, SweepRecord, TrialResult } from '@seqsweep/core';
import { waitForOptions } from '@seqsweep/core/testing';
import { DetailView } from './DetailView.js';
import { Leaderboard } from './Leaderboard.js';
import { pointCurves } from './curves.js';
import { epochsTrained } from './rung-label.js';
import { readSpec } from './spec-view.js';
import { foldEvents } from './fold.js';
import { shortId } from './format.js';
import { leaderboardLines } from './plain-lines.js';
import { isDimmed, pointRows, sortRows, statusText, varyingKeys } from './points.js';
import { initialState } from './state.js';
import type { FeedEvent } from './feed.js';
import { CREATED, POINTS, SWEEP, history, record, result, specJson, timed } from '../test-support/fixtures.js';
import { mountApp } from '../test-support/mount.js';

afterEach(cleanup);

const at = new Date(CREATED).toISOString();
/** The fixtures' sweep with halving in the filter stage: 2 folds, rungs at 1 and 3 epochs. */
const spec = { ...specJson(), stages: { filter: { folds: 2, epochs: 3, keep: 2, halving: { minEpochs: 1, reduction: 3 } }, evaluate: { folds: 5, epochs: 12 } } };
const halvingRecord = (rungs?: SweepRecord['rungs'], updated = 0): SweepRecord =>
  record({ spec, updatedAt: new Date(CREATED + updated).toISOString(), ...(rungs ? { rungs } : {}) });

/** A filter fold trial at `rung` (1 or 3 epochs): its own trial id, the whole history from epoch 1. */
function rungResult(point: keyof typeof POINTS, fold: number, rung: number, value: number): TrialResult {
  const epochs = [1, 3][rung]!;
  return { ...result({ point, fold, value, history: history(epochs, 1, value) }), trialId: `filter-${POINTS[point].pointId}-${fold}-r${rung}`, rung };
}

const promoted = (point: keyof typeof POINTS, rank: number): RungPromotion => ({ pointId: POINTS[point].pointId, stage: 'filter', rung: 1, rank, of: 4, at });
const halted = (point: keyof typeof POINTS, rank: number): HaltedPoint => ({ pointId: POINTS[point].pointId, stage: 'filter', rung: 0, epochs: 1, rank, of: 4, rule: 'halving', at });

/** Rung 0 for every point; a and b promoted (a has finished rung 1, b not yet started it); c and d halted. */
function events(): FeedEvent[] {
  const rung0 = (['a', 'b', 'c', 'd'] as const).flatMap((p, i) => [rungResult(p, 0, 0, 0.2 + 0.1 * i), rungResult(p, 1, 0, 0.22 + 0.1 * i)]);
  return [
    { kind: 'record', record: halvingRecord() },
    ...rung0.map((r): FeedEvent => ({ kind: 'result', result: r })),
    { kind: 'record', record: halvingRecord({ promoted: [promoted('a', 1), promoted('b', 2)], halted: [], closed: {} }, 1000) },
    { kind: 'result', result: rungResult('a', 0, 1, 0.05) },
    { kind: 'result', result: rungResult('a', 1, 1, 0.07) },
    { kind: 'record', record: halvingRecord({ promoted: [promoted('a', 1), promoted('b', 2)], halted: [halted('c', 3), halted('d', 4)], closed: { filter: 0 } }, 2000) },
  ];
}

describe('successive halving in the TUI', () => {
  it('ranks a point at the highest rung it reached, shows its rung, and says where a halted point stopped', () => {
    const s = foldEvents(initialState(SWEEP), timed(events()));
    const rows = sortRows(pointRows(s), 'objective', []);
    expect(rows.map((r) => r.pointId)).toEqual(['point-a', 'point-b', 'point-c', 'point-d']);
    // a's mean is over its two rung-1 folds only (0.05 and 0.07), not over every rung's trial.
    expect(rows[0]).toMatchObject({ folds: 2, k: 2, rung: { rung: 1, top: 1, epochs: 3, pending: false }, status: 'done' });
    expect(rows[0]!.mean).toBeCloseTo(0.06, 10);
    expect(rows[1]).toMatchObject({ rung: { rung: 1, epochs: 3, pending: true }, status: 'waiting' });
    expect(rows[2]).toMatchObject({ status: 'halted', rung: { rung: 0, epochs: 1 } });
    expect(statusText(rows[2]!)).toBe('halted at 1 epoch (rank 3 of 4)');
    expect(rows.filter(isDimmed).map((r) => r.pointId)).toEqual(['point-c', 'point-d']);
    const plain = leaderboardLines(s).join('\n');
    expect(plain).toMatch(/folds\s+rung\s+best epoch/);
    expect(plain).toContain('halted at 1 epoch (rank 4 of 4)');
  });

  it('puts the promotions and halts in the event log as the record tells them, once each', () => {
    const s = foldEvents(initialState(SWEEP), timed(events()));
    const rungLog = s.log.filter((e) => e.kind === 'promoted' || e.kind === 'halted').map((e) => e.text);
    const a = shortId(POINTS.a.pointId), b = shortId(POINTS.b.pointId), c = shortId(POINTS.c.pointId), d = shortId(POINTS.d.pointId);
    expect(rungLog).toEqual([
      `point ${a} filter: promoted to rung 1 (3 epochs), rank 1 of 4`,
      `point ${b} filter: promoted to rung 1 (3 epochs), rank 2 of 4`,
      `point ${c} filter: halted at 1 epoch (rank 3 of 4)`,
      `point ${d} filter: halted at 1 epoch (rank 4 of 4)`,
    ]);
    // The same events folded one at a time give the same log.
    const oneByOne = timed(events()).reduce((state, e) => foldEvents(state, [e]), initialState(SWEEP));
    expect(oneByOne.log.filter((e) => e.kind === 'promoted' || e.kind === 'halted').map((e) => e.text)).toEqual(rungLog);
  });

  it('draws the rung column and the halted status on the leaderboard, and the rung in the detail view', async () => {
    const s = foldEvents(initialState(SWEEP), timed(events()));
    const keys = varyingKeys(s.spec, pointRows(s));
    const rows = sortRows(pointRows(s), 'objective', keys);
    const board = render(<Leaderboard rows={rows} keys={keys} metric="valLoss" mode="min" sort="objective" selected={null} focused width={120} height={10} />);
    await vi.waitFor(() => expect(board.lastFrame()).toContain('halted at 1 epoch (rank 3 of 4)'), waitForOptions());
    expect(board.lastFrame()).toMatch(/folds\s+rung\s+mean ± std/);
    expect(board.lastFrame()).toMatch(/2\/2\s+1 \(3 ep\)\s+0\.06 ± /);
    const a = rows[0]!;
    const curves = pointCurves(a.results, []);
    expect(curves.map((c) => c.label)).toEqual(['fold 0 rung 0', 'fold 0 rung 1', 'fold 1 rung 0', 'fold 1 rung 1']);
    const detail = render(<DetailView pointId={a.pointId} point={a} curves={curves} selected={1} metric="valLoss" test={null} width={120} height={24} />);
    await vi.waitFor(() => expect(detail.lastFrame()).toContain('filter · done · rung 1 of 0-1, 3 epochs'), waitForOptions());
  });

  it('counts a promoted trial\'s own epochs, not the history it carries from the rung below, towards the time per epoch', () => {
    const parsed = readSpec(spec)!.parsed;
    expect(epochsTrained(parsed, rungResult('a', 0, 1, 0.05))).toBe(2);
    expect(epochsTrained(parsed, rungResult('a', 0, 0, 0.2))).toBe(1);
    expect(epochsTrained(parsed, result({ point: 'a', value: 0.3 }))).toBe(3);
  });

  it('shows a promotion and then a halt in the running app as each record arrives', async () => {
    const mounted = mountApp(120, 40, () => CREATED + 60_000);
    try {
      const [first, ...rest] = events();
      const promotion = rest.findIndex((e) => e.kind === 'record');
      for (const e of [first!, ...rest.slice(0, promotion + 1)]) mounted.store.push(e);
      mounted.store.flush();
      await vi.waitFor(() => expect(mounted.stdout.lastFrame()).toContain('promoted to rung 1 (3 epochs), rank 2 of 4'), waitForOptions());
      expect(mounted.stdout.lastFrame()).not.toContain('halted at');
      for (const e of rest.slice(promotion + 1)) mounted.store.push(e);
      mounted.store.flush();
      await vi.waitFor(() => expect(mounted.stdout.lastFrame()).toContain('filter: halted at 1 epoch (rank 4 of 4)'), waitForOptions());
    } finally {
      mounted.instance.unmount();
    }
  });
});
