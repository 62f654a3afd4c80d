import { describe, expect, it } from 'vitest';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import type { FeedEvent } from './feed.js';
import { CREATED, SWEEP, heartbeat, progress, record, result, timed } from '../test-support/fixtures.js';

const results = [
  result({ point: 'a', fold: 0, value: 0.3 }),
  result({ point: 'b', fold: 0, value: 0.2, attempts: 2 }),
  result({ point: 'a', fold: 1, value: 0.4 }),
  result({ point: 'c', fold: 0, status: 'failed' }),
  result({ point: 'd', fold: 0, status: 'diverged' }),
];
const asEvents = (list: typeof results): FeedEvent[] => list.map((r) => ({ kind: 'result', result: r }));

describe('foldEvents', () => {
  it('folds a replay of stored results into the same state as live delivery', () => {
    const start = foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record() }], CREATED));
    const at = CREATED + 120_000;
    // Live: results one by one, with progress for them before each, and a duplicate delivery of one of them.
    let live = start;
    results.forEach((r, i) => {
      live = foldEvents(live, timed([{ kind: 'progress', progress: progress({ point: 'a', trialId: r.trialId, epoch: 1, loss: 0.9 }) }], at + i));
      live = foldEvents(live, timed([{ kind: 'result', result: r }], at + i));
    });
    live = foldEvents(live, timed([{ kind: 'result', result: results[1]! }], at + results.length - 1));
    // Replay: every stored result in one batch, then the live subscription delivering the last two again.
    const replayed = foldEvents(foldEvents(start, timed(asEvents(results), at)), timed(asEvents(results.slice(-2)), at + results.length - 1));
    expect(replayed.results.size).toBe(5);
    expect(replayed.running.size).toBe(0);
    const tick = timed([{ kind: 'tick' }], at + 100);
    expect(foldEvents(live, tick)).toEqual(foldEvents(replayed, tick));
  });

  it('logs failures, divergence, redeliveries, stage changes, survivors and pruned points', () => {
    const s = foldEvents(initialState(SWEEP), timed([
      { kind: 'record', record: record() },
      ...asEvents(results),
      { kind: 'record', record: record({ pruned: ['point-d'], updatedAt: new Date(CREATED + 90_000).toISOString() }) },
      { kind: 'record', record: record({ stage: 'evaluate', survivors: ['point-a', 'point-b'], pruned: ['point-d'], updatedAt: new Date(CREATED + 100_000).toISOString() }) },
    ]));
    expect(s.log.map((e) => e.kind)).toEqual(['stage', 'redelivery', 'failed', 'diverged', 'pruned', 'stage', 'survivors']);
    expect(s.log[5]!.text).toBe('stage evaluate: 10 trials planned');
    expect(s.log[6]!.text).toContain('2 survivors of the filter stage');
  });

  it('drops progress for finished trials, follows redelivered trials, and keeps a bounded loss tail', () => {
    const done = result({ point: 'a', value: 0.3 });
    let s = foldEvents(initialState(SWEEP), timed([
      { kind: 'result', result: done },
      { kind: 'progress', progress: progress({ point: 'a', trialId: done.trialId, epoch: 4, loss: 0.1 }) },
      ...Array.from({ length: 200 }, (_, i): FeedEvent => ({ kind: 'progress', progress: progress({ point: 'b', trialId: 't-b', epoch: 1, loss: i, ts: CREATED + i }) })),
    ]));
    expect(s.running.has(done.trialId)).toBe(false);
    expect(s.running.get('t-b')!.losses).toHaveLength(120);
    expect(s.running.get('t-b')!.losses.at(-1)).toBe(199);
    s = foldEvents(s, timed([{ kind: 'progress', progress: progress({ point: 'b', trialId: 't-b', epoch: 0, loss: 5, worker: 'w2', ts: CREATED + 500 }) }]));
    expect(s.running.get('t-b')).toMatchObject({ worker: 'w2', losses: [5] });
    expect(s.log.at(-1)!.text).toContain('moved from w1 to w2: redelivered');
  });

  it('tracks workers and forgets the trial a worker says it no longer holds', () => {
    let s = foldEvents(initialState(SWEEP), timed([
      { kind: 'progress', progress: progress({ point: 'a', trialId: 't-a', epoch: 1, loss: 1, worker: 'w1', ts: CREATED + 1000 }) },
      { kind: 'heartbeat', heartbeat: heartbeat('w1', { trialId: 't-a', ts: CREATED + 1500 }) },
    ], CREATED));
    s = foldEvents(s, [{ kind: 'heartbeat', heartbeat: heartbeat('w1', { state: 'idle', ts: CREATED + 6000 }), at: CREATED + 5000 }]);
    expect(s.running.size).toBe(0);
    expect(s.workers.get('w1')).toMatchObject({ state: 'idle', intervalMs: 5000 - 1 });
  });

  it('ignores events of other sweeps and leaves the input state unchanged', () => {
    const before = initialState(SWEEP);
    const other = { ...result({ point: 'a', value: 1 }), sweepId: 'other' };
    const after = foldEvents(before, timed([{ kind: 'result', result: other }, { kind: 'result', result: result({ point: 'b', value: 1 }) }]));
    expect(before.results.size).toBe(0);
    expect([...after.results.keys()]).toEqual(['filter-point-b-0']);
  });

  it('keeps worker names, hosts and errors from the wire escaped in its state', () => {
    let s = foldEvents(initialState(SWEEP), timed([{ kind: 'record', record: record() }], CREATED));
    s = foldEvents(s, timed([
      { kind: 'heartbeat', heartbeat: heartbeat('w\u001b[2J', { host: 'h\nbest: forged' }) },
      { kind: 'progress', progress: progress({ point: 'a', trialId: 't-a', epoch: 1, loss: 0.5, worker: 'p\u001b]0;t\u0007' }) },
      { kind: 'result', result: { ...result({ point: 'b', fold: 0, status: 'failed', worker: 'r\rx' }), error: 'e\u001b[31m' } },
    ], CREATED + 100));
    const texts = [...s.workers.values()].flatMap((w) => [w.workerId, w.host]).concat([...s.running.values()].map((t) => t.worker), s.log.map((l) => l.text));
    expect(texts.filter((t) => /[\u0000-\u001f]/.test(String(t)))).toEqual([]);
    expect(s.log.some((l) => l.text.includes('r\\rx') && l.text.includes('e\\x1b[31m'))).toBe(true);
    expect([...s.workers.values()][0]).toMatchObject({ workerId: 'w\\x1b[2J', host: 'h\\nbest: forged' });
  });
});
