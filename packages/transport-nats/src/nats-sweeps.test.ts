import { describe, expect, it, vi } from 'vitest';
import type { SweepRecord } from '@seqsweep/core';
import { InvalidReports, idToken } from '@seqsweep/core/internal';
import { waitForOptions } from '@seqsweep/core/testing';
import { NatsSweeps } from './nats-sweeps.js';
import { natsLayout } from './nats-layout.js';
import { FakeBucket, sweepRecord } from '../test-support/fake-kv.js';

describe('NatsSweeps.watch', () => {
  it('replaces a watch lost with its server: the change made meanwhile arrives, once, and nothing before it again', async () => {
    const bucket = new FakeBucket();
    const id = 'watched-20261201-000000-0000';
    bucket.put(sweepRecord(id), idToken(id));
    const sweeps = new NatsSweeps(bucket.kv(), natsLayout('t'), new InvalidReports(), { refreshMs: 30 });
    const seen: SweepRecord[] = [];
    const sub = await sweeps.watch(id, (r) => seen.push(r));
    try {
      bucket.put(sweepRecord(id, { stage: 'evaluate', updatedAt: '2026-12-01T00:01:00Z' }), idToken(id));
      await vi.waitFor(() => expect(seen).toHaveLength(2), waitForOptions());
      bucket.lose();
      bucket.put(sweepRecord(id, { stage: 'final', status: 'completed', updatedAt: '2026-12-01T00:02:00Z' }), idToken(id));
      await vi.waitFor(() => expect(seen.map((r) => r.status)).toEqual(['running', 'running', 'completed']), waitForOptions());
      // Let a few more replacements come and go: none brings a record twice.
      const opened = bucket.watches.length;
      await vi.waitFor(() => expect(bucket.watches.length).toBeGreaterThanOrEqual(opened + 3), waitForOptions());
      expect(seen.map((r) => r.stage)).toEqual(['filter', 'evaluate', 'final']);
    } finally {
      sub.unsubscribe();
    }
    expect(bucket.watches.every((w) => w.stopped)).toBe(true);
  });
});
