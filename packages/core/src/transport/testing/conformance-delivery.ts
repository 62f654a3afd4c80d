/**
 * Conformance: leases. Redelivery after a lost lease, nak with a delay, `working()`, term, and a trial given up
 * once its deliveries run out.
 */
import assert from 'node:assert/strict';
import type { DeliveryExhausted } from '../transport.js';
import type { ConformanceContext, SuiteApi } from './conformance.js';
import { Collector, settle, trial, uniqueSweepId } from './conformance-fixtures.js';
import { testDeadline } from '../../test-deadline.js';

/** A signal that aborts after `ms`: a pull that should find nothing. */
const quiet = (ms: number): AbortSignal => AbortSignal.timeout(ms);

/** Registers the lease tests of the suite. */
export function deliveryConformance({ describe, it }: SuiteApi, ctx: ConformanceContext): void {
  describe('leases', () => {
    it('redelivers a trial whose lease ran out, to another worker', async () => {
      const target = await ctx.target();
      const [lost, rescuer] = [await target.transport(), await target.transport()];
      const s = uniqueSweepId('lost');
      await lost.ensureSweep(s, { ackWaitMs: 300 });
      await lost.publishTrial(trial(s, 't1'));
      const first = await lost.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(first?.deliveryCount, 1);
      const started = Date.now();
      const second = await rescuer.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(second?.assignment.trialId, 't1');
      assert.equal(second?.deliveryCount, 2);
      // A lower bound, the lease's own contract: a slower machine only makes it larger, so it cannot flake.
      assert.ok(Date.now() - started >= 200, `redelivered after ${Date.now() - started} ms, inside the lease`);
      await second?.ack();
    }, testDeadline(20_000));

    it('counts queued trials, waiting or leased, and none that are acked or given up', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const s = uniqueSweepId('queued');
      await t.ensureSweep(s, { ackWaitMs: 300, maxDeliver: 2 });
      await t.publishTrial(trial(s, 't1'));
      await t.publishTrial(trial(s, 't2'));
      assert.equal(await t.queuedTrials(s), 2);
      const done = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(await t.queuedTrials(s), 2, 'a leased trial is still queued');
      await done?.nak(2000);
      assert.equal(await t.queuedTrials(s), 2, 'a trial handed back with a delay is still queued');
      const again = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(again?.assignment.trialId, 't2', 'the trial not handed back comes first');
      await again?.ack();
      assert.equal(await t.queuedTrials(s), 1);
      const lost = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(lost?.deliveryCount, 2, 'the handed-back trial came back after its delay');
      // The lease of its last delivery runs out: it will never be delivered again, so it no longer counts.
      assert.equal(await t.pullTrial({ sweepId: s, signal: quiet(1200) }), null);
      assert.equal(await t.queuedTrials(s), 0);
    }, testDeadline(20_000));

    it('clears a finished sweep\'s queue, leased trials too, and delivers none of them again', async () => {
      const target = await ctx.target();
      const [coordinator, worker] = [await target.transport(), await target.transport()];
      const s = uniqueSweepId('clear');
      const other = uniqueSweepId('kept');
      await coordinator.ensureSweep(s, { ackWaitMs: 300 });
      await coordinator.ensureSweep(other, { ackWaitMs: 5000 });
      await coordinator.publishTrial(trial(s, 't1'));
      await coordinator.publishTrial(trial(s, 't2'));
      await coordinator.publishTrial(trial(other, 't1'));
      // The worker holds t1 and will never ack it (it died after publishing its result).
      const held = await worker.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(held?.assignment.trialId, 't1');
      await coordinator.clearTrials(s);
      assert.equal(await coordinator.queuedTrials(s), 0);
      assert.equal(await worker.pullTrial({ sweepId: s, signal: quiet(1200) }), null, 'nothing comes back once the lease has run out');
      await held?.ack();
      assert.equal((await coordinator.publishTrial(trial(s, 't2'))).duplicate, true, 'a cleared trial id stays published');
      assert.equal(await coordinator.queuedTrials(other), 1, 'another sweep keeps its queue');
    }, testDeadline(20_000));

    it('redelivers a nak\'ed trial only after its delay', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const s = uniqueSweepId('nak');
      await t.ensureSweep(s, { ackWaitMs: 5000 });
      await t.publishTrial(trial(s, 't1'));
      const first = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      const started = Date.now();
      await first?.nak(600);
      const second = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(second?.deliveryCount, 2);
      // A lower bound, the delay's own contract: a slower machine only makes it larger, so it cannot flake.
      assert.ok(Date.now() - started >= 500, `redelivered after ${Date.now() - started} ms of a 600 ms delay`);
      await second?.nak();
      const third = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(third?.deliveryCount, 3, 'nak without a delay redelivers at once');
      await third?.ack();
    }, testDeadline(20_000));

    it('keeps a lease alive while working() is called, and an ack then ends it', async () => {
      const target = await ctx.target();
      const [t, other] = [await target.transport(), await target.transport()];
      const s = uniqueSweepId('working');
      // A lease of 1.5 s renewed every 150 ms: a loaded machine may stall this process for over a second and the
      // lease still holds; the pull waits out more than two leases, so a lease that was not renewed runs out in it.
      await t.ensureSweep(s, { ackWaitMs: 1500 });
      await t.publishTrial(trial(s, 't1'));
      const lease = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      const keepAlive = setInterval(() => void lease?.working(), 150);
      try {
        assert.equal(await other.pullTrial({ sweepId: s, signal: quiet(3500) }), null, 'redelivered while working');
      } finally {
        clearInterval(keepAlive);
      }
      await lease?.ack();
      assert.equal(await other.pullTrial({ sweepId: s, signal: quiet(2000) }), null, 'redelivered after the ack');
    }, testDeadline(20_000));

    it('never redelivers a term\'ed trial, and reports no exhaustion for it', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const s = uniqueSweepId('term');
      const exhausted = new Collector<DeliveryExhausted>();
      t.onDeliveryExhausted(s, exhausted.handler);
      await t.ensureSweep(s, { ackWaitMs: 300, maxDeliver: 2 });
      await settle(t);
      await t.publishTrial(trial(s, 't1'));
      const lease = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      await lease?.term('fails by design');
      assert.equal(await t.pullTrial({ sweepId: s, signal: quiet(1200) }), null);
      assert.deepEqual(exhausted.items, []);
    }, testDeadline(20_000));

    it('gives a trial up once its last lease runs out or is nak\'ed, with one exhausted event', async () => {
      const target = await ctx.target();
      const [coordinator, worker] = [await target.transport(), await target.transport()];
      const s = uniqueSweepId('exhaust');
      const exhausted = new Collector<DeliveryExhausted>();
      coordinator.onDeliveryExhausted(s, exhausted.handler);
      await coordinator.ensureSweep(s, { ackWaitMs: 300, maxDeliver: 2 });
      await settle(coordinator);
      await coordinator.publishTrial(trial(s, 'poison'));
      const first = await worker.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(first?.deliveryCount, 1);
      const second = await worker.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(second?.deliveryCount, 2, 'the first lease ran out');
      await second?.nak();
      // Over NATS the server notices the exhausted trial when a worker next asks, so keep one asking.
      const stop = new AbortController();
      const asking = worker.pullTrial({ sweepId: s, signal: stop.signal });
      await exhausted.atLeast(1, 'exhausted events');
      stop.abort();
      assert.equal(await asking, null, 'the exhausted trial was delivered again');
      assert.deepEqual(exhausted.items, [{ sweepId: s, trialId: 'poison', deliveries: 2 }]);
      await coordinator.publishTrial(trial(s, 'next'));
      const next = await worker.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(next?.assignment.trialId, 'next', 'the queue goes on after a trial is given up');
      await next?.ack();
      assert.equal(exhausted.items.length, 1);
    }, testDeadline(20_000));
  });
}
