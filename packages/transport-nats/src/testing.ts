/**
 * @seqsweep/transport-nats/testing: a real nats-server on a random port with a temporary store, and a `describe`
 * that skips loudly (or fails in CI) without one. Nothing here imports a test runner: pass vitest's functions in.
 */
export { startNatsServer, natsServerAvailable, natsServerPath, freePort } from './testing/nats-server.js';
export type { NatsServerHandle, NatsServerOptions } from './testing/nats-server.js';
export { describeNats, natsMissingBanner } from './testing/describe-nats.js';
export type { NatsSuiteApi } from './testing/describe-nats.js';
