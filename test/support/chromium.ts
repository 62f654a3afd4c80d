/**
 * Headless Chromium for tests that open what seqsweep writes in a real browser: the system's Chromium (Debian's
 * `chromium` package), driven by playwright-core, which downloads nothing. A `describe` that skips loudly without
 * it, or fails where Chromium is required (CI), as `describeNats` does for nats-server.
 */
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { testDeadline } from '@seqsweep/core/testing';

/** The Chromium the tests drive: `SEQSWEEP_CHROMIUM`, or Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.SEQSWEEP_CHROMIUM || '/usr/bin/chromium';

/** Flags for a quiet, offline, throwaway browser: no sandbox (tests run as root in containers), no GPU, no phoning home. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
] as const;

/** Whether `path` is an executable file. */
export function chromiumAvailable(path = CHROMIUM_PATH): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch (e) {
    if (['ENOENT', 'EACCES', 'ENOTDIR'].includes(String((e as { code?: unknown }).code))) return false;
    throw e;
  }
}

/** The banner printed when Chromium suites are skipped. */
export function chromiumMissingBanner(path = CHROMIUM_PATH): string {
  const line = '*'.repeat(78);
  return [
    '',
    line,
    `*** chromium NOT FOUND at ${path}: the headless-browser tests of report.html are SKIPPED.`,
    '*** Install it (apt-get install chromium), point SEQSWEEP_CHROMIUM at another Chromium, or set',
    '*** SEQSWEEP_REQUIRE_CHROMIUM=1 (or CI=true) to make its absence a failure.',
    line,
    '',
  ].join('\n');
}

/** The test-runner functions `describeChromium` uses (vitest's fit). */
export interface ChromiumSuiteApi {
  describe: ((name: string, body: () => void) => void) & { skip(name: string, body: () => void): void };
  it(name: string, body: () => void | Promise<void>): void;
}

/**
 * A `describe` for suites that need Chromium. With Chromium present it is `describe`; without it, it registers
 * one failing test when `requireChromium` (callers pass `CI === 'true' || SEQSWEEP_REQUIRE_CHROMIUM === '1'`), and
 * otherwise skips the suite after a loud warning.
 */
export function describeChromium(requireChromium: boolean, api: ChromiumSuiteApi, path = CHROMIUM_PATH): (name: string, body: () => void) => void {
  if (chromiumAvailable(path)) return api.describe;
  if (requireChromium) {
    return (name) =>
      api.describe(name, () => {
        api.it('needs chromium', () => {
          throw new Error(`chromium is required here (CI=true or SEQSWEEP_REQUIRE_CHROMIUM=1) but ${path} is not an executable file; install it with apt-get install chromium`);
        });
      });
  }
  return (name, body) => {
    console.warn(chromiumMissingBanner(path));
    api.describe.skip(name, body);
  };
}

/** A running headless Chromium with a fresh profile, removed on close. */
export interface ChromiumSession {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts headless Chromium with {@link CHROMIUM_ARGS} and a fresh temporary profile directory. */
export async function openChromium(path = CHROMIUM_PATH): Promise<ChromiumSession> {
  const profile = await mkdtemp(join(tmpdir(), 'seqsweep-chromium-'));
  try {
    // A persistent context is the one way to hand Chromium our own --user-data-dir.
    const context = await chromium.launchPersistentContext(profile, { executablePath: path, headless: true, args: [...CHROMIUM_ARGS], timeout: testDeadline(30_000) });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(profile, { recursive: true, force: true });
    throw e;
  }
}
