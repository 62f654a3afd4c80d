/**
 * Conformance: the work queue. Dedup for the life of a sweep, one trial at a time to competing workers, pulling
 * across sweeps, abort and close, and garbage on the trial subject.
 */
import assert from 'node:assert/strict';
import type { ConformanceContext, SuiteApi } from './conformance.js';
import { Collector, result, sweepRecord, trial, uniqueSweepId } from './conformance-fixtures.js';
import { testDeadline } from '../../test-deadline.js';

/** A signal that aborts after `ms`: a pull that should find nothing. */
const quiet = (ms: number): AbortSignal => AbortSignal.timeout(ms);

/** Registers the work-queue tests of the suite. */
export function queueConformance({ describe, it }: SuiteApi, ctx: ConformanceContext): void {
  describe('work queue', () => {
    it('drops a repeated trial id for the life of the sweep, also after the first was acked', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const s = uniqueSweepId('dedup');
      const other = uniqueSweepId('dedup-other');
      await t.ensureSweep(s, { ackWaitMs: 5000 });
      await t.ensureSweep(other);
      assert.deepEqual(await t.publishTrial(trial(s, 't1')), { duplicate: false });
      assert.deepEqual(await t.publishTrial(trial(s, 't1')), { duplicate: true });
      const lease = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.deepEqual(lease?.assignment, trial(s, 't1'));
      assert.equal(lease?.deliveryCount, 1);
      await lease?.ack();
      assert.deepEqual(await t.publishTrial(trial(s, 't1')), { duplicate: true });
      assert.deepEqual(await t.publishTrial(trial(other, 't1')), { duplicate: false }, 'the same trial id in another sweep is new');
      assert.equal(await t.pullTrial({ sweepId: s, signal: quiet(400) }), null);
    }, testDeadline(20_000));

    it('hands trials out one at a time, in publish order, to workers on other connections', async () => {
      const target = await ctx.target();
      const [coordinator, w1, w2] = [await target.transport(), await target.transport(), await target.transport()];
      const s = uniqueSweepId('order');
      await coordinator.ensureSweep(s, { ackWaitMs: 5000 });
      for (const id of ['t1', 't2', 't3']) await coordinator.publishTrial(trial(s, id));
      const a = await w1.pullTrial({ sweepId: s, signal: quiet(5000) });
      const b = await w2.pullTrial({ sweepId: s, signal: quiet(5000) });
      const c = await w1.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.deepEqual([a, b, c].map((l) => l?.assignment.trialId), ['t1', 't2', 't3']);
      await Promise.all([a, b, c].map((l) => l?.ack()));
      assert.equal(await w2.pullTrial({ sweepId: s, signal: quiet(400) }), null);
    }, testDeadline(20_000));

    it('skips the sweeps a pull does not accept, spending none of their deliveries', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const [refused, taken] = [uniqueSweepId('accept-no'), uniqueSweepId('accept-yes')];
      for (const s of [refused, taken]) {
        await t.ensureSweep(s, { ackWaitMs: 5000 });
        await t.putSweep(sweepRecord(s, s === refused ? { name: 'ships-code' } : {}));
        await t.publishTrial(trial(s, `${s}-1`));
      }
      const accept = (record: { name: string }): boolean => record.name !== 'ships-code';
      const first = await t.pullTrial({ signal: quiet(5000), accept });
      assert.equal(first?.assignment.sweepId, taken);
      await first?.ack();
      assert.equal(await t.pullTrial({ signal: quiet(1500), accept }), null, 'only the refused sweep has trials left');
      assert.equal(await t.pullTrial({ sweepId: refused, signal: quiet(400), accept }), null, 'a refused sweep named by id is not pulled either');
      const later = await t.pullTrial({ sweepId: refused, signal: quiet(5000) });
      assert.equal(later?.assignment.trialId, `${refused}-1`);
      assert.equal(later?.deliveryCount, 1, 'the refusals spent no delivery');
      await later?.ack();
    }, testDeadline(20_000));

    it('pulls from every running sweep in turn when no sweep id is given', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const [a, b, done] = [uniqueSweepId('any-a'), uniqueSweepId('any-b'), uniqueSweepId('any-done')];
      for (const s of [a, b, done]) {
        await t.ensureSweep(s, { ackWaitMs: 5000 });
        await t.putSweep(sweepRecord(s, { status: s === done ? 'completed' : 'running' }));
        await t.publishTrial(trial(s, `${s}-1`));
        await t.publishTrial(trial(s, `${s}-2`));
      }
      const pulled: string[] = [];
      for (let i = 0; i < 4; i++) {
        const lease = await t.pullTrial({ signal: quiet(5000) });
        assert.ok(lease, `pull ${i + 1} of 4 got nothing`);
        pulled.push(lease.assignment.sweepId);
        await lease.ack();
      }
      assert.deepEqual([...pulled].sort(), [a, a, b, b].sort());
      assert.notEqual(pulled[0], pulled[1], 'sweeps take turns');
      assert.equal(await t.pullTrial({ signal: quiet(1200) }), null, 'a completed sweep is not served');
      const last = await t.pullTrial({ sweepId: done, signal: quiet(5000) });
      assert.equal(last?.assignment.sweepId, done, 'naming the sweep still pulls from it');
    }, testDeadline(30_000));

    it('resolves a waiting pull with null when its signal aborts or the transport closes', async () => {
      const target = await ctx.target();
      const [t, closing] = [await target.transport(), await target.transport()];
      const s = uniqueSweepId('abort');
      await t.ensureSweep(s, { ackWaitMs: 5000 });
      const aborted = new AbortController();
      aborted.abort();
      assert.equal(await t.pullTrial({ sweepId: s, signal: aborted.signal }), null);
      const controller = new AbortController();
      const pending = t.pullTrial({ sweepId: s, signal: controller.signal });
      // Abort while the pull waits (no event tells a generic transport's pull is waiting, so a moment later). A
      // pull with a signal never gives up on its own, so one that ignored the abort runs into the test's deadline.
      setTimeout(() => controller.abort(), 100);
      assert.equal(await pending, null);
      const waiting = closing.pullTrial({ sweepId: s });
      await closing.close();
      assert.equal(await waiting, null);
      await t.publishTrial(trial(s, 'after'));
      const lease = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(lease?.assignment.trialId, 'after');
      assert.equal(lease?.deliveryCount, 1, 'an aborted pull took nothing');
    }, testDeadline(20_000));

    it('reports garbage on the trial subject once, and never delivers or redelivers it', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const invalid = new Collector<string>();
      t.onInvalid((subject) => invalid.handler(subject));
      const s = uniqueSweepId('garbage');
      await t.ensureSweep(s, { ackWaitMs: 300, maxDeliver: 5 });
      await target.publishRaw(`trials.${s}`, 'this is not a trial');
      await target.publishRaw(`trials.${s}`, JSON.stringify({ sweepId: s, trialId: 'forged', extra: true }));
      await target.publishRaw(`trials.${s}`, JSON.stringify(trial(uniqueSweepId('elsewhere'), 'misfiled')));
      await t.publishTrial(trial(s, 'good'));
      const lease = await t.pullTrial({ sweepId: s, signal: quiet(5000) });
      assert.equal(lease?.assignment.trialId, 'good');
      await lease?.ack();
      assert.equal(invalid.items.length, 3);
      assert.ok(invalid.items.every((subject) => subject.endsWith(`.trials.${s}`)), invalid.items.join(', '));
      assert.equal(await t.pullTrial({ sweepId: s, signal: quiet(900) }), null, 'garbage is not redelivered');
      assert.equal(invalid.items.length, 3);
    }, testDeadline(20_000));

    it('carries sweep and trial ids that contain dots', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const s = `dotted.${uniqueSweepId('ids')}`;
      await t.ensureSweep(s, { ackWaitMs: 5000 });
      await t.putSweep(sweepRecord(s));
      await t.publishTrial(trial(s, 'fold.1'));
      assert.deepEqual(await t.publishTrial(trial(s, 'fold.1')), { duplicate: true });
      const lease = await t.pullTrial({ signal: quiet(5000) });
      assert.deepEqual([lease?.assignment.sweepId, lease?.assignment.trialId], [s, 'fold.1']);
      await lease?.ack();
      await t.publishResult(result(s, 'fold.1'));
      assert.deepEqual((await t.readResults(s)).map((r) => r.trialId), ['fold.1']);
      assert.equal((await t.getSweep(s))?.sweepId, s);
    }, testDeadline(20_000));

    it('refuses to send a message that fails its schema', async () => {
      const target = await ctx.target();
      const t = await target.transport();
      const s = uniqueSweepId('refuse');
      await t.ensureSweep(s);
      await assert.rejects(t.publishTrial({ ...trial(s, 'x'), trialId: 'not an id!' }), { name: 'InvalidMessageError' });
    });
  });
}
