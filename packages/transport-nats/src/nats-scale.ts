/**
 * `seqsweep replicas N`: changes the replicas of a prefix's streams and buckets in place, so that a layout created
 * at R1 (on a lone server that became one node of a cluster, or before seqsweep followed the cluster) can be moved
 * to R3 without another tool. The server copies each stream to its new peers; the work queue's durable consumers
 * follow their stream. Connecting never does this on its own: it moves data between servers.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { ErrorCode, UserError } from '@seqsweep/core';
import type { NatsLayout } from './nats-layout.js';
import { replicasRefused, streamInfo } from './nats-replicas.js';

/** One stream or bucket and what `scaleReplicas` did to it. */
export interface ScaledStream {
  /** The JetStream stream (`P_TRIALS`, `KV_P-sweeps`, `OBJ_P-data`, ...). */
  readonly stream: string;
  /** Its replicas before; `undefined` when it does not exist (yet): nothing was done to it. */
  readonly from: number | undefined;
  /** Its replicas now. */
  readonly to: number | undefined;
}

/** Where to scale, for messages and for what a lone server cannot do. */
export interface ScaleContext {
  /** The server, `nats://host:port`. */
  readonly where: string;
  /** False on a server that is not part of a cluster: it keeps one copy, whatever a stream's settings say. */
  readonly clustered: boolean;
}

/** The streams under a prefix's streams and buckets, in the order they are scaled. */
export function layoutStreams(layout: NatsLayout): string[] {
  return [layout.trialsStream, layout.resultsStream, `KV_${layout.sweepsBucket}`, `KV_${layout.trialIdsBucket}`, `OBJ_${layout.dataBucket}`, `OBJ_${layout.modelsBucket}`];
}

/** The replicas of every stream of the layout, as they are (`from` and `to` alike; `undefined` where none is). */
export async function layoutReplicas(jsm: JetStreamManager, layout: NatsLayout): Promise<ScaledStream[]> {
  const infos = await Promise.all(layoutStreams(layout).map(async (stream) => ({ stream, replicas: (await streamInfo(jsm, stream))?.config.num_replicas })));
  return infos.map(({ stream, replicas }) => ({ stream, from: replicas, to: replicas }));
}

/**
 * Sets every stream of the layout that exists to `replicas`, one after another, and says what changed.
 * @throws {UserError} on a lone server asked for more than 1, or a cluster that cannot place them; the streams
 * scaled before the refusal keep their new replicas, and running the command again finishes the job.
 */
export async function scaleReplicas(jsm: JetStreamManager, layout: NatsLayout, replicas: number, context: ScaleContext): Promise<ScaledStream[]> {
  if (!context.clustered && replicas > 1) {
    // A lone nats-server 2.9 accepts the change and still keeps one copy: refuse it here rather than pretend.
    throw new UserError(ErrorCode.TransportUnavailable, `nats-server at ${context.where} is not part of a cluster, so it cannot keep ${replicas} replicas of anything`, {
      fix: 'make it one node of a JetStream cluster first (see "Moving a sweep to R3" in docs/distributed.md), then run `seqsweep replicas` with every URL of the cluster',
    });
  }
  const done: ScaledStream[] = [];
  for (const stream of layoutStreams(layout)) {
    const info = await streamInfo(jsm, stream);
    const from = info?.config.num_replicas;
    if (!info || from === replicas) {
      done.push({ stream, from, to: from });
      continue;
    }
    try {
      await jsm.streams.update(stream, { ...info.config, num_replicas: replicas });
    } catch (error) {
      throw replicasRefused(error, `the stream ${stream}`, { wanted: replicas, where: context.where });
    }
    done.push({ stream, from, to: replicas });
  }
  return done;
}
