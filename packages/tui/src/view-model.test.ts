import { describe, expect, it } from 'vitest';
import { foldEvents } from './fold.js';
import { initialState } from './state.js';
import { viewModel } from './view-model.js';
import type { FeedEvent } from './feed.js';
import { SWEEP, heartbeat, record, result, timed } from '../test-support/fixtures.js';

describe('the workers panel', () => {
  it('shows a worker idle once the result of the trial its last heartbeat named is in', () => {
    const r = result({ point: 'a', fold: 0, value: 0.2 });
    const events: FeedEvent[] = [
      { kind: 'record', record: record() },
      { kind: 'heartbeat', heartbeat: heartbeat('w1', { trialId: r.trialId }) },
      { kind: 'heartbeat', heartbeat: heartbeat('w2', { trialId: 'filter-point-b-0' }) },
      { kind: 'result', result: r },
    ];
    const vm = viewModel(foldEvents(initialState(SWEEP), timed(events)), 'objective');
    expect(vm.workers.map((w) => [w.workerId, w.state, w.trialId])).toEqual([['w1', 'idle', undefined], ['w2', 'training', 'filter-point-b-0']]);
  });
});
