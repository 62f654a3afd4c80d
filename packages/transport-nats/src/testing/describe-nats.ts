/**
 * Running a test suite only where nats-server exists, loudly: where it is missing the suite is skipped with a
 * banner on stderr, or fails when the caller requires NATS (CI).
 */
import { natsServerAvailable } from './nats-server.js';

/** The test-runner functions `describeNats` uses (vitest's fit). */
export interface NatsSuiteApi {
  describe: ((name: string, body: () => void) => void) & { skip(name: string, body: () => void): void };
  it(name: string, body: () => void | Promise<void>): void;
}

/** The banner printed when NATS suites are skipped. */
export function natsMissingBanner(): string {
  const line = '*'.repeat(78);
  return [
    '',
    line,
    '*** nats-server NOT FOUND: the NATS transport tests are SKIPPED.',
    '*** Install nats-server (apt-get install nats-server), or set SEQSWEEP_REQUIRE_NATS=1 (or CI=true)',
    '*** to make its absence a failure.',
    line,
    '',
  ].join('\n');
}

/**
 * A `describe` for suites that need nats-server. With the server present it is `describe`; without it, it
 * registers one failing test when `requireNats` (callers pass `CI === 'true' || SEQSWEEP_REQUIRE_NATS === '1'`),
 * and otherwise skips the suite after a loud warning.
 */
export function describeNats(requireNats: boolean, api: NatsSuiteApi): (name: string, body: () => void) => void {
  if (natsServerAvailable()) return api.describe;
  if (requireNats) {
    return (name) =>
      api.describe(name, () => {
        api.it('needs nats-server', () => {
          throw new Error('nats-server is required here (CI=true or SEQSWEEP_REQUIRE_NATS=1) but was not found on PATH or at /usr/sbin/nats-server');
        });
      });
  }
  return (name, body) => {
    console.warn(natsMissingBanner());
    api.describe.skip(name, body);
  };
}
