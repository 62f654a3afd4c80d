/**
 * Creates (or finds) a prefix's streams and buckets. Every process runs it on connect; it is idempotent, and a
 * stream whose settings drifted (a new duplicate window) is updated in place, keeping its replicas. Replicas are
 * set only on what is created: those asked for, or else those the cluster can hold (at most 3); an existing stream
 * or bucket with other replicas than those asked for is refused (see nats-replicas.ts).
 */
import { DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsLayout } from './nats-layout.js';
import { checkReplicas, Placement, REPLICAS_REFUSED, replicasRefused, streamInfo, type ReplicaContext } from './nats-replicas.js';
import { deniedPermission } from './fetch-one.js';

/** The server's code for "stream name already in use with a different configuration". */
const STREAM_NAME_IN_USE = 10058;

/** The buckets of one prefix. */
export interface NatsBuckets {
  /** `P-sweeps`: one record per sweep. */
  readonly sweeps: KV;
  /** `P-trial-ids`: one key per trial ever published. */
  readonly trialIds: KV;
  /** `P-data`: data files. */
  readonly data: ObjectStore;
  /** `P-models`: final models. */
  readonly models: ObjectStore;
}

/**
 * The most the `P-data` object store holds, over all its objects: 1 GiB. A bucket's quota is set when it is
 * created; an existing bucket keeps its own (`nats stream edit OBJ_<prefix>-data --max-bytes`).
 */
export const DATA_BUCKET_MAX_BYTES = 1024 * 1024 * 1024;

/** The most the `P-models` object store holds, over all its objects: 32 MiB (a final model is a few MB at most). */
export const MODELS_BUCKET_MAX_BYTES = 32 * 1024 * 1024;

const nanos = (ms: number): number => ms * 1_000_000;

/** How the layout is set up. */
export interface SetUpOptions {
  /** The streams' duplicate window. */
  readonly duplicateWindowMs: number;
  /** Replicas asked for, and the server for messages. */
  readonly replicas: ReplicaContext;
}

/** Makes sure the trial and result streams and the four buckets exist. */
export async function setUpLayout(js: JetStreamClient, jsm: JetStreamManager, layout: NatsLayout, options: SetUpOptions): Promise<NatsBuckets> {
  const { duplicateWindowMs, replicas: context } = options;
  const placement = new Placement(context);
  await ensureStream(jsm, context, placement, {
    name: layout.trialsStream,
    subjects: [`${layout.prefix}.trials.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(duplicateWindowMs),
  });
  await ensureStream(jsm, context, placement, {
    name: layout.resultsStream,
    subjects: [`${layout.prefix}.results.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    duplicate_window: nanos(duplicateWindowMs),
    // One result per trial, enforced by the server for the stream's whole life: a repeat is refused.
    max_msgs_per_subject: 1,
    discard: DiscardPolicy.New,
    discard_new_per_subject: true,
  });
  const kvm = new Kvm(js);
  const bucket = async <T>(stream: string, what: string, create: (replicas: number) => Promise<T>): Promise<T> => {
    // The clients keep an existing bucket as it is, whatever replicas they are given: check them here.
    const info = await streamInfo(jsm, stream);
    if (info) checkReplicas(info, what, context);
    return placement.create(create).catch((error: unknown) => {
      throw replicasRefused(error, what, context);
    });
  };
  const store = (name: string, maxBytes: number): Promise<ObjectStore> =>
    bucket(`OBJ_${name}`, `the object store ${name}`, (replicas) => new Objm(js).create(name, { storage: StorageType.File, replicas, max_bytes: maxBytes }));
  const [sweeps, trialIds, data, models] = await Promise.all([
    bucket(`KV_${layout.sweepsBucket}`, `the KV bucket ${layout.sweepsBucket}`, (replicas) => kvm.create(layout.sweepsBucket, { history: 1, storage: StorageType.File, replicas })),
    bucket(`KV_${layout.trialIdsBucket}`, `the KV bucket ${layout.trialIdsBucket}`, (replicas) => kvm.create(layout.trialIdsBucket, { history: 1, storage: StorageType.File, replicas })),
    store(layout.dataBucket, DATA_BUCKET_MAX_BYTES),
    store(layout.modelsBucket, MODELS_BUCKET_MAX_BYTES),
  ]);
  return { sweeps, trialIds, data, models };
}

async function ensureStream(jsm: JetStreamManager, context: ReplicaContext, placement: Placement, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  const what = `the stream ${config.name}`;
  try {
    // Creating a stream that exists with the same settings succeeds: the one request a worker's role allows.
    await placement.create((num_replicas) => jsm.streams.add({ ...config, num_replicas }));
    return;
  } catch (error) {
    if (error instanceof JetStreamApiError && REPLICAS_REFUSED.has(error.code)) {
      // The replicas cannot be placed; a stream that exists with others is reported as such first.
      // A role that may not read the stream gets the refusal itself, which says what to do.
      const existing = await streamInfo(jsm, config.name).catch(() => undefined);
      if (existing) checkReplicas(existing, what, context);
      throw replicasRefused(error, what, context);
    }
    if (!(error instanceof JetStreamApiError && error.code === STREAM_NAME_IN_USE)) throw error;
  }
  const info = await jsm.streams.info(config.name).catch((error: unknown) => {
    // A role that may not read the stream's settings (a worker) takes it as it is, unless it asked for replicas.
    if (context.wanted === undefined && deniedPermission(error)) return undefined;
    throw error;
  });
  if (!info) return;
  checkReplicas(info, what, context);
  const keep: Partial<StreamConfig> = { ...config, num_replicas: info.config.num_replicas };
  if (!drifted(info.config, keep)) return;
  await jsm.streams.update(config.name, keep);
}

/** True when a setting seqsweep asks for differs from the stream's. */
function drifted(has: StreamConfig, wants: Partial<StreamConfig>): boolean {
  return Object.entries(wants).some(([key, value]) => JSON.stringify(has[key as keyof StreamConfig]) !== JSON.stringify(value));
}
