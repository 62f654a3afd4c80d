// Lint for the whole workspace. Beyond typescript-eslint's recommended rules it enforces the import direction of
// ../shared/ARCHITECTURE.md: cli -> (coordinator, worker, tui) -> core, with no reaching into another package's src/.
import tseslint from 'typescript-eslint';

const deepImports = { group: ['@seqsweep/*/src/*', '**/packages/*/src/**', '../../*/src/**'], message: 'Import another package by its name, never from its src/.' };
const forbid = (names, why) => names.map((name) => ({ name, message: why }));
const direction = (files, names, why, patterns = []) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { paths: forbid(names, why), patterns: [deepImports, ...patterns] }],
  },
});
const natsPackages = ['@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/kv', '@nats-io/obj'];
const tfPackages = ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core'];

export default tseslint.config(
  // AssemblyScript sources (decorators on functions, its own types) are checked by asc, not typescript-eslint.
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', 'runs/**', '**/*.d.ts', 'packages/*/assembly/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  direction(['packages/core/src/**'], ['@seqsweep/coordinator', '@seqsweep/worker', '@seqsweep/tui', 'seqsweep', 'ink', 'react'],
    'core is the bottom layer: it imports no other seqsweep package and no UI.'),
  {
    files: ['packages/core/src/**'],
    ignores: ['packages/core/src/transport/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...forbid(natsPackages, 'Only core/transport knows NATS.'),
          ...forbid(['@seqsweep/coordinator', '@seqsweep/worker', '@seqsweep/tui', 'seqsweep', 'ink', 'react'], 'core is the bottom layer.')],
        patterns: [deepImports],
      }],
    },
  },
  direction(['packages/coordinator/src/**'], ['@seqsweep/worker', '@seqsweep/tui', 'seqsweep', ...natsPackages],
    'coordinator imports core only (NATS lives in core/transport).'),
  direction(['packages/worker/src/**'], ['@seqsweep/coordinator', '@seqsweep/tui', 'seqsweep', ...natsPackages],
    'worker imports core only (NATS lives in core/transport).'),
  direction(['packages/tui/src/**'], ['@seqsweep/coordinator', '@seqsweep/worker', 'seqsweep', ...natsPackages, ...tfPackages],
    'tui reads sweep events through core only: no coordinator, worker, NATS or tfjs.'),
  direction(['packages/cli/src/**'], [...natsPackages, ...tfPackages],
    'cli only parses arguments and wires packages together.'),
);
