/**
 * The transports: the interface every package talks through, the in-memory one (the embedded default) and the IPC
 * bridge; the NATS JetStream one lives in @seqsweep/transport-nats.
 */
export type { Transport, PullOptions, TrialLease, Subscription, QueueOptions, DeliveryExhausted, InvalidMessageHandler } from './transport.js';
export { DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER, resolveQueueOptions } from './queue-options.js';
export type { ResolvedQueueOptions } from './queue-options.js';
export { sha256Hex } from './sha256.js';
export { DEFAULT_MAX_OBJECT_BYTES, DEFAULT_OBJECT_TIMEOUT_MS, resolveObjectLimits } from './object-limits.js';
export type { ObjectReadLimits, ResolvedObjectLimits, ObjectStoreName, ObjectStoreChoice } from './object-limits.js';
export { MemoryTransport } from './memory/memory-transport.js';
export type { MemoryTransportOptions } from './memory/memory-transport.js';
export { MemoryBroker, MEMORY_PREFIX } from './memory/memory-broker.js';
