import { describe, expect, it } from 'vitest';
import { InvalidReports, idToken } from '@seqsweep/core/internal';
import { testDeadline } from '@seqsweep/core/testing';
import type { SweepRecord } from '@seqsweep/core';
import { RunningSweeps, type SweepsBucketMessage } from './running-sweeps.js';
import { sweepRecord } from '../test-support/fake-kv.js';

/** A sweeps bucket's stream as direct gets see it: history 1, so a key's older message is gone once replaced. */
class FakeStream {
  readonly messages: SweepsBucketMessage[] = [];
  #seq = 0;
  failNext = false;

  put(record: SweepRecord, key = idToken(record.sweepId)): void {
    this.#store(key, new TextEncoder().encode(JSON.stringify(record)), 'PUT');
  }

  delete(key: string): void {
    this.#store(key, new Uint8Array(0), 'DEL');
  }

  readNext = async (seq: number): Promise<SweepsBucketMessage | null> => {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('the server did not answer');
    }
    return this.messages.find((m) => m.seq >= seq) ?? null;
  };

  #store(key: string, data: Uint8Array, operation: SweepsBucketMessage['operation']): void {
    const subject = `$KV.sweeps.${key}`;
    const old = this.messages.findIndex((m) => m.subject === subject);
    if (old >= 0) this.messages.splice(old, 1);
    this.messages.push({ seq: ++this.#seq, subject, data, operation });
  }
}

describe('RunningSweeps', () => {
  it('reads the running sweeps, then sees a sweep that starts and one that ends, with no consumer', async () => {
    const stream = new FakeStream();
    stream.put(sweepRecord('first'));
    stream.put(sweepRecord('done', { status: 'completed' }));
    const running = new RunningSweeps(stream.readNext, 'sweeps', new InvalidReports(), { pollMs: 10 });
    const signal = AbortSignal.timeout(testDeadline(10_000));
    try {
      expect(await running.waitForAny(signal)).toEqual(['first']);
      const leaving = running.whileRunning('first');
      stream.put(sweepRecord('second'));
      await running.changed(signal, Number.POSITIVE_INFINITY);
      expect(await running.waitForAny(signal)).toEqual(['first', 'second']);
      stream.put(sweepRecord('first', { status: 'completed', updatedAt: '2026-12-01T00:01:00Z' }));
      while (!leaving.signal.aborted && !signal.aborted) await running.changed(signal, 1000);
      expect(leaving.signal.aborted).toBe(true);
      leaving.release();
      stream.delete(idToken('second'));
      while ((await running.waitForAny(AbortSignal.timeout(50)))?.includes('second') && !signal.aborted) await running.changed(signal, 1000);
      expect(await running.waitForAny(AbortSignal.timeout(50))).toBeUndefined();
    } finally {
      running.stop();
    }
  });

  it('reports a record under another sweep\'s key and a failed read, and goes on reading', async () => {
    const stream = new FakeStream();
    const reports = new InvalidReports();
    const seen: string[] = [];
    reports.add((subject, e) => seen.push(`${subject}: ${e.message}`));
    stream.put(sweepRecord('mine'), 'not-mine');
    stream.put(sweepRecord('real'));
    const running = new RunningSweeps(stream.readNext, 'sweeps', reports, { pollMs: 10 });
    const signal = AbortSignal.timeout(testDeadline(10_000));
    try {
      expect(await running.waitForAny(signal)).toEqual(['real']);
      expect(seen).toEqual([expect.stringMatching(/^\$KV\.sweeps\.not-mine: .*sweepId "mine" does not match the key/)]);
      stream.failNext = true;
      stream.put(sweepRecord('later'));
      while (!(await running.waitForAny(signal))?.includes('later') && !signal.aborted) await running.changed(signal, 1000);
      expect(await running.waitForAny(signal)).toEqual(['later', 'real']);
      expect(seen).toContain('$KV.sweeps.>: the server did not answer');
    } finally {
      running.stop();
    }
  });
});
