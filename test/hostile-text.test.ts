/**
 * Sanitised output end to end (issue 22, attack 4), over a real nats-server: a worker-role client stores, first, a
 * failed result for a real trial whose worker name is `x\nsweep completed\nbest: forged` and whose error changes the
 * terminal's title (OSC 0) and colours. `seqsweep run --no-tui` prints it escaped on one line, and results.json and
 * trials.csv hold it escaped too: no forged line, no terminal escape.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeMessage, expandGrid, parseSpec, planStage, type TrialResult } from '@seqsweep/core';
import { testDeadline } from '@seqsweep/core/testing';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { CliProcess } from './support/cli.js';
import { noopSpec, readResults, tempDir, writeSpec } from './support/spec.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

const WORKER = 'x\nsweep completed\nbest: forged';
const ERROR = '\u001b]0;pwned\u0007\u001b[31mboom\u001b[0m\r\nseqsweep: done';

describeNats(requireNats, { describe, it })('text from the wire in the output', () => {
  let server: NatsServerHandle;
  const running: CliProcess[] = [];
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterEach(() => {
    for (const p of running.splice(0)) p.kill('SIGKILL');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is escaped and capped in the plain lines, results.json and trials.csv', async () => {
    const dir = await tempDir('hostile-text');
    const spec = { ...noopSpec('hostile', 5), grid: { learningRate: [0.1, 0.01] }, stages: { filter: { folds: 2, epochs: 1, keep: 1 }, evaluate: { folds: 2, epochs: 1 } } };
    const out = join(dir, 'runs');
    const c = ['--nats', server.url, '--prefix', 'hostile'];
    const run = new CliProcess(['run', await writeSpec(dir, spec), ...c, '--out', out, '--no-tui']);
    running.push(run);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    await run.waitForLine(/filter/);
    const parsed = parseSpec(spec);
    const a = planStage({ spec: parsed, sweepId, stage: 'filter', points: expandGrid(parsed.grid) })[0]!;
    const forged: TrialResult = {
      sweepId, trialId: a.trialId, pointId: a.pointId, stage: 'filter', params: a.params, fold: 0, status: 'failed',
      metrics: {}, history: [], bestEpoch: -1, worker: WORKER, attempts: 1, durationMs: 1, backend: 'none\u001b[2J',
      finishedAt: new Date().toISOString(), error: ERROR,
    };
    const nc = await connect({ servers: server.url });
    await jetstream(nc).publish(`hostile.results.${sweepId}.${a.trialId}`, encodeMessage(forged));
    await nc.close();
    const worker = new CliProcess(['worker', ...c], { env: { TMPDIR: join(dir, 'tmp') } });
    running.push(worker);
    expect(await run.exit(120_000), run.output).toBe(0);

    const lines = run.output.split('\n');
    expect(run.output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/u);
    expect(lines.filter((l) => /^(sweep completed|best: forged|seqsweep: done)/.test(l))).toEqual([]);
    expect(lines.find((l) => l.includes('x\\nsweep completed\\nbest: forged'))).toMatch(/failed .*\\x1b\]0;pwned\\x07\\x1b\[31mboom/);

    const file = await readResults(out, sweepId);
    const trial = file.trials.find((t) => t.id === a.trialId)!;
    expect(trial.worker).toBe('x\\nsweep completed\\nbest: forged');
    expect(trial.error).toBe('\\x1b]0;pwned\\x07\\x1b[31mboom\\x1b[0m\\r\\nseqsweep: done');
    expect(trial.backend).toBe('none\\x1b[2J');
    const csv = await readFile(join(out, sweepId, 'trials.csv'), 'utf8');
    expect(csv).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/u);
    expect(csv.trim().split('\n')).toHaveLength(1 + file.trials.length);
  }, testDeadline(240_000));
});
