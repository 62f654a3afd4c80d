import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    // End-to-end tests spawn worker processes that train; running files one at a time keeps them inside 2 cores.
    fileParallelism: false,
  },
});
