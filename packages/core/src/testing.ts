/**
 * @seqsweep/core/testing: helpers for tests of seqsweep and of other Transport implementations. A real
 * nats-server on a random port with a temporary store, a `describe` that skips loudly (or fails in CI) without
 * one, the transport conformance suite, and test deadlines scaled by SEQSWEEP_TEST_TIMEOUT_SCALE (`testDeadline`).
 * Nothing here imports a test runner: pass vitest's functions in.
 */
export { startNatsServer, natsServerAvailable, natsServerPath, freePort } from './transport/testing/nats-server.js';
export type { NatsServerHandle, NatsServerOptions } from './transport/testing/nats-server.js';
export { describeNats, natsMissingBanner } from './transport/testing/describe-nats.js';
export type { NatsSuiteApi } from './transport/testing/describe-nats.js';
export { describeTransportConformance } from './transport/testing/conformance.js';
export type { SuiteApi, ConformanceTarget, ConformanceFactory, ConformanceContext } from './transport/testing/conformance.js';
export { testDeadline, testTimeoutScale, waitForOptions, TEST_TIMEOUT_SCALE_VARIABLE } from './test-deadline.js';
