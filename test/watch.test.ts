/**
 * `seqsweep watch` attached to a running sweep from another process: it rebuilds the state from the results
 * stream, follows it live, and ends on the same best point that the coordinator writes to results.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { CliProcess } from './support/cli.js';
import { tempDir, writeSpec, readResults, noopSpec } from './support/spec.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

// Skipped with a loud banner without nats-server, and a failure where it is required (CI=true). The worker, the
// coordinator and watch are stopped by the setup file after the test, whether or not its assertions passed.
describeNats(requireNats, { describe, it })('seqsweep watch over NATS', () => {
  let server: NatsServerHandle;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('attaches midway, rebuilds from the stored results, and ends on the best point of results.json', async () => {
    const dir = await tempDir('watch');
    const out = await tempDir('watch-out');
    const spec = await writeSpec(dir, noopSpec('watched', 150));
    const c = ['--nats', server.url, '--prefix', 'watch'];
    const worker = new CliProcess(['worker', ...c]);
    // The default ack wait (60 s): a trial the stopped worker had just been handed is handed back at once, not
    // when its lease runs out (test/handback.test.ts).
    const run = new CliProcess(['run', spec, ...c, '--out', out, '--no-tui']);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    await run.waitForLine(/filter 4\/12/);
    // The sweep holds, still running, with no worker: however slowly watch starts, it attaches midway.
    worker.kill('SIGTERM');
    expect(await worker.exit(20_000)).toBe(0);
    // Without an id, watch takes the newest running sweep.
    const watch = new CliProcess(['watch', ...c]);
    await watch.waitForLine(new RegExp(`watching ${sweepId}`));
    const finisher = new CliProcess(['worker', ...c]);
    expect(await run.exit(120_000)).toBe(0);
    expect(await watch.exit(30_000)).toBe(0);
    finisher.kill('SIGTERM');
    await finisher.exit(20_000);
    const results = await readResults(out, sweepId);
    const best = results.best!;
    const bestLine = watch.stdout.find((l) => l.startsWith('best: '));
    expect(bestLine).toContain(`(point ${best.pointId.slice(0, 8)})`);
    for (const [k, v] of Object.entries(best.params)) expect(bestLine).toContain(`${k}=${v}`);
    // It saw the results stored before it attached as well as the live ones: every trial's line is there.
    const lines = watch.stdout.join('\n');
    for (let n = 1; n <= 12; n++) expect(lines).toContain(`filter ${n}/12 `);
    expect(lines).toContain('final 1/1 ');
  });
});
