/**
 * Replicas of the streams and buckets seqsweep creates. Unless `--replicas` says otherwise, what is created follows
 * the cluster: as many replicas as it can place, at most 3 (1 on a lone server), so that a cluster set up to survive
 * a lost server does so whichever process (worker, `run`, `resume`) connects first. JetStream refuses more replicas
 * than the cluster has servers with an API error; when they were asked for, that becomes one sentence for the user.
 * A stream or bucket that exists with another number of replicas than asked for is reported, never changed on
 * connect: `seqsweep replicas N` changes them (nats-scale.ts), since that moves data between servers.
 */
import { JetStreamApiError, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import type { ServerInfo } from '@nats-io/transport-node';
import { ErrorCode, UserError } from '@seqsweep/core';

/**
 * The server's codes for replicas it cannot place: "no suitable peers for placement" (10005), "insufficient
 * resources" (10023), "replicas > 1 not supported in non-clustered mode" (10074).
 */
export const REPLICAS_REFUSED = new Set([10005, 10023, 10074]);

/** The server's code for "stream not found". */
const STREAM_NOT_FOUND = 10059;

/** The most replicas seqsweep creates on its own: 3 survives the loss of any one server. */
export const DEFAULT_MAX_REPLICAS = 3;

/**
 * The most replicas a server's cluster could hold, from what the server says of itself on connect: 1 when it is
 * not part of a cluster, else one per server it names (capped at {@link DEFAULT_MAX_REPLICAS}). Servers without
 * JetStream are named too, so this is an upper bound: {@link Placement} steps down from it when the cluster refuses.
 */
export function clusterReplicas(info: Pick<ServerInfo, 'cluster' | 'connect_urls'> | undefined): number {
  if (!info?.cluster) return 1;
  const servers = info.connect_urls?.length ?? DEFAULT_MAX_REPLICAS;
  return Math.max(1, Math.min(DEFAULT_MAX_REPLICAS, servers));
}

/** Where the replicas were asked for and on which server, for messages. */
export interface ReplicaContext {
  /** The replicas asked for; `undefined` creates what the cluster allows and accepts any on what exists. */
  readonly wanted: number | undefined;
  /**
   * The most the cluster could hold (see {@link clusterReplicas}): what is created when nothing is asked for.
   * @default 1
   */
  readonly cluster?: number;
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
    fix: `pass --replicas no higher than the number of servers in the cluster (1 on a lone server), or leave it out to follow the cluster, or add servers to the cluster`,
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
    fix: `run \`seqsweep replicas ${context.wanted}\` with the same --nats and --prefix to change every stream and bucket (see "Moving a sweep to R3" in docs/distributed.md), or pass --replicas ${has}`,
  });
}

/**
 * The replicas to create with, shared by everything one set-up creates: those asked for, or else the most the
 * cluster can place, found by asking. A create the cluster refuses for its replicas (a server down, one without
 * JetStream) is tried again with one fewer, down to 1; later creates start from what was last placed.
 */
export class Placement {
  readonly #context: ReplicaContext;
  #most: number;

  constructor(context: ReplicaContext) {
    this.#context = context;
    this.#most = context.wanted ?? context.cluster ?? 1;
  }

  /** Runs `create` with the replicas to use, stepping down while the cluster refuses them and none were asked for. */
  async create<T>(create: (replicas: number) => Promise<T>): Promise<T> {
    for (;;) {
      const replicas = this.#most;
      try {
        return await create(replicas);
      } catch (error) {
        const refused = error instanceof JetStreamApiError && REPLICAS_REFUSED.has(error.code);
        if (!refused || this.#context.wanted !== undefined || replicas <= 1) throw error;
        this.#most = Math.min(this.#most, replicas - 1);
      }
    }
  }
}
