import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrialAssignment, TrialLease } from '@seqsweep/core';
import { LeaseKeeper, LeaseLost } from './lease-keeper.js';

/** A lease whose `working()` answers as `working` says; only the keeper's calls matter here. */
function leaseOf(working: () => Promise<void>): TrialLease & { calls: () => number } {
  let calls = 0;
  const unused = (): Promise<void> => Promise.reject(new Error('the keeper only extends leases'));
  return {
    assignment: { trialId: 't-1' } as TrialAssignment,
    deliveryCount: 1,
    ack: unused, nak: unused, term: unused,
    working: () => {
      calls++;
      return working();
    },
    calls: () => calls,
  };
}

describe('LeaseKeeper', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const keep = (lease: TrialLease, log: string[] = []): LeaseKeeper => new LeaseKeeper(lease, { ackWaitMs: 3000, log: (l) => log.push(l), now: () => Date.now() });

  it('extends the lease every third of the ack wait, and never gives up while the server confirms', async () => {
    const lease = leaseOf(() => Promise.resolve());
    const keeper = keep(lease);
    await vi.advanceTimersByTimeAsync(10_500);
    expect(lease.calls()).toBe(10);
    expect(keeper.signal.aborted).toBe(false);
    expect(keeper.expired).toBe(false);
    keeper.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(lease.calls()).toBe(10);
  });

  it('aborts its signal with LeaseLost once no extension was confirmed for longer than the ack wait', async () => {
    const lease = leaseOf(() => Promise.reject(new Error('connection disconnected')));
    const log: string[] = [];
    const keeper = keep(lease, log);
    await vi.advanceTimersByTimeAsync(3000);
    // 3 s of silence is the ack wait itself, not longer than it: the server may still hold the lease.
    expect(keeper.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(keeper.signal.aborted).toBe(true);
    const reason: unknown = keeper.signal.reason;
    expect(reason).toBeInstanceOf(LeaseLost);
    expect(reason).toMatchObject({ silentMs: 4000, ackWaitMs: 3000, message: 'no lease extension of t-1 was confirmed for 4000 ms, longer than the ack wait (3000 ms)' });
    expect(log).toEqual(Array.from({ length: 3 }, () => 'could not extend the lease of t-1: connection disconnected'));
    expect(keeper.expired).toBe(true);
    // Once given up, the keeper stops asking.
    await vi.advanceTimersByTimeAsync(5000);
    expect(lease.calls()).toBe(3);
  });

  it('sends one extension at a time, and one confirmed after the lease ran out renews nothing', async () => {
    let confirm: () => void = () => undefined;
    const lease = leaseOf(() => new Promise<void>((resolve) => (confirm = resolve)));
    const keeper = keep(lease);
    await vi.advanceTimersByTimeAsync(3500);
    expect(lease.calls()).toBe(1);
    expect(keeper.expired).toBe(true);
    expect(keeper.signal.aborted).toBe(false);
    // The connection comes back and the server answers the extension sent at 1 s, after the lease ran out at 4 s
    // at the latest: the server may have redelivered the trial already.
    confirm();
    await vi.advanceTimersByTimeAsync(0);
    expect(keeper.expired).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(keeper.signal.reason).toBeInstanceOf(LeaseLost);
  });

  it('a confirmation in time keeps the lease, however slow it was', async () => {
    let confirm: () => void = () => undefined;
    const lease = leaseOf(() => new Promise<void>((resolve) => (confirm = resolve)));
    const keeper = keep(lease);
    await vi.advanceTimersByTimeAsync(2900);
    confirm();
    await vi.advanceTimersByTimeAsync(3000);
    expect(keeper.signal.aborted).toBe(false);
    expect(lease.calls()).toBe(2);
    keeper.stop();
  });
});
