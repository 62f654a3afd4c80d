/** @seqsweep/transport-nats: the Transport over NATS JetStream (work-queue and results streams, KV, object store). */
export { connectNats } from './connect-nats.js';
export { NatsTransport } from './nats-transport.js';
export type { NatsConnectOptions, NatsAuthOptions, NatsTlsOptions } from './nats-options.js';
export type { ScaledStream } from './nats-scale.js';
