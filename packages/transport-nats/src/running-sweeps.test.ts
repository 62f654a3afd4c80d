import { describe, expect, it, vi } from 'vitest';
import { InvalidReports } from '@seqsweep/core/internal';
import { testDeadline, waitForOptions } from '@seqsweep/core/testing';
import { RunningSweeps } from './running-sweeps.js';
import { FakeBucket, sweepRecord } from '../test-support/fake-kv.js';

describe('RunningSweeps', () => {
  it('replaces a watch that fell silent with its server: a sweep started after the loss is seen', async () => {
    const bucket = new FakeBucket();
    bucket.put(sweepRecord('first'));
    const running = new RunningSweeps(bucket.kv(), 'sweeps', new InvalidReports(), { refreshMs: 50 });
    const signal = AbortSignal.timeout(testDeadline(10_000));
    try {
      expect(await running.waitForAny(signal)).toEqual(['first']);
      bucket.lose();
      bucket.put(sweepRecord('second'));
      // The lost watch never brings 'second'; only a replacement can.
      while (!signal.aborted) {
        const ids = await running.waitForAny(signal);
        if (ids?.includes('second')) break;
        await running.changed(signal, 1000);
      }
      expect(await running.waitForAny(signal)).toEqual(['first', 'second']);
      // Each replacement stops the watch before it: one is open at a time.
      expect(bucket.watches.filter((w) => !w.stopped)).toHaveLength(1);
    } finally {
      running.stop();
    }
    expect(bucket.watches.every((w) => w.stopped)).toBe(true);
  });

  it('applies what a replacement watch brings again once: an unchanged bucket wakes nobody', async () => {
    const bucket = new FakeBucket();
    bucket.put(sweepRecord('only'));
    const running = new RunningSweeps(bucket.kv(), 'sweeps', new InvalidReports(), { refreshMs: 20 });
    const signal = AbortSignal.timeout(testDeadline(10_000));
    try {
      await running.waitForAny(signal);
      let woken = false;
      const listening = new AbortController();
      void running.changed(AbortSignal.any([signal, listening.signal]), Number.POSITIVE_INFINITY).then(() => (woken = !listening.signal.aborted));
      await vi.waitFor(() => expect(bucket.watches.length).toBeGreaterThanOrEqual(4), waitForOptions(10_000));
      await new Promise((r) => setImmediate(r));
      listening.abort();
      expect(woken).toBe(false);
    } finally {
      running.stop();
    }
  });
});
