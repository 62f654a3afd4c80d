/**
 * The trial work queue over JetStream: one work-queue stream, one durable pull consumer per sweep shared by all
 * workers, one message per pull. Dedup for a sweep's whole life comes from a create-only key per trial id in the
 * `P-trial-ids` bucket, written after the stream accepted the trial (see {@link NatsWorkQueue.publish}).
 */
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, type Consumer, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { TrialAssignment } from '@seqsweep/core';
import { InvalidMessageError } from '@seqsweep/core';
import type { ResolvedQueueOptions, SweepRecord } from '@seqsweep/core';
import type { InvalidReports } from '@seqsweep/core/internal';
import { encodeChecked } from '@seqsweep/core/internal';
import type { NatsLayout } from './nats-layout.js';
import type { RunningSweeps } from './running-sweeps.js';
import { NatsLease, type RetryIdempotent } from './nats-lease.js';
import { fetchOne, pause, isTransient } from './fetch-one.js';

/** Everything the queue works with; shared with the rest of the transport. */
export interface WorkQueueDeps {
  /** The connection the leases flush on. */
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly layout: NatsLayout;
  readonly trialIds: KV;
  readonly reports: InvalidReports;
  readonly running: RunningSweeps;
  /** Retries an idempotent operation (an ack) while the server does not answer. */
  readonly retry?: RetryIdempotent;
}

const nanos = (ms: number): number => ms * 1_000_000;

/**
 * How the client ends a fetch whose connection went away (cut off from the server, or the server gone): no idle
 * heartbeat came for two periods. A pull after the reconnect cures it.
 */
const heartbeatsMissed = (error: unknown): boolean => error instanceof Error && error.name === 'JetStreamError' && error.message === 'heartbeats missed';

/** The trial queues of one prefix. */
export class NatsWorkQueue {
  readonly #d: WorkQueueDeps;
  readonly #consumers = new Map<string, Consumer>();
  readonly #inFlight = new Set<Promise<NatsLease | null>>();
  #turn = 0;

  constructor(deps: WorkQueueDeps) {
    this.#d = deps;
  }

  /** Creates the sweep's durable consumer, or updates its lease settings. */
  async ensure(sweepId: string, options: ResolvedQueueOptions): Promise<void> {
    const { jsm, layout } = this.#d;
    const name = layout.consumer(sweepId);
    const lease = { ack_wait: nanos(options.ackWaitMs), max_deliver: options.maxDeliver };
    const info = await jsm.consumers.info(layout.trialsStream, name).catch((error: unknown) => {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) return undefined;
      throw error;
    });
    if (!info) {
      await jsm.consumers.add(layout.trialsStream, {
        durable_name: name, filter_subject: layout.trials(sweepId), ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ...lease,
      });
    } else if (info.config.ack_wait !== lease.ack_wait || info.config.max_deliver !== lease.max_deliver) {
      await jsm.consumers.update(layout.trialsStream, name, lease);
    }
    this.#consumers.delete(sweepId);
  }

  /**
   * Publishes a trial unless its id was published on the sweep before. The stream takes it first (its own
   * duplicate window covers concurrent and retried publishes) and the trial-id key is written after, so a crash
   * in between can at worst let a much later repeat run the trial twice (its second result is then dropped),
   * never lose it.
   */
  async publish(assignment: TrialAssignment): Promise<{ duplicate: boolean }> {
    const { js, layout, trialIds } = this.#d;
    const subject = layout.trials(assignment.sweepId);
    const { value, data } = encodeChecked(TrialAssignment, subject, assignment);
    const key = layout.trialIdKey(value.sweepId, value.trialId);
    if ((await trialIds.get(key))?.operation === 'PUT') return { duplicate: true };
    const ack = await js.publish(subject, data, { msgID: layout.messageId(value.sweepId, value.trialId) });
    await trialIds.create(key, String(ack.seq)).catch((error: unknown) => {
      // Already recorded: another publisher of the same trial got there first.
      if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamWrongLastSequence)) throw error;
    });
    return { duplicate: ack.duplicate };
  }

  /**
   * Leases the next trial of `sweepId`, or of any running sweep in turn; `null` once `signal` aborts. An abort
   * does not cut a request short (see {@link fetchOne}): the pull ends when the server answers or expires it, at
   * most 5 s later, and a trial it brings is handed back at once, so none waits out its ack wait.
   */
  pull(sweepId: string | undefined, signal: AbortSignal, accept?: (record: SweepRecord) => boolean): Promise<NatsLease | null> {
    const pulling = this.#pull(sweepId, signal, accept);
    this.#inFlight.add(pulling);
    const forget = (): void => {
      this.#inFlight.delete(pulling);
    };
    pulling.then(forget, forget);
    return pulling;
  }

  /** Resolves once every pull in flight has ended (and handed back what it brought after its abort). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  async #pull(sweepId: string | undefined, signal: AbortSignal, accept?: (record: SweepRecord) => boolean): Promise<NatsLease | null> {
    while (!signal.aborted) {
      const found = sweepId !== undefined ? [sweepId] : await this.#d.running.waitForAny(signal);
      if (!found) break;
      // A sweep the puller refuses is never pulled from, so its trials spend no deliveries here.
      const sweeps = accept ? found.filter((id) => {
        const record = this.#d.running.record(id);
        return !record || accept(record);
      }) : found;
      if (sweeps.length === 0) {
        await this.#d.running.changed(signal, 1000);
        continue;
      }
      const sweep = sweeps[this.#turn++ % sweeps.length]!;
      try {
        const consumer = await this.#consumer(sweep);
        if (!consumer) {
          // Not created yet (a worker started before its coordinator): look again when a sweep changes.
          await this.#d.running.changed(signal, 1000);
          continue;
        }
        // Taking turns between sweeps needs short polls; one sweep can wait longer on the server, unless it ends.
        const ended = sweepId === undefined ? this.#d.running.whileRunning(sweep) : undefined;
        const msg = await fetchOne(consumer, sweeps.length > 1 ? 1000 : 5000, ended?.signal).finally(() => ended?.release());
        if (!msg) continue;
        if (signal.aborted) {
          await this.#handBack(msg);
          break;
        }
        const lease = this.#lease(msg, sweep);
        if (lease) return lease;
      } catch (error) {
        if (signal.aborted || this.#d.nc.isClosed()) break;
        if (!isTransient(error) && !heartbeatsMissed(error)) throw error;
        this.#consumers.delete(sweep);
        await pause(1000, signal);
      }
    }
    return null;
  }

  /** A trial that came after the pull was aborted: nak'ed and flushed, so it is redelivered at once. */
  async #handBack(msg: JsMsg): Promise<void> {
    msg.nak();
    await this.#d.nc.flush();
  }

  async #consumer(sweepId: string): Promise<Consumer | undefined> {
    const cached = this.#consumers.get(sweepId);
    if (cached) return cached;
    try {
      const consumer = await this.#d.js.consumers.get(this.#d.layout.trialsStream, this.#d.layout.consumer(sweepId));
      this.#consumers.set(sweepId, consumer);
      return consumer;
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound) return undefined;
      throw error;
    }
  }

  /** Parses a delivered trial; one that can never be valid is reported and term'ed so it is not redelivered. */
  #lease(msg: JsMsg, sweepId: string): NatsLease | undefined {
    const assignment = this.#d.reports.parse(TrialAssignment, msg.subject, msg.data);
    if (assignment && assignment.sweepId !== sweepId) {
      this.#d.reports.report(msg.subject, new InvalidMessageError(msg.subject, `sweepId "${assignment.sweepId}" does not match the subject`));
    } else if (assignment) {
      return new NatsLease(msg, assignment, this.#d.nc, this.#d.retry);
    }
    msg.term();
    return undefined;
  }
}
