import { afterEach, describe, expect, it, vi } from 'vitest';
import { SweepStore } from './store.js';
import { SWEEP, progress } from '../test-support/fixtures.js';
import { waitForOptions } from '@seqsweep/core/testing';

afterEach(() => {
  vi.useRealTimers();
});

describe('SweepStore', () => {
  it('folds a burst of messages into one new state', async () => {
    const store = new SweepStore(SWEEP);
    let states = 0;
    store.subscribe(() => states++);
    for (let i = 0; i < 300; i++) store.push({ kind: 'progress', progress: progress({ point: 'a', trialId: `t${i % 30}`, epoch: i, loss: i }) });
    expect(store.getState().running.size).toBe(0);
    await vi.waitFor(() => expect(store.getState().running.size).toBe(30), waitForOptions());
    expect(states).toBe(1);
    expect(store.getState().running.get('t0')!.losses).toEqual([0, 30, 60, 90, 120, 150, 180, 210, 240, 270]);
    store.close();
  });

  it('hands out at most one state per frame (10 a second by default) however fast messages come', () => {
    vi.useFakeTimers({ now: 0 });
    const store = new SweepStore(SWEEP, { clock: () => Date.now() });
    let states = 0;
    store.subscribe(() => states++);
    // 500 messages a second for 3 seconds.
    for (let ms = 0; ms < 3000; ms += 2) {
      store.push({ kind: 'progress', progress: progress({ point: 'a', trialId: `t${(ms / 2) % 16}`, epoch: 1, loss: ms, ts: ms }) });
      vi.advanceTimersByTime(2);
    }
    vi.advanceTimersByTime(100);
    expect(states).toBeGreaterThanOrEqual(28);
    expect(states).toBeLessThanOrEqual(31);
    expect(store.getState().running.size).toBe(16);
    store.close();
  });
});
