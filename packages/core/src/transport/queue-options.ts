/**
 * Lease options of a sweep's work queue: what callers pass, and the same with defaults filled in.
 */
import type { QueueOptions } from './transport.js';

/**
 * How long a pulled trial stays leased without `working()`, when the caller does not say. The one default of the
 * project: the coordinator, the CLI's `--ack-wait` and the transports all use it.
 */
export const DEFAULT_ACK_WAIT_MS = 60_000;
/** Deliveries after which a trial is given up, when the caller does not say. */
export const DEFAULT_MAX_DELIVER = 3;

/** {@link QueueOptions} with every default filled in. */
export type ResolvedQueueOptions = Required<QueueOptions>;

/**
 * Fills in the defaults of `options` and checks that both values are positive integers. `null` (an omitted
 * argument after a JSON round trip, as over the IPC bridge) counts as none.
 */
export function resolveQueueOptions(options?: QueueOptions | null): ResolvedQueueOptions {
  const ackWaitMs = options?.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
  const maxDeliver = options?.maxDeliver ?? DEFAULT_MAX_DELIVER;
  if (!Number.isInteger(ackWaitMs) || ackWaitMs < 1) throw new RangeError(`ackWaitMs must be a positive integer of milliseconds, not ${ackWaitMs}`);
  if (!Number.isInteger(maxDeliver) || maxDeliver < 1) throw new RangeError(`maxDeliver must be a positive integer, not ${maxDeliver}`);
  return { ackWaitMs, maxDeliver };
}
