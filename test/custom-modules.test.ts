/**
 * Users' own tasks and models (`task: { module: ... }`, `model: { module: ... }`): the examples in
 * examples/custom run in the embedded default; over NATS the coordinator ships the modules by digest to two
 * workers that accept code while one that does not leaves the sweep alone and keeps serving others; a module whose
 * stored bytes no longer match their digest is refused; a module that throws fails each trial once.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats } from '@seqsweep/transport-nats';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { CliProcess, runCli } from './support/cli.js';
import { noopSpec, readResults, tempDir, writeSpec } from './support/spec.js';

const CUSTOM = fileURLToPath(new URL('../examples/custom/', import.meta.url));
const WEATHER = join(CUSTOM, 'tasks', 'seattle-weather.mjs');
const GRU = join(CUSTOM, 'models', 'gru-ae.mjs');
const CONV = join(CUSTOM, 'models', 'conv1d-classifier.mjs');
// A module written by a test lives in a temporary folder, where `zod` does not resolve: it imports it by URL.
const ZOD = import.meta.resolve('zod');

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

const sweepIdOf = async (p: CliProcess): Promise<string> => (await p.waitForLine(/^sweep \S+$/)).split(' ')[1]!;

/** A small sweep of the weather task module with a model module: 2 points, 2 folds, 1 survivor. */
function customSpec(name: string, model: Record<string, unknown>, grid: Record<string, unknown[]>): Record<string, unknown> {
  return {
    name, seed: 5,
    task: { module: WEATHER, window: 7, stride: 8 },
    model,
    train: { epochs: 1, batchSize: 32, learningRate: 0.01 },
    grid,
    stages: { filter: { folds: 2, epochs: 1, keep: 1 }, evaluate: { folds: 2, epochs: 1 } },
  };
}

describe('custom modules in the embedded default', () => {
  it('sweeps the examples/custom task and model modules with CV, racing and the report, recording each module\'s digest', async () => {
    const out = await tempDir('custom-examples');
    const plan = await runCli(['plan', join(CUSTOM, 'weather-conv.yaml'), '--json']);
    expect(plan.code).toBe(0);
    const planned = JSON.parse(plan.stdout.join('\n')) as { code: { task: { digest: string }; model: { digest: string } }; task: string; model: string };
    expect([planned.task, planned.model]).toEqual(['seattle-weather', 'conv1d-classifier']);
    const run = await runCli(['run', join(CUSTOM, 'weather-conv.yaml'), '--epochs', '1', '--workers', '2', '--no-tui', '--out', out], { timeoutMs: 300_000 });
    expect(run.code, run.output).toBe(0);
    const sweepId = run.stdout[0]!.split(' ')[1]!;
    const results = await readResults(out, sweepId);
    expect(results.status).toBe('completed');
    expect(results.trials.every((t) => t.status !== 'failed')).toBe(true);
    // The digests plan printed are the ones the run shipped and recorded.
    expect([results.code?.task?.digest, results.code?.model?.digest]).toEqual([planned.code.task.digest, planned.code.model.digest]);
    expect(Object.keys(results.code!.task!.files).sort()).toEqual(['lib/weather-rows.mjs', 'seattle-weather.mjs']);
    expect(results.best?.test.testAccuracy).toBeTypeOf('number');
    expect(results.spec.stages.filter.race).toBeDefined();
    // The report keeps its generic sections and adds the task module's own, drawn from the best model.
    const html = await readFile(join(out, sweepId, 'report.html'), 'utf8');
    expect(html).toContain('Leaderboard');
    expect(html).toContain('forecasts of the test days');
    expect(html).toMatch(/\d+ of \d+ test days forecast right/);
    // Drawn again from the run folder alone, the report runs none of the code its results.json names.
    const again = await runCli(['report', join(out, sweepId)], { timeoutMs: 120_000 });
    expect(again.code, again.output).toBe(0);
    const redrawn = await readFile(join(out, sweepId, 'report.html'), 'utf8');
    expect(redrawn).not.toContain('test days forecast right');
    expect(redrawn).toContain('seqsweep report does not run the code of task module');
    expect(redrawn).toContain('Leaderboard');
  }, 360_000);

  it('runs the GRU autoencoder module, sweeping its options (fused LSTM decoder included)', async () => {
    const dir = await tempDir('custom-gru');
    const out = join(dir, 'runs');
    const spec = await writeSpec(dir, customSpec('custom-gru', { module: GRU, hiddenSize: 4 }, { decoder: ['gru', 'lstm'] }));
    const run = await runCli(['run', spec, '--workers', '2', '--no-tui', '--out', out], { timeoutMs: 300_000 });
    expect(run.code, run.output).toBe(0);
    const results = await readResults(out, run.stdout[0]!.split(' ')[1]!);
    expect(results.status).toBe('completed');
    expect(new Set(results.trials.filter((t) => t.stage === 'filter').map((t) => t.params.decoder))).toEqual(new Set(['gru', 'lstm']));
    expect(results.trials.every((t) => t.status === 'completed')).toBe(true);
  }, 360_000);

  it('fails each trial of a module that throws once, with one sentence naming the module, and the workers survive', async () => {
    const dir = await tempDir('custom-throws');
    const module = join(dir, 'boom.mjs');
    await writeFile(module, `import { z } from '${ZOD}';
export default { component: 'model', name: 'boom', description: 'throws', head: 'none', kinds: ['reconstruction'],
  options: z.strictObject({ width: z.number().default(2) }),
  build: () => { throw new RangeError('width 2 is too narrow for this model'); } };
`);
    const spec = await writeSpec(dir, {
      name: 'custom-throws', task: { name: 'toy', samples: 40, length: 6 }, model: { module: './boom.mjs' },
      grid: { width: [2, 3] }, stages: { filter: { folds: 2, epochs: 1, keep: 1 }, evaluate: { folds: 2, epochs: 1 } },
    });
    const run = await runCli(['run', spec, '--workers', '1', '--no-tui', '--out', join(dir, 'runs'), '--max-deliver', '3'], { timeoutMs: 120_000 });
    const results = await readResults(join(dir, 'runs'), run.stdout[0]!.split(' ')[1]!);
    const filter = results.trials.filter((t) => t.stage === 'filter');
    expect(filter).toHaveLength(4);
    for (const t of filter) {
      expect(t.status).toBe('failed');
      expect(t.attempts).toBe(1);
      expect(t.error).toBe(`module ${module} failed to build its model: width 2 is too narrow for this model`);
    }
    // One worker took every trial: it did not die with the first.
    expect(new Set(filter.map((t) => t.worker)).size).toBe(1);
    expect(run.output).not.toMatch(/\n\s+at /);
  }, 180_000);

  it('resumes a sweep with modules from its results.json, and refuses once a module\'s bytes changed since it started', async () => {
    const dir = await tempDir('custom-resume');
    const out = join(dir, 'runs');
    const module = join(dir, 'tiny.mjs');
    await writeFile(module, `import { z } from '${ZOD}';
export default { component: 'model', name: 'tiny', description: 'a dense autoencoder', head: 'none', kinds: ['reconstruction'],
  options: z.strictObject({ units: z.number().int().positive().default(3) }),
  build: ({ tf, input, options, shape, glorot }) => tf.layers.dense({ units: shape.features, kernelInitializer: glorot() })
    .apply(tf.layers.dense({ units: options.units, activation: 'tanh', kernelInitializer: glorot() }).apply(input)) };
`);
    const spec = await writeSpec(dir, {
      ...noopSpec('custom-resume', 1), model: { module: './tiny.mjs' }, grid: { units: [2, 3] },
      stages: { filter: { folds: 2, epochs: 1, keep: 1 }, evaluate: { folds: 2, epochs: 1 } },
    });
    const first = await runCli(['run', spec, '--workers', '1', '--no-tui', '--out', out], { timeoutMs: 120_000 });
    expect(first.code, first.output).toBe(0);
    const sweepId = first.stdout[0]!.split(' ')[1]!;
    const file = join(out, sweepId, 'results.json');
    const done = await readResults(out, sweepId);
    // The run as it stood before its final trial: what a run cut off there leaves behind.
    const cut = { ...done, status: 'running', stage: 'evaluate', trials: done.trials.filter((t) => t.stage !== 'final'), best: null };
    await writeFile(file, JSON.stringify(cut));
    const resumed = await runCli(['resume', sweepId, '--out', out, '--workers', '1', '--no-tui'], { cwd: dir, timeoutMs: 120_000 });
    expect(resumed.code, resumed.output).toBe(0);
    const after = await readResults(out, sweepId);
    expect(after.status).toBe('completed');
    expect(after.trials.filter((t) => t.stage === 'final')).toHaveLength(1);
    expect(after.code?.model?.digest).toBe(done.code?.model?.digest);
    // Changed since the sweep started: resuming would run other code than its finished trials ran.
    await writeFile(file, JSON.stringify(cut));
    await writeFile(module, (await readFile(module, 'utf8')).replace("'tanh'", "'relu'"));
    const refused = await runCli(['resume', sweepId, '--out', out, '--workers', '1', '--no-tui'], { cwd: dir, timeoutMs: 60_000 });
    expect(refused.code).toBe(2);
    expect(refused.stderr[0]).toBe(
      `seqsweep: module ${module} has changed since sweep ${sweepId} started (${module} differs from the copy whose digest results.json records), ` +
      'so resuming would run other code than its finished trials ran; restore the module, or run the spec again',
    );
  }, 300_000);
});

describeNats(requireNats, { describe, it })('custom modules over NATS', () => {
  let server: NatsServerHandle;
  let out: string;

  beforeAll(async () => {
    server = await startNatsServer();
    out = await tempDir('custom-nats-out');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('ships the modules to two workers that accept code (a coordinator killed mid-stage resumes), while one without --allow-code leaves the sweep and serves another', async () => {
    const c = ['--nats', server.url, '--prefix', 'custom'];
    const plain = new CliProcess(['worker', ...c]);
    const allowed = [new CliProcess(['worker', ...c, '--allow-code']), new CliProcess(['worker', ...c, '--allow-code'])];
    await Promise.all([plain, ...allowed].map((w) => w.waitForLine(/^worker \S+ ready on /)));
    const dir = await tempDir('custom-nats');
    const spec = await writeSpec(dir, customSpec('custom-nats', { module: CONV, filters: 4 }, { kernelSize: [1, 3], learningRate: [0.01, 0.02] }));
    const run = new CliProcess(['run', spec, ...c, '--out', out, '--no-tui']);
    const sweepId = await sweepIdOf(run);
    // On a timeout, the coordinator's and the other workers' output too: a failure seen once under the full suite's
    // load printed only the plain worker's ready line.
    const refusal = await plain.waitForLine(/runs code from its spec/).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- run:\n${run.output}\n--- workers with --allow-code:\n${allowed.map((w) => w.output).join('\n')}`);
    });
    expect(refusal).toMatch(new RegExp(`^sweep ${sweepId} runs code from its spec \\(module seattle-weather\\.mjs \\([0-9a-f]{12}\\) and conv1d-classifier\\.mjs \\([0-9a-f]{12}\\)\\); this worker leaves its trials to other workers: start it with --allow-code`));
    // The coordinator dies after stage one's first result; `resume` reads the modules' digests from the sweep
    // record and goes on with the same workers, which keep what they cached.
    await run.waitForLine(/\] filter 1\//, 240_000);
    run.kill('SIGKILL');
    await run.exit(30_000);
    const resumed = new CliProcess(['resume', sweepId, ...c, '--out', out, '--no-tui']);
    expect(await resumed.exit(240_000), resumed.output).toBe(0);
    const results = await readResults(out, sweepId);
    expect(results.status).toBe('completed');
    expect(results.trials.every((t) => t.status === 'completed')).toBe(true);
    // Every trial ran once, on the workers that accept code (which of the two takes how many is the scheduler's
    // business: on a loaded machine one can drain a small sweep before the other pulls).
    expect(results.trials.every((t) => t.attempts === 1)).toBe(true);
    const idOf = async (w: CliProcess): Promise<string> => (await w.waitForLine(/^worker \S+ ready on /)).split(' ')[1]!;
    const plainId = await idOf(plain);
    const allowedIds = await Promise.all(allowed.map(idOf));
    expect(results.trials.some((t) => t.worker === plainId)).toBe(false);
    expect(results.trials.every((t) => allowedIds.includes(t.worker))).toBe(true);
    expect(results.code?.model?.entry).toBe('conv1d-classifier.mjs');
    // status says which workers run code.
    const status = await runCli(['status', ...c, '--listen', '4000', '--json']);
    const workers = (JSON.parse(status.stdout.join('\n')) as { workers: Array<{ workerId: string; code: string }> }).workers;
    expect(workers.find((w) => w.workerId === plainId)?.code).toBe('none');
    expect(workers.filter((w) => w.code === 'all')).toHaveLength(2);
    // Still serving: a sweep without code runs on it too (the others are stopped first, so it must).
    for (const w of allowed) w.kill('SIGTERM');
    await Promise.all(allowed.map((w) => w.exit(30_000)));
    const noop = new CliProcess(['run', await writeSpec(dir, noopSpec('custom-after', 1), 'noop.yaml'), ...c, '--out', out, '--no-tui']);
    const noopId = await sweepIdOf(noop);
    expect(await noop.exit(120_000)).toBe(0);
    const after = await readResults(out, noopId);
    expect(after.trials.every((t) => t.worker === plainId && t.status === 'completed')).toBe(true);
    plain.kill('SIGTERM');
    await plain.exit(30_000);
  }, 420_000);

  it('refuses a module whose stored bytes no longer match the digest the sweep record names, once per trial', async () => {
    const c = ['--nats', server.url, '--prefix', 'customdigest'];
    const dir = await tempDir('custom-digest');
    // A module of its own (its folder's name in it): a copy cached by an earlier sweep would be used without a fetch.
    const module = join(dir, 'net.mjs');
    await writeFile(module, `// ${dir}\n${(await readFile(GRU, 'utf8')).replace("from 'zod'", `from '${ZOD}'`).replace(/import \{ defineModel \}.*\n/, '').replace('defineModel({', '({ component: "model",')}`);
    const spec = await writeSpec(dir, customSpec('custom-digest', { module: './net.mjs', hiddenSize: 2 }, { hiddenSize: [2, 3] }));
    const run = new CliProcess(['run', spec, ...c, '--out', out, '--no-tui']);
    const sweepId = await sweepIdOf(run);
    // The sweep is published: replace the model's stored file, as anyone who may write the object store could.
    const attacker = await connectNats({ servers: server.url, prefix: 'customdigest' });
    try {
      const record = await attacker.getSweep(sweepId);
      const stored = record!.codeRefs!.model!.files['net.mjs']!;
      await attacker.putObject(stored.name, new TextEncoder().encode('export default { component: "model" }; // replaced'));
    } finally {
      await attacker.close();
    }
    const worker = new CliProcess(['worker', ...c, '--allow-code']);
    expect(await run.exit(240_000)).toBe(0);
    worker.kill('SIGTERM');
    await worker.exit(30_000);
    const results = await readResults(out, sweepId);
    const filter = results.trials.filter((t) => t.stage === 'filter');
    expect(filter).toHaveLength(4);
    for (const t of filter) {
      expect([t.status, t.attempts]).toEqual(['failed', 1]);
      expect(t.error).toMatch(new RegExp(`^module ${module} was refused: its file net\\.mjs in the object store does not match the digest the sweep record names`));
    }
  }, 300_000);
});
