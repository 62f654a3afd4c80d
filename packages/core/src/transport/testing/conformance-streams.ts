/**
 * Conformance: results (stored, ordered, deduped, replayed then live), progress and heartbeats (live only), and
 * garbage on each of their subjects.
 */
import assert from 'node:assert/strict';
import type { TrialProgress, TrialResult, WorkerHeartbeat } from '../../messages.js';
import type { ConformanceContext, SuiteApi } from './conformance.js';
import { Collector, heartbeat, progress, result, settle, uniqueSweepId } from './conformance-fixtures.js';
import { testDeadline } from '../../test-deadline.js';

/** Registers the result, progress and heartbeat tests of the suite. */
export function streamConformance({ describe, it }: SuiteApi, ctx: ConformanceContext): void {
  describe('results', () => {
    it('stores results in publish order and drops a repeated trial id', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const [s, other] = [uniqueSweepId('results'), uniqueSweepId('results-other')];
      await t.ensureSweep(s);
      for (const id of ['t2', 't1', 't3']) assert.deepEqual(await t.publishResult(result(s, id)), { duplicate: false });
      assert.deepEqual(await t.publishResult(result(s, 't1', 9)), { duplicate: true });
      assert.deepEqual(await t.publishResult(result(other, 't1')), { duplicate: false }, 'the same trial id in another sweep is new');
      const stored = await (await target.transport()).readResults(s);
      assert.deepEqual(stored.map((r) => r.trialId), ['t2', 't1', 't3']);
      assert.deepEqual(stored[1], result(s, 't1'), 'the first result of t1 is kept');
      assert.deepEqual(await t.readResults(uniqueSweepId('none')), []);
    }, testDeadline(20_000));

    it('replays stored results to a new subscriber before it resolves, then sends live ones', async () => {
      const target = await ctx.target();
      const [writer, reader] = [await target.transport(), await target.transport()];
      const s = uniqueSweepId('replay');
      await writer.ensureSweep(s);
      await writer.publishResult(result(s, 't1'));
      await writer.publishResult(result(s, 't2'));
      const got = new Collector<TrialResult>();
      const sub = await reader.subscribeResults(s, got.handler);
      assert.deepEqual(got.items.map((r) => r.trialId), ['t1', 't2']);
      await writer.publishResult(result(s, 't3'));
      await writer.publishResult(result(s, 't2', 7));
      await got.atLeast(3, 'results');
      sub.unsubscribe();
      await writer.publishResult(result(s, 't4'));
      const later = new Collector<TrialResult>();
      (await reader.subscribeResults(s, later.handler)).unsubscribe();
      assert.deepEqual(later.items.map((r) => r.trialId), ['t1', 't2', 't3', 't4']);
      assert.deepEqual(got.items.map((r) => r.trialId), ['t1', 't2', 't3'], 'nothing after unsubscribe, no repeat');
    }, testDeadline(20_000));

    it('reports a garbage result and leaves it out', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const invalid = new Collector<string>();
      t.onInvalid((subject) => invalid.handler(subject));
      const s = uniqueSweepId('bad-result');
      await t.ensureSweep(s);
      await target.publishRaw(`results.${s}.junk`, '{"sweepId":');
      await t.publishResult(result(s, 't1'));
      assert.deepEqual((await t.readResults(s)).map((r) => r.trialId), ['t1']);
      assert.equal(invalid.items.length, 1);
      assert.ok(invalid.items[0]?.endsWith(`.results.${s}.junk`), invalid.items[0]);
    }, testDeadline(20_000));

    it('clears a garbage message that holds a trial\'s result subject, so a result can be stored for it', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      t.onInvalid(() => undefined);
      const s = uniqueSweepId('held-result');
      await t.ensureSweep(s);
      await target.publishRaw(`results.${s}.t1`, '{"forged":true}');
      assert.equal((await t.publishResult(result(s, 't1'))).duplicate, true, 'the garbage came first');
      await t.publishResult(result(s, 't2'));
      await t.clearResult(s, 't1');
      assert.equal((await t.publishResult(result(s, 't1'))).duplicate, false);
      assert.deepEqual((await t.readResults(s)).map((r) => r.trialId).sort(), ['t1', 't2'], 'the other trial keeps its result');
    }, testDeadline(20_000));
  });

  describe('progress and heartbeats', () => {
    it('sends progress to the subscribers of its sweep only', async () => {
      const target = await ctx.target();
      const [tui, worker] = [await target.transport(), await target.transport()];
      const [s, other] = [uniqueSweepId('progress'), uniqueSweepId('progress-other')];
      const got = new Collector<TrialProgress>();
      const sub = tui.subscribeProgress(s, got.handler);
      await settle(tui);
      await worker.publishProgress(progress(other, 't1'));
      await worker.publishProgress(progress(s, 't1', 0));
      await worker.publishProgress(progress(s, 't2', 1));
      await got.atLeast(2, 'progress messages');
      assert.deepEqual(got.items.map((p) => [p.sweepId, p.trialId, p.epoch]), [[s, 't1', 0], [s, 't2', 1]]);
      sub.unsubscribe();
    }, testDeadline(20_000));

    it('sends heartbeats to every subscriber', async () => {
      const target = await ctx.target();
      const [a, b, worker] = [await target.transport(), await target.transport(), await target.transport()];
      const [gotA, gotB] = [new Collector<WorkerHeartbeat>(), new Collector<WorkerHeartbeat>()];
      a.subscribeHeartbeats(gotA.handler);
      b.subscribeHeartbeats(gotB.handler);
      await Promise.all([settle(a), settle(b)]);
      await worker.publishHeartbeat(heartbeat('w1'));
      await gotA.atLeast(1, 'heartbeats');
      await gotB.atLeast(1, 'heartbeats');
      assert.equal(gotA.items[0]?.workerId, 'w1');
    }, testDeadline(20_000));

    it('reports garbage progress and heartbeats once each and goes on', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const invalid = new Collector<string>();
      t.onInvalid((subject) => invalid.handler(subject));
      const s = uniqueSweepId('bad-live');
      const [p, h] = [new Collector<TrialProgress>(), new Collector<WorkerHeartbeat>()];
      t.subscribeProgress(s, p.handler);
      t.subscribeHeartbeats(h.handler);
      await settle(t);
      await target.publishRaw(`progress.${s}.t1`, 'not json');
      await target.publishRaw('workers', JSON.stringify({ workerId: 'w1' }));
      await t.publishProgress(progress(s, 't1'));
      await t.publishHeartbeat(heartbeat('w2'));
      await p.atLeast(1, 'progress messages');
      await h.atLeast(1, 'heartbeats');
      await invalid.atLeast(2, 'invalid reports');
      assert.equal(invalid.items.length, 2);
      assert.equal(h.items[0]?.workerId, 'w2');
    }, testDeadline(20_000));
  });
}
