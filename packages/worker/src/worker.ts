import { acceptsCode, codePolicyWord, isDeterministicTrialError, ModuleError, raceDecidedIn, racedOutOf, refusedCodeText, skippedResult, withdrawnResult, type SweepRecord, type TrialLease, type TrialResult, type WorkerHeartbeat } from '@seqsweep/core';
import { describeLstmImplementation, lstmArithmeticTag, selectBackend } from '@seqsweep/ml';
import { resolveWorkerOptions, type ResolvedWorkerOptions, type WorkerOptions } from './options.js';
import { trialFidelity } from './checkpoints.js';
import { runTrial } from './trial-runner.js';
import { TrialAborted } from './trial-context.js';
import { LeaseKeeper, LeaseLost } from './lease-keeper.js';

/** How long a sweep record read from the transport is reused before it is read again. */
const RECORD_TTL_MS = 1000;
/** Delay before a trial whose sweep has no readable record is offered again. */
const UNKNOWN_SWEEP_RETRY_MS = 5000;

/**
 * Pulls trials one at a time from the shared queue and trains them with core. While a trial trains it keeps its
 * lease alive (`working()` at a third of the sweep's ack wait) and publishes throttled progress; at the end it
 * publishes the result and then acks. A failure naks with a growing delay; on the last allowed delivery the trial
 * is recorded as failed and terminated. A trial whose lease could not be extended for longer than the ack wait (the
 * worker was cut off from the server, which has redelivered it) is given up: its training stops, and it is neither
 * acked nor handed back.
 */
export class SweepWorker {
  readonly #o: ResolvedWorkerOptions;
  readonly #pulling = new AbortController();
  readonly #training = new AbortController();
  readonly #records = new Map<string, { record: SweepRecord | null; at: number }>();
  #backend = 'unknown';
  #done = 0;
  #current: { sweepId: string; trialId: string } | undefined;
  #stopping = false;
  /** Sweeps whose code this worker refused, each said once. */
  readonly #refused = new Set<string>();

  constructor(options: WorkerOptions) {
    this.#o = resolveWorkerOptions(options);
  }

  get workerId(): string {
    return this.#o.workerId;
  }

  /** Trials finished by this worker. */
  get done(): number {
    return this.#done;
  }

  /** Pulls and trains until `stop()` is called or `maxTrials` are done. */
  async run(): Promise<void> {
    const backend = await selectBackend();
    // The tfjs backend and the LSTM arithmetic, which a trial's figures depend on (results.json, trials.csv).
    this.#backend = `${backend.name}, ${lstmArithmeticTag()}`;
    this.#o.log(`worker ${this.#o.workerId} ready on ${this.#o.transport.description} (backend ${backend.name}, ${describeLstmImplementation()})`);
    const beat = setInterval(() => void this.#heartbeat(), this.#o.heartbeatMs);
    void this.#heartbeat();
    try {
      while (!this.#stopping && this.#done < this.#o.maxTrials) {
        const lease = await this.#o.transport.pullTrial({
          sweepId: this.#o.sweepId, signal: this.#pulling.signal,
          ...(this.#o.code.allowCode ? {} : { accept: (record: SweepRecord) => this.#accepts(record) }),
        });
        if (!lease) break;
        if (this.#pulling.signal.aborted) {
          // Taken while stopping (its reply was already on the way): no one here will train it, drain or not.
          this.#o.log(`${lease.assignment.trialId} handed back (worker stopping)`);
          await this.#settle(lease, 'hand back', () => lease.nak(0));
          break;
        }
        await this.#handle(lease);
      }
    } finally {
      clearInterval(beat);
      this.#stopping = true;
      this.#o.models.clear();
      // The last beat says "stopping"; awaited so it leaves before the caller closes the transport.
      await this.#heartbeat();
    }
  }

  /**
   * Stops pulling. Without `drain` the running trial is interrupted and handed back at once (nak); with it the
   * trial finishes first.
   */
  stop(options: { drain?: boolean } = {}): void {
    this.#stopping = true;
    this.#pulling.abort();
    if (!(options.drain ?? this.#o.drain)) this.#training.abort();
  }

  async #handle(lease: TrialLease): Promise<void> {
    const a = lease.assignment;
    const cached = this.#cachedRecord(a.sweepId);
    // A racing sweep withdraws folds at any moment: its record is read afresh, so a withdrawn fold never trains
    // (once: a record that was not in the cache has just been read).
    const stale = cached === undefined || (cached?.race !== undefined && cached.status === 'running' && !racedOutOf(cached, a.pointId, a.stage));
    const record = stale ? await this.#record(a.sweepId, true) : cached;
    if (!record) {
      // No readable record (not written yet, or damaged): hand the trial back rather than drop it; if the record
      // never comes, the trial runs out of deliveries and the coordinator records it as failed.
      this.#o.log(`${a.trialId}: sweep ${a.sweepId} has no readable record; handing the trial back`);
      await this.#settle(lease, 'hand back', () => lease.nak(UNKNOWN_SWEEP_RETRY_MS));
      return;
    }
    if (!this.#accepts(record)) {
      // Only where the transport could not skip the sweep (a record it had not seen yet): hand it back at once.
      await this.#settle(lease, 'hand back', () => lease.nak(UNKNOWN_SWEEP_RETRY_MS));
      return;
    }
    if (record.status !== 'running' || record.pruned.includes(a.pointId)) {
      // The coordinator records pruned trials itself; a trial of a finished sweep has no one waiting.
      await this.#settle(lease, 'ack', () => lease.ack());
      return;
    }
    // A fold of a raced-out point, or of a stage whose race was decided, is recorded here without training, once,
    // so that the coordinator's count of the stage's trials completes.
    const racedOut = racedOutOf(record, a.pointId, a.stage);
    const decided = racedOut ? undefined : raceDecidedIn(record, a.stage);
    if (racedOut || decided) {
      const at = new Date().toISOString();
      const result = racedOut ? withdrawnResult(a, racedOut, this.#o.workerId, lease.deliveryCount, at) : skippedResult(a, decided!, this.#o.workerId, lease.deliveryCount, at);
      await this.#settle(lease, 'record the withdrawal of', async () => {
        await this.#o.transport.publishResult(result);
        await lease.ack();
      });
      this.#o.log(`${a.trialId} ${a.stage} skipped: ${racedOut ? `${racedOut.pointId} was raced out` : `the ${a.stage} race was decided`}`);
      return;
    }
    this.#current = { sweepId: a.sweepId, trialId: a.trialId };
    void this.#heartbeat();
    const keeper = new LeaseKeeper(lease, { ackWaitMs: record.queue.ackWaitMs, log: this.#o.log });
    const started = performance.now();
    try {
      const out = await runTrial(a, {
        transport: this.#o.transport, datasets: this.#o.datasets, models: this.#o.models, cacheDir: this.#o.cacheDir, codeCacheDir: this.#o.codeCacheDir, backend: this.#backend,
        signal: AbortSignal.any([this.#training.signal, keeper.signal]),
        progress: (p) => {
          this.#o.transport.publishProgress({ ...p, sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, worker: this.#o.workerId, ts: Date.now() })
            .catch((e: unknown) => this.#o.log(`progress of ${a.trialId} not sent: ${String(e)}`));
        },
      });
      keeper.stop();
      const { duplicate } = await this.#o.transport.publishResult(this.#result(lease, out, performance.now() - started));
      if (duplicate) this.#o.log(`${a.trialId}: its result was dropped as a duplicate (another delivery of the trial recorded one first)`);
      this.#done++;
      this.#o.log(`${a.trialId} ${a.stage} ${out.status} in ${Math.round(performance.now() - started)} ms`);
      // The result is stored: a lost ack only means the trial comes again, and its next result is a duplicate.
      await this.#settle(lease, 'ack', () => lease.ack());
    } catch (e) {
      keeper.stop();
      await this.#fail(lease, keeper, e, performance.now() - started);
    } finally {
      this.#current = undefined;
    }
  }

  async #fail(lease: TrialLease, keeper: LeaseKeeper, e: unknown, durationMs: number): Promise<void> {
    const a = lease.assignment;
    if (keeper.expired) {
      // The server gave the trial to another worker: a nak or a failed result now would only get in its way.
      const why = keeper.signal.reason instanceof LeaseLost ? keeper.signal.reason.message : `its lease ran out (${e instanceof Error ? e.message : String(e)})`;
      this.#o.log(`${a.trialId} given up, not acked: ${why}; the server has redelivered it (is the connection to ${this.#o.transport.description} down?)`);
      return;
    }
    if (e instanceof TrialAborted) {
      this.#o.log(`${a.trialId} handed back (worker stopping)`);
      await this.#settle(lease, 'hand back', () => lease.nak(0));
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    const record = await this.#record(a.sweepId).catch(() => null);
    const maxDeliver = record?.queue.maxDeliver ?? 1;
    // Another delivery would fail the same way (bad data, an empty fold, a model that cannot be built, a user's
    // module that throws on import, load or build): record it now.
    const deterministic = isDeterministicTrialError(e) || e instanceof ModuleError;
    if (deterministic || lease.deliveryCount >= maxDeliver) {
      this.#o.log(deterministic
        ? `${a.trialId} failed, and would fail again on any worker (delivery ${lease.deliveryCount}/${maxDeliver}): ${message}`
        : `${a.trialId} failed on its last delivery (${lease.deliveryCount}/${maxDeliver}): ${message}`);
      await this.#settle(lease, 'record the failure of', async () => {
        await this.#o.transport.publishResult(this.#result(lease, { status: 'failed', metrics: {}, history: [], bestEpoch: -1, backend: this.#backend, error: message.slice(0, 4000) }, durationMs));
        await lease.term(message.slice(0, 200));
      });
      return;
    }
    const delay = Math.min(10_000, 500 * 2 ** (lease.deliveryCount - 1));
    this.#o.log(`${a.trialId} failed (delivery ${lease.deliveryCount}/${maxDeliver}), retrying in ${delay} ms: ${message}`);
    await this.#settle(lease, 'hand back', () => lease.nak(delay));
  }

  /**
   * Runs a lease operation; one that fails (the connection is down) is logged, not thrown: the lease then runs
   * out on the server and the trial is redelivered, and this worker goes on pulling.
   */
  async #settle(lease: TrialLease, what: string, op: () => Promise<void>): Promise<void> {
    try {
      await op();
    } catch (e) {
      this.#o.log(`could not ${what} ${lease.assignment.trialId} (${e instanceof Error ? e.message : String(e)}); it is redelivered once its lease runs out`);
    }
  }

  #result(lease: TrialLease, out: Pick<TrialResult, 'status' | 'metrics' | 'history' | 'bestEpoch' | 'backend' | 'error' | 'artifacts' | 'dates' | 'vsPersistence' | 'rung' | 'checkpoint'>, durationMs: number): TrialResult {
    const a = lease.assignment;
    // A failed trial of a rung says its rung too.
    const rung = out.rung ?? trialFidelity(a)?.rung;
    return {
      sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params,
      fold: a.split.kind === 'kfold' ? a.split.fold : -1,
      status: out.status, metrics: out.metrics, history: out.history, bestEpoch: out.bestEpoch,
      worker: this.#o.workerId, attempts: lease.deliveryCount, durationMs, backend: out.backend,
      ...(out.error ? { error: out.error } : {}), ...(out.artifacts ? { artifacts: out.artifacts } : {}),
      ...(out.dates ? { dates: out.dates } : {}), ...(out.vsPersistence ? { vsPersistence: out.vsPersistence } : {}),
      ...(rung === undefined ? {} : { rung }), ...(out.checkpoint ? { checkpoint: out.checkpoint } : {}),
      finishedAt: new Date().toISOString(),
    };
  }

  /** True when this worker runs the sweep's code (or it has none); says the refusal once per sweep. */
  #accepts(record: SweepRecord): boolean {
    if (acceptsCode(record, this.#o.code)) return true;
    if (!this.#refused.has(record.sweepId)) {
      this.#refused.add(record.sweepId);
      this.#o.log(refusedCodeText(record.sweepId, record.codeRefs));
    }
    return false;
  }

  /** The cached record of `sweepId` (null: cached as missing), or undefined when none is cached or it is too old. */
  #cachedRecord(sweepId: string): SweepRecord | null | undefined {
    const cached = this.#records.get(sweepId);
    return cached && Date.now() - cached.at < RECORD_TTL_MS ? cached.record : undefined;
  }

  async #record(sweepId: string, fresh = false): Promise<SweepRecord | null> {
    const cached = fresh ? undefined : this.#cachedRecord(sweepId);
    if (cached !== undefined) return cached;
    const record = await this.#o.transport.getSweep(sweepId);
    this.#records.set(sweepId, { record, at: Date.now() });
    return record;
  }

  #heartbeat(): Promise<void> {
    const beat: WorkerHeartbeat = {
      workerId: this.#o.workerId, host: this.#o.host, pid: process.pid,
      state: this.#stopping ? 'stopping' : this.#current ? 'training' : 'idle',
      ...(this.#current ? { sweepId: this.#current.sweepId, trialId: this.#current.trialId } : {}),
      done: this.#done, backend: this.#backend, code: codePolicyWord(this.#o.code), ts: Date.now(),
    };
    return this.#o.transport.publishHeartbeat(beat).catch((e: unknown) => this.#o.log(`heartbeat not sent: ${String(e)}`));
  }
}
