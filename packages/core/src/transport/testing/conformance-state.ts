/**
 * Conformance: sweep records (get, put, list, watch) and data files (by SHA-256 digest).
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { SweepRecord } from '../../messages.js';
import type { ConformanceContext, SuiteApi } from './conformance.js';
import { Collector, sweepRecord, uniqueSweepId } from './conformance-fixtures.js';
import { testDeadline } from '../../test-deadline.js';

/** Registers the sweep-record and data-file tests of the suite. */
export function stateConformance({ describe, it }: SuiteApi, ctx: ConformanceContext): void {
  describe('sweep records and data files', () => {
    it('gets, puts, lists and watches sweep records', async () => {
      const target = await ctx.target();
      const [coordinator, tui] = [await target.transport(), await target.transport()];
      const [s, other] = [uniqueSweepId('record'), uniqueSweepId('record-other')];
      assert.equal(await tui.getSweep(s), null);
      const early = new Collector<SweepRecord>();
      const earlySub = await tui.watchSweep(s, early.handler);
      assert.equal(early.items.length, 0);
      const { pruned: _omitted, ...withoutDefaults } = sweepRecord(s);
      await coordinator.putSweep(withoutDefaults as SweepRecord);
      await early.atLeast(1, 'records');
      assert.deepEqual(early.items[0], sweepRecord(s), 'defaults are filled in');
      assert.deepEqual(await tui.getSweep(s), sweepRecord(s));
      await coordinator.putSweep(sweepRecord(s, { stage: 'evaluate', survivors: ['p1'] }));
      await early.atLeast(2, 'records');
      assert.equal(early.items[1]?.stage, 'evaluate');
      const late = new Collector<SweepRecord>();
      const lateSub = await tui.watchSweep(s, late.handler);
      assert.deepEqual(late.items.map((r) => r.stage), ['evaluate'], 'the current record comes before watchSweep resolves');
      await coordinator.putSweep(sweepRecord(other, { status: 'completed' }));
      const listed = await tui.listSweeps();
      assert.deepEqual(listed.map((r) => r.sweepId).sort(), [s, other].sort());
      earlySub.unsubscribe();
      await coordinator.putSweep(sweepRecord(s, { stage: 'final' }));
      await late.atLeast(2, 'records');
      assert.equal(early.items.length, 2, 'nothing after unsubscribe');
      lateSub.unsubscribe();
    }, testDeadline(20_000));

    it('stores data files under their SHA-256 digest and checks it on the way out', async () => {
      const target = await ctx.target();
      const [coordinator, worker] = [await target.transport(), await target.transport()];
      const data = randomBytes(300_000);
      const name = `data/${uniqueSweepId('file')}.csv`;
      const { digest } = await coordinator.putObject(name, data);
      assert.equal(digest, createHash('sha256').update(data).digest('hex'));
      assert.deepEqual(Buffer.from(await worker.getObject(name, digest)), data);
      await assert.rejects(worker.getObject(name, '0'.repeat(64)), { name: 'DataError', code: 'DATA_CORRUPT' });
      await assert.rejects(worker.getObject(`${name}.missing`, digest), { name: 'DataError', code: 'DATA_NOT_FOUND' });
    }, testDeadline(20_000));

    it('deletes an object from the store it names, and takes a name with no object as done', async () => {
      const target = await ctx.target();
      const [coordinator, worker] = [await target.transport(), await target.transport()];
      const data = randomBytes(1_000);
      const name = `checkpoints/${uniqueSweepId('ckpt')}.bin`;
      const { digest } = await coordinator.putObject(name, data, { store: 'models' });
      await coordinator.putObject(name, data);
      await coordinator.deleteObject(name, { store: 'models' });
      await assert.rejects(worker.getObject(name, digest, { store: 'models' }), { name: 'DataError', code: 'DATA_NOT_FOUND' });
      // The same name in the other store is left alone.
      assert.deepEqual(Buffer.from(await worker.getObject(name, digest)), data);
      await coordinator.deleteObject(name, { store: 'models' });
      await coordinator.deleteObject(`${name}.missing`);
    }, testDeadline(20_000));

    it('refuses an object over the size limit in one sentence, before handing back any of it', async () => {
      const target = await ctx.target();
      const [coordinator, worker] = [await target.transport(), await target.transport()];
      const data = randomBytes(200_000);
      const name = `data/${uniqueSweepId('big')}.bin`;
      const { digest } = await coordinator.putObject(name, data);
      await assert.rejects(worker.getObject(name, digest, { maxBytes: 100_000 }), (e: Error & { code?: string }) => {
        assert.equal(e.name, 'DataError');
        assert.equal(e.code, 'DATA_REFUSED');
        assert.match(e.message, /^the object "data\/[^"]+" in the object store of .+ was refused: it holds 200000 bytes, over the limit of 100000 bytes$/);
        return true;
      });
      assert.equal((await worker.getObject(name, digest, { maxBytes: 200_000 })).length, 200_000);
    }, testDeadline(20_000));
  });
}
