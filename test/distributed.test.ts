/**
 * The distributed acceptance tests: coordinator and worker processes over a real nats-server started on a random
 * port with a temporary store, and the same sweep in the embedded default with no server at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { connect } from '@nats-io/transport-node';
import { startNatsServer, natsServerAvailable, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { CliProcess, runCli } from './support/cli.js';
import { tempDir, writeSpec, readResults, tinyToySpec, noopSpec, type ResultsFile } from './support/spec.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';
const haveNats = natsServerAvailable();
if (!haveNats && !requireNats) {
  console.warn('\n*** nats-server not found: SKIPPING the NATS end-to-end tests (install nats-server, or set SEQSWEEP_REQUIRE_NATS=1 to make this a failure) ***\n');
}

/** Every trial of a stage appears exactly once. */
function expectEachOnce(results: ResultsFile): void {
  const ids = results.trials.map((t) => t.id);
  expect(new Set(ids).size).toBe(ids.length);
}

const sweepIdOf = async (p: CliProcess): Promise<string> => (await p.waitForLine(/^sweep \S+$/)).split(' ')[1]!;

describe.skipIf(!haveNats && !requireNats)('sweeps over NATS JetStream', () => {
  let server: NatsServerHandle;
  let out: string;
  const prefixes = new Set<string>();
  const conn = (prefix: string): string[] => {
    prefixes.add(prefix);
    return ['--nats', server.url, '--prefix', prefix];
  };

  beforeAll(async () => {
    if (!haveNats) throw new Error('nats-server is required here (CI=true or SEQSWEEP_REQUIRE_NATS=1) but was not found on PATH or at /usr/sbin/nats-server');
    server = await startNatsServer();
    out = await tempDir('e2e-out');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a coordinator and two worker processes finish a toy sweep, each trial once, with a tested best point', async () => {
    const dir = await tempDir('two-workers');
    const spec = await writeSpec(dir, tinyToySpec('two-workers'));
    const c = conn('twow');
    const workers = [new CliProcess(['worker', ...c]), new CliProcess(['worker', ...c])];
    // Both pulling before the first trial is queued: a worker slow to start on a busy machine would otherwise
    // find every trial taken, and the sweep would pass with one worker.
    await Promise.all(workers.map((w) => w.waitForLine(/^worker \S+ ready on /)));
    const run = new CliProcess(['run', spec, ...c, '--out', out, '--no-tui']);
    const sweepId = await sweepIdOf(run);
    expect(run.stdout[0]).toBe(`sweep ${sweepId}`);
    expect(await run.exit(180_000)).toBe(0);
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exit(20_000)));
    const results = await readResults(out, sweepId);
    expectEachOnce(results);
    expect(results.trials.filter((t) => t.stage === 'filter')).toHaveLength(8);
    expect(results.trials.filter((t) => t.stage === 'evaluate')).toHaveLength(6);
    expect(results.trials.filter((t) => t.stage === 'final')).toHaveLength(1);
    // Every trial on one of the two workers. Which takes how many is the scheduler's business: with the native
    // kernel and warm models a tiny toy trial takes tens of ms, and on a loaded machine one worker can drain the
    // sweep before the other's next look at the sweeps bucket (seen once in a fresh clone's full run).
    const ids = await Promise.all(workers.map(async (w) => (await w.waitForLine(/^worker \S+ ready on /)).split(' ')[1]!));
    expect(results.trials.every((t) => ids.includes(t.worker))).toBe(true);
    expect(results.best?.test.testLoss).toBeTypeOf('number');
    expect(results.status).toBe('completed');
  });

  it('a worker killed mid-trial loses nothing: the trial is redelivered, completed once', async () => {
    const dir = await tempDir('kill-worker');
    const spec = await writeSpec(dir, noopSpec('kill-worker', 500));
    const c = conn('killw');
    const victim = new CliProcess(['worker', ...c]);
    const run = new CliProcess(['run', spec, ...c, '--out', out, '--no-tui', '--ack-wait', '1500']);
    const sweepId = await sweepIdOf(run);
    await victim.waitForLine(/ready/);
    const nc = await connect({ servers: server.url });
    const training = new Promise<string>((resolve) => {
      const sub = nc.subscribe('killw.workers', {
        callback: (_e, m) => {
          const hb = m.json<{ state: string; trialId?: string }>();
          if (hb.state === 'training' && hb.trialId) {
            sub.unsubscribe();
            resolve(hb.trialId);
          }
        },
      });
    });
    const killedTrial = await training;
    victim.kill('SIGKILL');
    await victim.exited;
    await nc.close();
    const rescuer = new CliProcess(['worker', ...c]);
    expect(await run.exit(120_000)).toBe(0);
    rescuer.kill('SIGTERM');
    await rescuer.exit(20_000);
    const results = await readResults(out, sweepId);
    expectEachOnce(results);
    const t = results.trials.find((x) => x.id === killedTrial);
    expect(t?.status).toBe('completed');
    expect(t?.attempts).toBeGreaterThanOrEqual(2);
    expect(results.trials.every((x) => x.status === 'completed')).toBe(true);
  });

  it('a coordinator killed in stage one is resumed without re-running any completed trial', async () => {
    const dir = await tempDir('kill-coord');
    const spec = await writeSpec(dir, noopSpec('kill-coord', 300));
    const c = conn('killc');
    const worker = new CliProcess(['worker', ...c]);
    const first = new CliProcess(['run', spec, ...c, '--out', out, '--no-tui']);
    const sweepId = await sweepIdOf(first);
    await first.waitForLine(/filter 3\/12/);
    first.kill('SIGKILL');
    await first.exited;
    const resumed = await runCli(['resume', sweepId, ...c, '--out', out], { timeoutMs: 120_000 });
    expect(resumed.code, resumed.output).toBe(0);
    worker.kill('SIGTERM');
    await worker.exit(20_000);
    const results = await readResults(out, sweepId);
    expectEachOnce(results);
    expect(results.trials).toHaveLength(12 + 4 + 1);
    // Each training run logs one completion line: no trial id may appear twice.
    const runs = worker.stderr.filter((l) => / completed in /.test(l)).map((l) => l.split(' ')[0]);
    expect(runs.length).toBe(17);
    expect(new Set(runs).size).toBe(runs.length);
  });

  it('a poison trial ends as failed after max_deliver and the sweep still completes (worker --concurrency 2)', async () => {
    const dir = await tempDir('poison');
    const spec = await writeSpec(dir, noopSpec('poison', 20, { failWhen: { learningRate: 0.1, hiddenSize: 8 } }));
    const c = conn('poison');
    const worker = new CliProcess(['worker', ...c, '--concurrency', '2']);
    // Both child workers pulling before the sweep starts, or a slow one could find nothing left to do.
    await worker.waitForLines(/^worker \S+ ready on /, 2);
    const run = await runCli(['run', spec, ...c, '--out', out, '--no-tui', '--max-deliver', '2'], { timeoutMs: 120_000 });
    expect(run.code, run.output).toBe(0);
    worker.kill('SIGTERM');
    expect(await worker.exit(20_000)).toBe(0);
    const sweepId = run.stdout[0]!.split(' ')[1]!;
    const results = await readResults(out, sweepId);
    // Two worker processes under one supervisor, each with its own id.
    expect(new Set(results.trials.filter((t) => t.worker !== 'coordinator').map((t) => t.worker)).size).toBe(2);
    const failed = results.trials.filter((t) => t.status === 'failed');
    expect(failed).toHaveLength(2);
    for (const f of failed) {
      expect(f.params).toEqual({ learningRate: 0.1, hiddenSize: 8 });
      expect(f.attempts).toBe(2);
      expect(f.error).toMatch(/fails by design/);
    }
    expect(results.status).toBe('completed');
    expect(results.best).not.toBeNull();
  });

  it('garbage on the trial subject is rejected and logged; no worker crashes', async () => {
    const dir = await tempDir('garbage');
    const spec = await writeSpec(dir, noopSpec('garbage', 50));
    const c = conn('garb');
    const worker = new CliProcess(['worker', ...c]);
    const run = new CliProcess(['run', spec, ...c, '--out', out, '--no-tui']);
    const sweepId = await sweepIdOf(run);
    const nc = await connect({ servers: server.url });
    nc.publish(`garb.trials.${sweepId}`, 'this is not a trial');
    nc.publish(`garb.trials.${sweepId}`, JSON.stringify({ sweepId, trialId: 'forged', extra: true }));
    await nc.flush();
    await nc.close();
    expect(await run.exit(120_000)).toBe(0);
    await worker.waitForLine(/rejected a message on garb\.trials/);
    expect(worker.child.exitCode).toBeNull();
    worker.kill('SIGTERM');
    expect(await worker.exit(20_000)).toBe(0);
    const results = await readResults(out, sweepId);
    expectEachOnce(results);
    expect(results.trials).toHaveLength(12 + 4 + 1);
  });
});

describe('the embedded default', () => {
  it('runs the same toy sweep with no server at all', async () => {
    const dir = await tempDir('embedded');
    const out = await tempDir('embedded-out');
    const spec = await writeSpec(dir, tinyToySpec('embedded'));
    const run = await runCli(['run', spec, '--workers', '2', '--out', out, '--no-tui'], { timeoutMs: 180_000 });
    expect(run.code, run.output).toBe(0);
    const sweepId = run.stdout[0]!.split(' ')[1]!;
    const results = await readResults(out, sweepId);
    expectEachOnce(results);
    expect(results.trials).toHaveLength(8 + 6 + 1);
    expect(results.best?.test.testLoss).toBeTypeOf('number');
  });

  it('replaces a local worker killed mid-sweep, and loses or repeats no trial', async () => {
    const dir = await tempDir('embedded-kill');
    const out = await tempDir('embedded-kill-out');
    const spec = await writeSpec(dir, noopSpec('embedded-kill', 300));
    const run = new CliProcess(['run', spec, '--workers', '2', '--out', out, '--no-tui']);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    await run.waitForLine(/filter 2\/12/);
    const children = execFileSync('pgrep', ['-P', String(run.child.pid)]).toString().trim().split('\n').map(Number);
    expect(children).toHaveLength(2);
    process.kill(children[0]!, 'SIGKILL');
    await run.waitForLine(/exited \(SIGKILL\); its trial was handed back, starting another worker/);
    expect(await run.exit(120_000), run.output).toBe(0);
    const results = await readResults(out, sweepId);
    expectEachOnce(results);
    expect(results.trials).toHaveLength(12 + 4 + 1);
    expect(results.trials.every((t) => t.status === 'completed')).toBe(true);
  });
});
