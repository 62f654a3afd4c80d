// Lint for the whole workspace. Beyond typescript-eslint's recommended rules it enforces the import direction of
// docs/development.md in two parts:
// - each package imports only what its package.json declares (npm workspaces hoist every dependency, so an
//   undeclared import would still resolve): the dependencies say which package may use which;
// - what the dependencies cannot say: core and insight never take tfjs, a NATS client or a UI as a dependency, tui never
//   takes tfjs, and nobody reaches into another package's src/ or dist/.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const readJson = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const rootDevDependencies = Object.keys(readJson('./package.json').devDependencies ?? {});
const manifests = new Map();
/** What files of `packages/<dir>` may import: its dependencies, and for its tests its devDependencies and the root's. */
function allowed(dir) {
  if (!manifests.has(dir)) {
    const m = readJson(`./packages/${dir}/package.json`);
    const runtime = [m.dependencies, m.optionalDependencies, m.peerDependencies].flatMap((d) => Object.keys(d ?? {}));
    manifests.set(dir, { name: m.name, runtime: new Set(runtime), tests: new Set([...runtime, ...Object.keys(m.devDependencies ?? {}), ...rootDevDependencies]) });
  }
  return manifests.get(dir);
}
const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
const isTestFile = (file) => /\.test\.tsx?$/.test(file) || /\/test-support\//.test(file);

const declaredDependencies = {
  meta: { type: 'problem', schema: [], messages: { undeclared: '{{name}} is not a dependency of {{pkg}}: declare it in packages/{{dir}}/package.json (where docs/development.md allows it) or reach it through a package that does.' } },
  create(context) {
    const file = context.filename.replaceAll('\\', '/');
    const dir = /\/packages\/([^/]+)\//.exec(file)?.[1];
    if (!dir) return {};
    const deps = allowed(dir);
    const check = (node) => {
      const specifier = node?.source?.value;
      if (typeof specifier !== 'string' || specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) return;
      const name = packageOf(specifier);
      if (name === deps.name || (isTestFile(file) ? deps.tests : deps.runtime).has(name)) return;
      context.report({ node: node.source, messageId: 'undeclared', data: { name, pkg: deps.name, dir } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const deepImports = {
  group: ['@seqsweep/*/src/*', '@seqsweep/*/dist/*', 'seqsweep/src/*', 'seqsweep/dist/*', '**/packages/*/src/**', '../../*/src/**'],
  message: 'Import another package by its name (and its ./testing or ./internal entry), never from its src/ or dist/.',
};
const forbid = (names, why) => names.map((name) => ({ name, message: why }));
const natsPackages = ['@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/kv', '@nats-io/obj', '@nats-io/nats-core'];
const tfPackages = ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'];
const restrict = (files, names, why) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: forbid(names, why), patterns: [deepImports] }] },
});

export default tseslint.config(
  // AssemblyScript sources (decorators on functions, its own types) are checked by asc, not typescript-eslint.
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', 'runs/**', '**/*.d.ts', 'packages/*/assembly/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { seqsweep: { rules: { 'declared-dependencies': declaredDependencies } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-imports': ['error', { patterns: [deepImports] }],
    },
  },
  { files: ['packages/*/src/**', 'packages/*/test-support/**'], rules: { 'seqsweep/declared-dependencies': 'error' } },
  restrict(['packages/core/src/**'], [...tfPackages, ...natsPackages, 'ink', 'react'],
    'core is the contract every process loads: zod and yaml only, never tfjs (ml), a NATS client (transport-nats) or a UI.'),
  restrict(['packages/insight/src/**', 'packages/insight/test-support/**'], [...tfPackages, ...natsPackages, 'ink', 'react'],
    'insight is core plus ml-random-forest: the coordinator, the TUI and the report all load it, so it takes no tfjs, NATS client or UI.'),
  restrict(['packages/tui/src/**', 'packages/tui/test-support/**'], tfPackages,
    'the TUI never trains: it reads sweep events through core.'),
  // The vitest configs read the deadline scale from its dependency-free source: a config loads before nx has built
  // anything, so it cannot rely on core's dist/.
  { files: ['vitest.package.ts', 'test/vitest.config.ts'], rules: { 'no-restricted-imports': 'off' } },
);
