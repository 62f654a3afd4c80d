import { defineConfig } from 'vitest/config';
import { testDeadline } from './packages/core/src/test-deadline.js';

/** The vitest config every package under packages/ shares: unit tests sit beside the code as *.test.ts(x). */
export default defineConfig({
  // Vite 8 transforms with oxc (the `esbuild` option is ignored there): JSX compiles to the automatic runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    // nx forces colour in the tasks it runs; terminal frames under test are compared as plain text.
    env: { FORCE_COLOR: '0' },
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Base deadlines hold on a machine 4x slower than the one the suite was written on; SEQSWEEP_TEST_TIMEOUT_SCALE
    // scales them (and every explicit wait, through testDeadline) for a slower one.
    testTimeout: testDeadline(60_000),
    hookTimeout: testDeadline(60_000),
  },
});
