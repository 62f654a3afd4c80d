/**
 * A hostile worker-role user against the coordinator's file system, over a real nats-server: it stores an object
 * and publishes a forged result for the sweep's final trial, before any worker, naming the object as an artifact
 * `../x` (and `../../../x`). The coordinator must refuse that result, and nothing may appear outside the run
 * directory, whatever becomes of the sweep.
 */
import { access, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { connectNats, encodeMessage, expandGrid, parseSpec, pointId, trialId, type NatsTransport, type TrialResult } from '@seqsweep/core';
import { natsServerAvailable, startNatsServer, type NatsServerHandle } from '@seqsweep/core/testing';
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
    const run = new CliProcess(['run', await writeSpec(dir, spec), ...c, '--out', out, '--no-tui']);
    running.push(run);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;

    const parsed = parseSpec(spec);
    const params = expandGrid(parsed.grid)[0]!;
    const finalId = trialId({ sweepId, stage: 'final', params, fold: -1, seed: parsed.seed });
    const attacker: NatsTransport = await connectNats({ servers: server.url, prefix: 'forged' });
    const stored = { name: 'models/forged', digest: (await attacker.putObject('models/forged', new TextEncoder().encode('pwned'))).digest };
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
    // Refused: the run reports the forged result as invalid. The stream keeps it first for the trial's subject, so
    // the real result is dropped as a duplicate (docs/security.md, first-come results) and the sweep waits for that
    // trial; the test stops the run there. Before the fix the run took the forged result, wrote best/ and ended.
    const refused = Promise.all([
      run.waitForLine(new RegExp(`rejected a message on forged\\.results\\.${sweepId}\\.${finalId}: .*artifacts`), 120_000),
      worker.waitForLine(new RegExp(`${finalId}: its result was dropped as a duplicate`), 120_000),
    ]);
    const ended = run.exited.then(() => 'ended' as const);
    const first = await Promise.race([refused.then(() => 'refused' as const), ended]);
    run.kill('SIGTERM');
    await run.exit(60_000);

    const sweepDir = join(out, sweepId);
    expect(await exists(join(sweepDir, 'x')), 'best/../x').toBe(false);
    expect(await exists(join(dir, 'x')), 'best/../../../x').toBe(false);
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => !e.isDirectory())
      .map((e) => relative(dir, join(e.parentPath, e.name)));
    expect(files.filter((f) => !/^(spec\.yaml|tmp\/.*|runs\/[^/]+\/(results\.json|trials\.csv|report\.html|best\/[^/]+))$/.test(f))).toEqual([]);
    expect(first, run.output).toBe('refused');
  });
});
