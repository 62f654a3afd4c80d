/**
 * Creates (or finds) a prefix's streams and buckets. Every process runs it on connect; it is idempotent, and a
 * stream whose settings drifted (a new duplicate window) is updated in place.
 */
import { DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsLayout } from './nats-layout.js';

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
}

const nanos = (ms: number): number => ms * 1_000_000;

/** Makes sure the trial and result streams and the three buckets exist. */
export async function setUpLayout(js: JetStreamClient, jsm: JetStreamManager, layout: NatsLayout, duplicateWindowMs: number): Promise<NatsBuckets> {
  await ensureStream(jsm, {
    name: layout.trialsStream,
    subjects: [`${layout.prefix}.trials.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(duplicateWindowMs),
  });
  await ensureStream(jsm, {
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
  const [sweeps, trialIds, data] = await Promise.all([
    kvm.create(layout.sweepsBucket, { history: 1, storage: StorageType.File }),
    kvm.create(layout.trialIdsBucket, { history: 1, storage: StorageType.File }),
    new Objm(js).create(layout.dataBucket, { storage: StorageType.File }),
  ]);
  return { sweeps, trialIds, data };
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.add(config);
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === STREAM_NAME_IN_USE)) throw error;
    await jsm.streams.update(config.name, config);
  }
}
