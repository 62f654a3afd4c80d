import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TrialAssignment } from '@seqsweep/core';
import { result, trial } from '@seqsweep/core/testing';
import { ResultBook } from './result-book.js';
import { StageRun } from './stage-run.js';

/** A publish the test lets through when it chooses, as one riding out a nats-server that is away. */
function heldPublish(): { publish: (trials: readonly TrialAssignment[]) => Promise<void>; release: () => void; started: () => boolean } {
  let release = (): void => undefined;
  let started = false;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    publish: async () => {
      started = true;
      await gate;
    },
    release: () => release(),
    started: () => started,
  };
}

describe('StageRun', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never hands the watchdog a trial whose publish has not returned, however many lease periods the publish takes', async () => {
    vi.useFakeTimers();
    const book = new ResultBook();
    const planned = ['t-a', 't-b', 't-c'].map((id) => ({ ...trial('s', id), stage: 'evaluate' as const }));
    const held = heldPublish();
    const checked: string[][] = [];
    const run = new StageRun({
      book, signal: undefined, ackWaitMs: 1000, publish: held.publish,
      recoverLost: async (trials) => {
        checked.push(trials.map((a) => a.trialId));
      },
      background: (_what, task) => void task,
    }, planned);
    const done = run.run('evaluate');
    await vi.advanceTimersByTimeAsync(0);
    expect(held.started()).toBe(true);
    // Five lease periods with the publish still on its way (the server away, the client retrying).
    await vi.advanceTimersByTimeAsync(5000);
    expect(checked.length).toBeGreaterThanOrEqual(5);
    expect(checked.flat()).toEqual([]);
    held.release();
    await vi.advanceTimersByTimeAsync(0);
    // Once published, every trial is the watchdog's to check.
    expect(checked.at(-1)).toEqual(['t-a', 't-b', 't-c']);
    for (const a of planned) book.add({ ...result('s', a.trialId), stage: 'evaluate' });
    await vi.advanceTimersByTimeAsync(0);
    await done;
  });

  it('lists a drawn point\'s trials for the watchdog only once their publish returns', async () => {
    vi.useFakeTimers();
    const book = new ResultBook();
    const checked: string[][] = [];
    const held = heldPublish();
    const run = new StageRun({
      book, signal: undefined, ackWaitMs: 1000,
      publish: (trials) => held.publish(trials),
      recoverLost: async (trials) => {
        checked.push(trials.map((a) => a.trialId));
      },
      background: (_what, task) => void task,
    }, []);
    const adding = run.add([trial('s', 't-d')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(run.sent()).toEqual([]);
    held.release();
    await adding;
    expect(run.sent().map((a) => a.trialId)).toEqual(['t-d']);
    expect(checked).toEqual([]);
  });
});
