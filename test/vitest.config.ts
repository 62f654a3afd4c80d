import { defineConfig } from 'vitest/config';
import { testDeadline } from '../packages/core/src/test-deadline.js';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    // Base deadlines hold on a machine 4x slower than the one the suite was written on; SEQSWEEP_TEST_TIMEOUT_SCALE
    // scales them (and every explicit wait, through testDeadline) for a slower one.
    testTimeout: testDeadline(240_000),
    hookTimeout: testDeadline(120_000),
    // The teardown fails the run if a process the tests started is still alive; the setup file stops what each
    // test (and each file's hooks) started, even when assertions fail.
    globalSetup: ['./support/global-setup.ts'],
    setupFiles: ['./support/stop-processes.ts'],
    // End-to-end tests spawn worker processes that train; running files one at a time keeps them inside 2 cores.
    fileParallelism: false,
  },
});
