/**
 * Which packages each command loads, observed in the built command through a module resolve hook (not timed).
 * `--help`, `plan`, `status` and `watch` must never load the coordinator, the worker, vega or tfjs.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestChild } from '../test-support/child.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const HOOK = fileURLToPath(new URL('../test-support/record-imports.mjs', import.meta.url));
const TOY = fileURLToPath(new URL('../../../examples/toy.yaml', import.meta.url));
const CUSTOM = fileURLToPath(new URL('../../../examples/custom/weather-conv.yaml', import.meta.url));
/** Nothing listens on port 1: `status` and `watch` load what they need, then fail to connect (exit 1). */
const NOWHERE = 'nats://127.0.0.1:1';

interface Import { readonly url: string; readonly parent: string | null; readonly pid: number }

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-imports-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let runs = 0;
const children: TestChild[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.stop();
});
/** Runs the built command with the hook and returns its exit code and every module it resolved. */
async function imports(args: readonly string[]): Promise<{ code: number | null; loaded: Import[] }> {
  const log = join(dir, `imports-${++runs}.jsonl`);
  const child = new TestChild(['--import', HOOK, MAIN, ...args], { env: { ...process.env, SEQSWEEP_IMPORT_LOG: log, NATS_URL: '' } });
  children.push(child);
  const code = await child.exit(60_000);
  const stderr = child.stderr;
  const text = await readFile(log, 'utf8').catch(() => '');
  if (text === '') throw new Error(`the hook recorded nothing (exit ${code}): ${stderr}`);
  return { code, loaded: text.trim().split('\n').map((l) => JSON.parse(l) as Import) };
}

const ofPackage = (loaded: readonly Import[], pattern: RegExp): Import[] => loaded.filter((i) => pattern.test(i.url));
const COORDINATOR = /\/packages\/coordinator\/|\/node_modules\/@seqsweep\/coordinator\//;
const WORKER = /\/packages\/worker\/|\/node_modules\/@seqsweep\/worker\//;
const TUI = /\/packages\/tui\/|\/node_modules\/@seqsweep\/tui\//;
const VEGA = /\/node_modules\/vega/;
const TFJS = /\/node_modules\/@tensorflow\//;
const CORE = /\/packages\/core\/|\/node_modules\/@seqsweep\/core\//;

/**
 * Until the package split, core itself depends on tfjs; after it, nothing a light command loads may reach tfjs.
 * Either way no cli or tui module may import it, and only core may be the way in.
 */
const coreCarriesTfjs = async (): Promise<boolean> => {
  const pkg = JSON.parse(await readFile(new URL('../../core/package.json', import.meta.url), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(pkg.dependencies ?? {}).some((d) => d.startsWith('@tensorflow/'));
};

async function expectNoTfjs(loaded: readonly Import[]): Promise<void> {
  const tf = ofPackage(loaded, TFJS);
  if (!(await coreCarriesTfjs())) {
    expect(tf.map((i) => i.url)).toEqual([]);
    return;
  }
  const strays = tf.filter((i) => i.parent !== null && !CORE.test(i.parent) && !TFJS.test(i.parent));
  expect(strays).toEqual([]);
}

describe('each command loads only what it needs', () => {
  it('--help and a usage error load no seqsweep package and no library at all', async () => {
    for (const args of [['--help'], ['plan', '--help'], ['run', '--help'], ['bogus']]) {
      const { code, loaded } = await imports(args);
      expect(code, args.join(' ')).toBe(args[0] === 'bogus' ? 2 : 0);
      const packages = loaded.filter((i) => /\/node_modules\//.test(i.url) || /\/packages\/(?!cli\/)/.test(i.url));
      expect(packages.map((i) => i.url), args.join(' ')).toEqual([]);
    }
  });

  it('plan loads core only: no coordinator, worker, TUI, vega or tfjs', async () => {
    const { code, loaded } = await imports(['plan', TOY]);
    expect(code).toBe(0);
    expect(ofPackage(loaded, CORE).length).toBeGreaterThan(0);
    for (const p of [COORDINATOR, WORKER, TUI, VEGA]) expect(ofPackage(loaded, p).map((i) => i.url)).toEqual([]);
    await expectNoTfjs(loaded);
  });

  it('plan checks a spec\'s own modules without tfjs: it imports them and @seqsweep/ml/define, nothing that trains', async () => {
    const { code, loaded } = await imports(['plan', CUSTOM]);
    expect(code).toBe(0);
    expect(loaded.some((i) => i.url.endsWith('/examples/custom/models/conv1d-classifier.mjs'))).toBe(true);
    expect(loaded.some((i) => /\/packages\/ml\/dist\/define\.js$|\/@seqsweep\/ml\/dist\/define\.js$/.test(i.url))).toBe(true);
    for (const p of [COORDINATOR, WORKER, TUI]) expect(ofPackage(loaded, p).map((i) => i.url)).toEqual([]);
    await expectNoTfjs(loaded);
  });

  it('status and watch load no coordinator, worker, vega or tfjs (watch loads the TUI)', async () => {
    for (const command of ['status', 'watch']) {
      const { code, loaded } = await imports([command, '--nats', NOWHERE]);
      expect(code, command).toBe(1);
      for (const p of [COORDINATOR, WORKER, VEGA]) expect(ofPackage(loaded, p).map((i) => i.url), command).toEqual([]);
      expect(ofPackage(loaded, TUI).length > 0, command).toBe(command === 'watch');
      await expectNoTfjs(loaded);
    }
  });

  it('run --no-tui in memory loads no Ink, React or NATS client: its local workers start without waiting for them', async () => {
    const spec = join(dir, 'noop.json');
    await writeFile(spec, JSON.stringify({ name: 'lazy', task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1] }, stages: { filter: { folds: 2 } } }));
    const { code, loaded } = await imports(['run', spec, '--workers', '1', '--no-tui', '--out', join(dir, 'runs')]);
    expect(code).toBe(0);
    // The forked worker logs to the same file (it inherits the hook); the command is the first process to log.
    const cli = loaded.filter((i) => i.pid === loaded[0]!.pid);
    expect(cli.length).toBeLessThan(loaded.length);
    for (const p of [/\/node_modules\/(ink|react|react-reconciler|yoga-layout)\//, /\/node_modules\/@nats-io\//, /\/packages\/tui\/dist\/index\.js$|\/@seqsweep\/tui\/dist\/index\.js$/]) {
      expect(ofPackage(cli, p).map((i) => i.url), String(p)).toEqual([]);
    }
    // The progress lines come from the TUI package's plain entry, and report.html still gets drawn (vega, loaded late).
    expect(ofPackage(cli, TUI).length).toBeGreaterThan(0);
    expect(ofPackage(cli, VEGA).length).toBeGreaterThan(0);
  });

  it('run does load the coordinator (the hook sees packages when they are loaded)', async () => {
    const { code, loaded } = await imports(['run', join(dir, 'missing.yaml')]);
    expect(code).toBe(2);
    expect(ofPackage(loaded, COORDINATOR).length).toBeGreaterThan(0);
  });
});
