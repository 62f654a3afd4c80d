/**
 * @seqsweep/transport-nats/testing: a real nats-server on a random port with a temporary store, a 3-node JetStream
 * cluster of them (and who leads what in it), and a `describe`
 * that skips loudly (or fails in CI) without one. Nothing here imports a test runner: pass vitest's functions in.
 */
export { startNatsServer, natsServerAvailable, natsServerPath, freePort } from './testing/nats-server.js';
export type { NatsServerHandle, NatsServerOptions } from './testing/nats-server.js';
export { startNatsCluster } from './testing/nats-cluster.js';
export type { NatsClusterHandle, NatsClusterNode, NatsClusterOptions } from './testing/nats-cluster.js';
export { leaderships, shedLeadership, streamLeader } from './testing/nats-cluster-leaders.js';
export type { Leadership } from './testing/nats-cluster-leaders.js';
export { describeNats, natsMissingBanner } from './testing/describe-nats.js';
export type { NatsSuiteApi } from './testing/describe-nats.js';
