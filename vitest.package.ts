import { defineConfig } from 'vitest/config';

/** The vitest config every package under packages/ shares: unit tests sit beside the code as *.test.ts(x). */
export default defineConfig({
  // Vite 8 transforms with oxc (the `esbuild` option is ignored there): JSX compiles to the automatic runtime.
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    // nx forces colour in the tasks it runs; terminal frames under test are compared as plain text.
    env: { FORCE_COLOR: '0' },
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
