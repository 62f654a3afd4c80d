// Lint for the whole workspace. Beyond typescript-eslint's recommended rules it keeps what the packages'
// dependencies cannot say on their own (see ../shared/ARCHITECTURE.md and docs/development.md):
// - core is the bottom layer: no tfjs, no NATS client, no UI, no other seqsweep package (its package.json lists
//   neither, but a hoisted node_modules would still let an import resolve);
// - only ml, worker and report load tfjs; only transport-nats knows NATS; tui never trains;
// - nobody reaches into another package's src/ (or dist/): import it by its name and its entries.
import tseslint from 'typescript-eslint';

const deepImports = {
  group: ['@seqsweep/*/src/*', '@seqsweep/*/dist/*', 'seqsweep/src/*', 'seqsweep/dist/*', '**/packages/*/src/**', '../../*/src/**'],
  message: 'Import another package by its name (and its ./testing or ./internal entry), never from its src/ or dist/.',
};
const forbid = (names, why) => names.map((name) => ({ name, message: why }));
const direction = (files, names, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { paths: forbid(names, why), patterns: [deepImports] }],
  },
});
const natsPackages = ['@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/kv', '@nats-io/obj', '@nats-io/nats-core'];
const tfPackages = ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'];
const ui = ['ink', 'react'];
const seqsweep = (...names) => names.map((n) => (n === 'cli' ? 'seqsweep' : `@seqsweep/${n}`));

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
  direction(['packages/core/src/**'], [...seqsweep('ml', 'transport-nats', 'coordinator', 'worker', 'report', 'tui', 'cli'), ...tfPackages, ...natsPackages, ...ui],
    'core is the bottom layer: zod and yaml only, no tfjs, no NATS client, no UI, no other seqsweep package.'),
  direction(['packages/ml/src/**'], [...seqsweep('transport-nats', 'coordinator', 'worker', 'report', 'tui', 'cli'), ...natsPackages, ...ui],
    'ml imports core and tfjs only.'),
  direction(['packages/transport-nats/src/**'], [...seqsweep('ml', 'coordinator', 'worker', 'report', 'tui', 'cli'), ...tfPackages, ...ui],
    'transport-nats imports core and the NATS client only.'),
  direction(['packages/coordinator/src/**'], [...seqsweep('ml', 'transport-nats', 'worker', 'report', 'tui', 'cli'), ...tfPackages, ...natsPackages, ...ui, 'vega', 'vega-lite'],
    'coordinator imports core only: it gets a Transport, and the cli draws the report.'),
  direction(['packages/worker/src/**'], [...seqsweep('transport-nats', 'coordinator', 'report', 'tui', 'cli'), ...natsPackages, ...ui],
    'worker imports core and ml only: it gets a Transport.'),
  direction(['packages/report/src/**'], [...seqsweep('transport-nats', 'coordinator', 'worker', 'tui', 'cli'), ...natsPackages, ...ui],
    'report imports core, ml and vega only.'),
  // Its tests run a real coordinator (a devDependency) to get a run directory to draw.
  direction(['packages/report/src/**/*.test.ts'], [...seqsweep('transport-nats', 'worker', 'tui', 'cli'), ...natsPackages, ...ui],
    'report imports core, ml and vega only (its tests also the coordinator).'),
  direction(['packages/tui/src/**', 'packages/tui/test-support/**'], [...seqsweep('ml', 'transport-nats', 'coordinator', 'worker', 'report', 'cli'), ...natsPackages, ...tfPackages],
    'tui reads sweep events through core only: no coordinator, worker, NATS or tfjs.'),
  direction(['packages/cli/src/**'], [...natsPackages, ...tfPackages],
    'cli only parses arguments and wires packages together (tfjs through ml, NATS through transport-nats).'),
);
