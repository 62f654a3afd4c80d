/**
 * @seqsweep/core/testing: helpers for tests of seqsweep and of other Transport implementations. A real
 * nats-server on a random port with a temporary store, a `describe` that skips loudly (or fails in CI) without
 * one, and the transport conformance suite. Nothing here imports a test runner: pass vitest's functions in.
 */
export { startNatsServer, natsServerAvailable, natsServerPath, freePort } from './transport/testing/nats-server.js';
export type { NatsServerHandle, NatsServerOptions } from './transport/testing/nats-server.js';
export { startNatsCluster } from './transport/testing/nats-cluster.js';
export type { NatsClusterHandle, NatsClusterNode, NatsClusterOptions } from './transport/testing/nats-cluster.js';
export { leaderships, shedLeadership, streamLeader } from './transport/testing/nats-cluster-leaders.js';
export type { Leadership } from './transport/testing/nats-cluster-leaders.js';
export { describeNats, natsMissingBanner } from './transport/testing/describe-nats.js';
export type { NatsSuiteApi } from './transport/testing/describe-nats.js';
export { describeTransportConformance } from './transport/testing/conformance.js';
export type { SuiteApi, ConformanceTarget, ConformanceFactory, ConformanceContext } from './transport/testing/conformance.js';
