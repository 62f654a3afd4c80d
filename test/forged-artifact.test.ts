/**
 * A hostile worker-role user against the coordinator's file system, over a real nats-server: it stores an object
 * and publishes a forged result for the sweep's final trial, before any worker, naming the object as an artifact
 * `../x` (and `../../../x`). The coordinator must refuse that result, nothing may appear outside the run
 * directory, and the sweep must still end: the forged message held the trial's result subject (results are first
 * come), so the coordinator clears it once the queue is empty and records the trial as failed.
 */
import { access, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { encodeMessage, expandGrid, parseSpec, pointId, trialId, type TrialResult } from '@seqsweep/core';
import { connectNats, type NatsTransport } from '@seqsweep/transport-nats';
import { natsServerAvailable, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { CliProcess } from './support/cli.js';
import { noopSpec, tempDir, writeSpec } from './support/spec.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';
const haveNats = natsServerAvailable();
if (!haveNats && !requireNats) {
  console.warn('\n*** nats-server not found: SKIPPING the forged artifact test (install nats-server, or set SEQSWEEP_REQUIRE_NATS=1 to make this a failure) ***\n');
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

describe.skipIf(!haveNats && !requireNats)('a forged final result naming its artifact ../x', () => {
  let server: NatsServerHandle;
  const running: CliProcess[] = [];

  beforeAll(async () => {
    if (!haveNats) throw new Error('nats-server is required here (CI=true or SEQSWEEP_REQUIRE_NATS=1) but was not found');
    server = await startNatsServer();
  });
  afterEach(() => {
    for (const p of running.splice(0)) p.kill('SIGKILL');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is refused, and no file appears outside the run directory', async () => {
    const dir = await tempDir('forged-artifact');
    // One grid point, so the final trial (and its id) is known before the sweep starts.
    const spec = { ...noopSpec('forged', 5), grid: { learningRate: [0.1] }, stages: { filter: { folds: 2, epochs: 1, keep: 1 }, evaluate: { folds: 2, epochs: 1 } } };
    const out = join(dir, 'runs');
    const c = ['--nats', server.url, '--prefix', 'forged'];
    // A short lease, so the coordinator looks for trials without a result every 2 s.
    const run = new CliProcess(['run', await writeSpec(dir, spec), ...c, '--out', out, '--no-tui', '--ack-wait', '2000']);
    running.push(run);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;

    const parsed = parseSpec(spec);
    const params = expandGrid(parsed.grid)[0]!;
    const finalId = trialId({ sweepId, stage: 'final', params, fold: -1, seed: parsed.seed });
    const attacker: NatsTransport = await connectNats({ servers: server.url, prefix: 'forged' });
    const stored = { name: 'models/forged', digest: (await attacker.putObject('models/forged', new TextEncoder().encode('pwned'), { store: 'models' })).digest };
    await attacker.close();
    const forged: TrialResult = {
      sweepId, trialId: finalId, pointId: pointId(params), stage: 'final', params, fold: -1, status: 'completed',
      metrics: { valLoss: 0, testLoss: 0 }, history: [{ valLoss: 0 }], bestEpoch: 0, worker: 'attacker', attempts: 1, durationMs: 1,
      backend: 'none', finishedAt: new Date().toISOString(), artifacts: { '../x': stored, '../../../x': stored },
    };
    // Published raw, as a hostile client would: seqsweep's own transport checks what it sends.
    const nc = await connect({ servers: server.url });
    await jetstream(nc).publish(`forged.results.${sweepId}.${finalId}`, encodeMessage(forged));
    await nc.close();

    const worker = new CliProcess(['worker', ...c], { env: { TMPDIR: join(dir, 'tmp') } });
    running.push(worker);
    // Refused: the run reports the forged result as invalid, and the real one is dropped as a duplicate.
    await run.waitForLine(new RegExp(`rejected a message on forged\\.results\\.${sweepId}\\.${finalId}: .*artifacts`), 120_000);
    await worker.waitForLine(new RegExp(`${finalId}: its result was dropped as a duplicate`), 120_000);
    expect(await run.exit(120_000), run.output).toBe(0);
    expect(run.output).toMatch(new RegExp(`cleared the result subject of trial "${finalId}"`));
    const sweepDir = join(out, sweepId);
    expect(await exists(join(sweepDir, 'x')), 'best/../x').toBe(false);
    expect(await exists(join(dir, 'x')), 'best/../../../x').toBe(false);
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => !e.isDirectory())
      .map((e) => relative(dir, join(e.parentPath, e.name)));
    expect(files.filter((f) => !/^(spec\.yaml|tmp\/.*|runs\/[^/]+\/(results\.json|trials\.csv|report\.html))$/.test(f))).toEqual([]);
    const results = JSON.parse(await readFile(join(sweepDir, 'results.json'), 'utf8')) as { status: string; best: unknown; trials: { id: string; status: string; error?: string }[] };
    expect(results.status).toBe('completed');
    expect(results.best).toBeNull();
    expect(results.trials.find((t) => t.id === finalId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/no valid result of the plan/) });
  });
});
