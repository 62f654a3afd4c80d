import { defineConfig } from 'vitest/config';
import { testDeadline } from '../packages/core/src/test-deadline.js';

/**
 * Files that spend their time waiting, not computing: a minute-long flood of forged results at 10 per second, noop
 * rungs, handbacks and lost servers that wait on leases and elections, noop sweeps under chaos, fuzzing and load, noop
 * trials that sleep in a terminal. They run beside the training files, one at a time among themselves: `npm test`
 * runs each project in a vitest process of its own (support/run-projects.mjs), since one vitest run would run the
 * two projects one file at a time. That keeps `npm test` inside its budget on 2 cores; their deadlines are scaled
 * like every other.
 */
const WAITING = [
  'forged-flood.test.ts', 'handback.test.ts', 'cluster.test.ts', 'netcut.test.ts', 'tui-tmux.test.ts', 'halving.test.ts', 'chaos.test.ts',
  'fuzz-messages.test.ts', 'load.test.ts',
];

export default defineConfig({
  test: {
    // Base deadlines hold on a machine 4x slower than the one the suite was written on; SEQSWEEP_TEST_TIMEOUT_SCALE
    // scales them (and every explicit wait, through testDeadline) for a slower one.
    testTimeout: testDeadline(240_000),
    hookTimeout: testDeadline(120_000),
    // The teardown fails the run if a process the tests started is still alive; the setup file stops what each
    // test (and each file's hooks) started, even when assertions fail.
    globalSetup: ['./support/global-setup.ts'],
    setupFiles: ['./support/stop-processes.ts'],
    projects: [
      {
        extends: true,
        // End-to-end tests spawn worker processes that train; running files one at a time keeps them inside 2 cores.
        test: { name: 'e2e', include: ['**/*.test.ts'], exclude: ['**/node_modules/**', ...WAITING], fileParallelism: false },
      },
      { extends: true, test: { name: 'e2e-waiting', include: WAITING, fileParallelism: false } },
    ],
  },
});
