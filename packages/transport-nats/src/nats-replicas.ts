/**
 * Replicas of the streams and buckets seqsweep creates. JetStream refuses more replicas than the cluster has
 * servers (or any above 1 on a lone server) with an API error; that becomes one sentence for the user. A stream or
 * bucket that exists with another number of replicas is reported, never changed: scaling a stream moves its data
 * between servers, which its owner should decide (docs/distributed.md says how).
 */
import { JetStreamApiError, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import { ErrorCode, UserError } from '@seqsweep/core';

/**
 * The server's codes for replicas it cannot place: "no suitable peers for placement" (10005), "insufficient
 * resources" (10023), "replicas > 1 not supported in non-clustered mode" (10074).
 */
export const REPLICAS_REFUSED = new Set([10005, 10023, 10074]);

/** The server's code for "stream not found". */
const STREAM_NOT_FOUND = 10059;

/** Where the replicas were asked for and on which server, for messages. */
export interface ReplicaContext {
  /** The replicas asked for; `undefined` accepts any on what exists. */
  readonly wanted: number | undefined;
  /** The server, `nats://host:port`. */
  readonly where: string;
}

/**
 * `error` as a `UserError` when it is the server refusing the replicas asked for `what` (a stream or bucket name);
 * any other error comes back unchanged.
 */
export function replicasRefused(error: unknown, what: string, context: ReplicaContext): unknown {
  if (!(error instanceof JetStreamApiError && REPLICAS_REFUSED.has(error.code))) return error;
  const wanted = context.wanted ?? 1;
  return new UserError(ErrorCode.TransportUnavailable, `nats-server at ${context.where} cannot keep ${wanted} replicas of ${what}: it has fewer JetStream servers in its cluster (${error.message})`, {
    fix: `pass --replicas no higher than the number of servers in the cluster (1 on a lone server), or add servers to the cluster`,
    cause: error,
  });
}

/** The stream's info, or `undefined` when there is no such stream. */
export async function streamInfo(jsm: JetStreamManager, stream: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(stream);
  } catch (error) {
    if (error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND) return undefined;
    throw error;
  }
}

/**
 * Refuses an existing stream (or the stream under a bucket, `KV_<name>`, `OBJ_<name>`) whose replicas differ from
 * those asked for.
 * @throws {UserError} naming the stream, both numbers, and how to move it.
 */
export function checkReplicas(info: StreamInfo, what: string, context: ReplicaContext): void {
  const has = info.config.num_replicas;
  if (context.wanted === undefined || has === context.wanted) return;
  throw new UserError(ErrorCode.TransportUnavailable, `${what} on nats-server at ${context.where} exists with ${has} replica${has === 1 ? '' : 's'}, not the ${context.wanted} asked for, and seqsweep does not change it`, {
    fix: `scale it yourself (\`nats stream edit ${info.config.name} --replicas ${context.wanted}\`, see "Moving a sweep to R3" in docs/distributed.md), or pass --replicas ${has}`,
  });
}
