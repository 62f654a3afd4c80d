/**
 * The NATS JetStream transport. `connectNats` builds it; see nats-layout.ts for where everything lives.
 */
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription as NatsSubscription } from '@nats-io/transport-node';
import { SweepRecord, TrialAssignment, TrialProgress, TrialResult, WorkerHeartbeat } from '@seqsweep/core';
import { InvalidMessageError } from '@seqsweep/core';
import type { DeliveryExhausted, InvalidMessageHandler, ObjectReadLimits, ObjectStoreChoice, ObjectStoreName, PullOptions, QueueOptions, Subscription, Transport, TrialLease } from '@seqsweep/core';
import { resolveQueueOptions } from '@seqsweep/core';
import { callHandler, InvalidReports } from '@seqsweep/core/internal';
import { encodeChecked } from '@seqsweep/core/internal';
import { linkAbort } from '@seqsweep/core/internal';
import type { NatsLayout } from './nats-layout.js';
import type { NatsBuckets } from './nats-setup.js';
import { NatsWorkQueue } from './nats-work-queue.js';
import { NatsResults } from './nats-results.js';
import { NatsSweeps } from './nats-sweeps.js';
import { NatsObjects } from './nats-objects.js';
import { RunningSweeps } from './running-sweeps.js';
import { subscribeExhausted } from './nats-exhausted.js';
import { retryTransient } from './retry-transient.js';
import { watchServer } from './watch-server.js';
import { followBucket } from './bucket-follow.js';
import { layoutReplicas, scaleReplicas, type ScaledStream } from './nats-scale.js';

/** What `connectNats` hands the transport: an open connection with the layout set up. */
export interface NatsTransportParts {
  /** The open connection; the transport closes it. */
  readonly nc: NatsConnection;
  /** JetStream on that connection. */
  readonly js: JetStreamClient;
  /** JetStream management on that connection. */
  readonly jsm: JetStreamManager;
  /** Where everything lives. */
  readonly layout: NatsLayout;
  /** The prefix's buckets. */
  readonly buckets: NatsBuckets;
  /** The server connected to now, for logs: `nats://host:port`; it changes when the client fails over. */
  readonly description: () => string;
  /** The first `onInvalid` handler. */
  readonly onInvalid?: InvalidMessageHandler | undefined;
  /**
   * How long an idempotent operation is retried while the server does not answer.
   * @default 60000
   */
  readonly retryWindowMs?: number;
  /**
   * Bounds on reading an object (a data file, the final model).
   * @default DEFAULT_MAX_OBJECT_BYTES (256 MiB) and DEFAULT_OBJECT_TIMEOUT_MS (120 s)
   */
  readonly objectLimits?: ObjectReadLimits | undefined;
}

/** How long `close()` waits for the server to confirm what is still buffered. */
const CLOSE_FLUSH_MS = 2000;

/**
 * Flushes `nc`, giving up after `ms`. A flush that fails or does not answer means the connection is gone, and
 * what it held is lost with it: the leases it would have settled run out on the server instead.
 */
async function flushWithin(nc: NatsConnection, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([nc.flush().then(() => undefined, () => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A {@link Transport} over NATS JetStream. Create it with `connectNats`. Every operation that asks the server
 * something and may safely be repeated rides out a server that is away for a while or a cluster electing a leader
 * (see {@link retryTransient}); so does an ack. The other lease operations are not repeated, since a lease that
 * cannot be settled simply runs out on the server.
 */
export class NatsTransport implements Transport {
  /** The subject prefix in use. */
  readonly prefix: string;
  readonly #p: NatsTransportParts;
  readonly #reports = new InvalidReports();
  readonly #closing = new AbortController();
  readonly #subscriptions = new Set<Subscription>();
  readonly #running: RunningSweeps;
  readonly #queue: NatsWorkQueue;
  readonly #results: NatsResults;
  readonly #sweeps: NatsSweeps;
  readonly #objects: Record<ObjectStoreName, NatsObjects>;

  constructor(parts: NatsTransportParts) {
    this.#p = parts;
    this.prefix = parts.layout.prefix;
    if (parts.onInvalid) this.#reports.add(parts.onInvalid);
    const { nc, js, jsm, layout, buckets } = parts;
    // The sweeps bucket's watches (a sweep's record, for the coordinator and `watch`) replace themselves when the
    // server holding them dies (bucket-follow.ts); a worker reads which sweeps run by direct gets, with no consumer.
    const watch = followBucket(nc, js, layout.sweepsBucket, (error) => this.#reports.report(`$KV.${layout.sweepsBucket}.>`, error));
    this.#running = new RunningSweeps(async (seq) => {
      const m = await jsm.direct.getMessage(`KV_${layout.sweepsBucket}`, { seq, next_by_subj: `$KV.${layout.sweepsBucket}.>` });
      if (!m) return null;
      const op = m.header?.get('KV-Operation');
      return { seq: m.seq, subject: m.subject, data: m.data, operation: op === 'DEL' || op === 'PURGE' ? op : 'PUT' };
    }, layout.sweepsBucket, this.#reports);
    this.#queue = new NatsWorkQueue({ nc, js, jsm, layout, trialIds: buckets.trialIds, reports: this.#reports, running: this.#running,
      retry: (what, op) => this.#retry(what, op) });
    this.#results = new NatsResults(nc, js, layout, this.#reports);
    this.#sweeps = new NatsSweeps(buckets.sweeps, layout, this.#reports, { watch });
    const where = `nats-server at ${parts.description()}`;
    this.#objects = {
      data: new NatsObjects({ store: buckets.data, jsm, bucket: layout.dataBucket, where, limits: parts.objectLimits }),
      models: new NatsObjects({ store: buckets.models, jsm, bucket: layout.modelsBucket, where, limits: parts.objectLimits }),
    };
  }

  /** The server connected to now: `nats://host:port` (`tls://` when encrypted). */
  get description(): string {
    return this.#p.description();
  }

  onServerChange(handler: (description: string) => void): Subscription {
    return this.#track(watchServer(this.#p.nc, () => handler(this.description)));
  }

  async ensureSweep(sweepId: string, options?: QueueOptions): Promise<void> {
    const resolved = resolveQueueOptions(options);
    await this.#retry(`setting up sweep ${sweepId}`, () => this.#queue.ensure(sweepId, resolved));
  }

  publishTrial(assignment: TrialAssignment): Promise<{ duplicate: boolean }> {
    return this.#retryPublish(`publishing trial ${assignment.trialId}`, () => this.#queue.publish(assignment));
  }

  async pullTrial(options: PullOptions = {}): Promise<TrialLease | null> {
    const link = linkAbort(options.signal, this.#closing.signal);
    try {
      return await this.#queue.pull(options.sweepId, link.signal, options.accept);
    } finally {
      link.release();
    }
  }

  onDeliveryExhausted(sweepId: string, handler: (event: DeliveryExhausted) => void): Subscription {
    const { nc, jsm, layout } = this.#p;
    return this.#track(subscribeExhausted({ nc, jsm, layout, reports: this.#reports }, sweepId, handler));
  }

  publishResult(result: TrialResult): Promise<{ duplicate: boolean }> {
    return this.#retryPublish(`publishing the result of ${result.trialId}`, () => this.#results.publish(result));
  }

  async subscribeResults(sweepId: string, handler: (result: TrialResult) => void): Promise<Subscription> {
    return this.#track(await this.#retry(`reading the results of ${sweepId}`, () => this.#results.subscribe(sweepId, handler)));
  }

  async queuedTrials(sweepId: string): Promise<number> {
    // The consumer's view, not the stream's: a trial whose deliveries ran out stays in the stream until the
    // exhaustion advisory is handled, but the consumer will never deliver it again.
    const { trialsStream, consumer, trials } = this.#p.layout;
    const [info, last] = await this.#retry(`reading the queue of ${sweepId}`, () => Promise.all([
      this.#p.jsm.consumers.info(trialsStream, consumer(sweepId)),
      this.#p.jsm.streams.getMessage(trialsStream, { last_by_subj: trials(sweepId) }),
    ]));
    const queued = info.num_pending + info.num_ack_pending;
    // On a cluster the consumer's leader counts against its own copy of the stream, which can trail the stream's
    // leader for a moment: a trial just published is then neither pending nor delivered there. The stream's leader
    // holds it, past the consumer's last delivery.
    return queued === 0 && last !== null && last.seq > info.delivered.stream_seq ? 1 : queued;
  }

  async clearTrials(sweepId: string): Promise<void> {
    await this.#retry(`clearing the queue of ${sweepId}`, () => this.#p.jsm.streams.purge(this.#p.layout.trialsStream, { filter: this.#p.layout.trials(sweepId) }));
  }

  async clearResult(sweepId: string, trialId: string): Promise<void> {
    await this.#retry(`clearing the result of ${trialId}`, () => this.#p.jsm.streams.purge(this.#p.layout.resultsStream, { filter: this.#p.layout.result(sweepId, trialId) }));
  }

  readResults(sweepId: string): Promise<TrialResult[]> {
    return this.#retry(`reading the results of ${sweepId}`, () => this.#results.read(sweepId));
  }

  async publishProgress(progress: TrialProgress): Promise<void> {
    const subject = this.#p.layout.progress(progress.sweepId, progress.trialId);
    this.#p.nc.publish(subject, encodeChecked(TrialProgress, subject, progress).data);
  }

  subscribeProgress(sweepId: string, handler: (progress: TrialProgress) => void): Subscription {
    return this.#subscribe(this.#p.layout.progressOf(sweepId), (subject, data) => {
      const progress = this.#reports.parse(TrialProgress, subject, data);
      if (progress && subject !== this.#p.layout.progress(progress.sweepId, progress.trialId)) {
        this.#reports.report(subject, new InvalidMessageError(subject, `sweep "${progress.sweepId}" and trial "${progress.trialId}" do not match the subject`));
      } else if (progress) {
        callHandler(handler, progress);
      }
    });
  }

  async publishHeartbeat(heartbeat: WorkerHeartbeat): Promise<void> {
    const subject = this.#p.layout.heartbeats;
    this.#p.nc.publish(subject, encodeChecked(WorkerHeartbeat, subject, heartbeat).data);
  }

  subscribeHeartbeats(handler: (heartbeat: WorkerHeartbeat) => void): Subscription {
    return this.#subscribe(this.#p.layout.heartbeats, (subject, data) => {
      const heartbeat = this.#reports.parse(WorkerHeartbeat, subject, data);
      if (heartbeat) callHandler(handler, heartbeat);
    });
  }

  getSweep(sweepId: string): Promise<SweepRecord | null> {
    return this.#retry(`reading the record of ${sweepId}`, () => this.#sweeps.get(sweepId));
  }

  putSweep(record: SweepRecord): Promise<void> {
    return this.#retry(`storing the record of ${record.sweepId}`, () => this.#sweeps.put(record));
  }

  listSweeps(): Promise<SweepRecord[]> {
    return this.#retry('listing sweeps', () => this.#sweeps.list());
  }

  async watchSweep(sweepId: string, handler: (record: SweepRecord) => void): Promise<Subscription> {
    return this.#track(await this.#retry(`watching the record of ${sweepId}`, () => this.#sweeps.watch(sweepId, handler)));
  }

  putObject(name: string, data: Uint8Array, options?: ObjectStoreChoice): Promise<{ digest: string }> {
    return this.#retry(`storing ${name}`, () => this.#objects[options?.store ?? 'data'].put(name, data));
  }

  getObject(name: string, digest: string, options?: ObjectReadLimits & ObjectStoreChoice): Promise<Uint8Array> {
    return this.#retry(`fetching ${name}`, () => this.#objects[options?.store ?? 'data'].get(name, digest, options));
  }

  deleteObject(name: string, options?: ObjectStoreChoice): Promise<void> {
    return this.#retry(`deleting ${name}`, () => this.#objects[options?.store ?? 'data'].delete(name));
  }

  /**
   * Changes the replicas of every stream and bucket of the prefix that exists (`seqsweep replicas N`); see
   * nats-scale.ts.
   * @throws {UserError} when the server or cluster cannot keep that many.
   */
  setReplicas(replicas: number): Promise<ScaledStream[]> {
    const { nc, jsm, layout } = this.#p;
    return scaleReplicas(jsm, layout, replicas, { where: this.description, clustered: Boolean(nc.info?.cluster) });
  }

  /** The replicas of every stream and bucket of the prefix, as they are now (`seqsweep replicas` without N). */
  replicas(): Promise<ScaledStream[]> {
    return this.#retry('reading the replicas of the streams', () => layoutReplicas(this.#p.jsm, this.#p.layout));
  }

  onInvalid(handler: InvalidMessageHandler): void {
    this.#reports.add(handler);
  }

  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    this.#running.stop();
    // A pull in flight may still bring a trial, which it hands back; closing under it would drop that trial on
    // the floor, to wait out its ack wait on the server.
    await this.#queue.settled();
    for (const sub of [...this.#subscriptions]) sub.unsubscribe();
    // `close()` discards what is still buffered for the socket (a nak, the last heartbeat): flush it first, but
    // not for longer than a server that is gone would keep us.
    await flushWithin(this.#p.nc, CLOSE_FLUSH_MS);
    await this.#p.nc.close();
  }

  #retry<T>(what: string, op: () => Promise<T>): Promise<T> {
    return retryTransient(what, op, { windowMs: this.#p.retryWindowMs ?? 60_000, signal: this.#closing.signal, where: this.description });
  }

  /**
   * A publish retried like any idempotent operation. An attempt that failed (its answer lost to a server that died,
   * an election) may still have stored the message, so a retry that finds it stored takes it for its own, not for
   * a duplicate.
   */
  async #retryPublish(what: string, op: () => Promise<{ duplicate: boolean }>): Promise<{ duplicate: boolean }> {
    let attempts = 0;
    const outcome = await this.#retry(what, () => {
      attempts++;
      return op();
    });
    return attempts > 1 ? { duplicate: false } : outcome;
  }

  /** A plain NATS subscription whose callback never throws into the client. */
  #subscribe(subject: string, deliver: (subject: string, data: Uint8Array) => void): Subscription {
    const sub: NatsSubscription = this.#p.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) this.#reports.report(subject, error);
        else deliver(msg.subject, msg.data);
      },
    });
    return this.#track({ unsubscribe: () => sub.unsubscribe() });
  }

  #track(sub: Subscription): Subscription {
    const tracked: Subscription = {
      unsubscribe: () => {
        if (!this.#subscriptions.delete(tracked)) return;
        sub.unsubscribe();
      },
    };
    this.#subscriptions.add(tracked);
    return tracked;
  }
}
