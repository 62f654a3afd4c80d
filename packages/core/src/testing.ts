/**
 * @seqsweep/core/testing: helpers for tests of seqsweep and of other Transport implementations: the transport
 * conformance suite and the fixtures it is built from, and test deadlines scaled by SEQSWEEP_TEST_TIMEOUT_SCALE
 * (`testDeadline`). Nothing here imports a test runner: pass vitest's functions in. The nats-server launcher lives in
 * `@seqsweep/transport-nats/testing`.
 */
export { describeTransportConformance } from './transport/testing/conformance.js';
export type { SuiteApi, ConformanceTarget, ConformanceFactory, ConformanceContext } from './transport/testing/conformance.js';
export { uniqueSweepId, trial, result, progress, heartbeat, sweepRecord, waitUntil, Collector, settle } from './transport/testing/conformance-fixtures.js';
export { testDeadline, testTimeoutScale, waitForOptions, TEST_TIMEOUT_SCALE_VARIABLE } from './test-deadline.js';
export { hostileDataPaths, secretFile, SECRET_LINE } from './files/testing/hostile-data.js';
export type { HostileDataPath } from './files/testing/hostile-data.js';
