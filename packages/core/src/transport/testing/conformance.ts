/**
 * The one conformance suite every Transport passes. It takes the test runner's functions as an argument instead
 * of importing vitest, so it builds into the package without pulling the runner in; a test file calls
 * `describeTransportConformance('MemoryTransport', factory, { describe, it, afterEach })`.
 */
import type { Transport } from '../transport.js';
import { queueConformance } from './conformance-queue.js';
import { deliveryConformance } from './conformance-delivery.js';
import { streamConformance } from './conformance-streams.js';
import { stateConformance } from './conformance-state.js';

/** The test-runner functions the suite uses (vitest's fit). */
export interface SuiteApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMs?: number): void;
  afterEach(body: () => Promise<void>): void;
}

/** One backing that the transports of a test share: a memory broker, or a prefix on a nats-server. */
export interface ConformanceTarget {
  /** Opens another transport on the backing, as another process would connect. */
  open(): Promise<Transport>;
  /**
   * Publishes raw bytes as a foreign client would, on a subject given without the prefix, e.g.
   * `trials.<sweepId>`, `results.<sweepId>.<trialId>`, `progress.<sweepId>.<trialId>` or `workers`. Stream subjects
   * are stored before it resolves.
   */
  publishRaw(subject: string, data: string): Promise<void>;
  /** Releases the backing after the test's transports are closed. */
  close(): Promise<void>;
}

/** Makes a fresh backing for each test. */
export type ConformanceFactory = () => Promise<ConformanceTarget>;

/** What each test of the suite works with. */
export interface ConformanceContext {
  /** A fresh backing with the transports opened on it; all closed after the test. */
  target(): Promise<ConformanceTarget & { transport(): Promise<Transport> }>;
}

/** Registers the conformance suite for one transport implementation. */
export function describeTransportConformance(name: string, factory: ConformanceFactory, api: SuiteApi): void {
  const cleanups: (() => Promise<void>)[] = [];
  const context: ConformanceContext = {
    async target() {
      const target = await factory();
      const opened: Transport[] = [];
      cleanups.push(async () => {
        await Promise.all(opened.map((t) => t.close()));
        await target.close();
      });
      return Object.assign(target, {
        async transport() {
          const t = await target.open();
          opened.push(t);
          return t;
        },
      });
    },
  };
  api.describe(`${name} conforms to Transport`, () => {
    api.afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    queueConformance(api, context);
    deliveryConformance(api, context);
    streamConformance(api, context);
    stateConformance(api, context);
  });
}
