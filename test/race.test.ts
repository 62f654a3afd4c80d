/**
 * Fold racing over NATS JetStream: a coordinator and two worker processes against a real nats-server on a random
 * port. Every trial is recorded once, and no fold that was withdrawn (a raced-out point's) or skipped (a decided
 * race's) is ever trained.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { testDeadline } from '@seqsweep/core/testing';
import { cliProcesses, type CliProcess } from './support/cli.js';
import { tempDir, writeSpec, readResults } from './support/spec.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

describeNats(requireNats, { describe, it })('fold racing over NATS', () => {
  let server: NatsServerHandle;
  const start = cliProcesses({ afterEach });

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Four points whose evaluate stage races over six folds: the noop task scores a point alike on every fold. */
  const racingSpec = async (name: string, seed: number, sleepMs: number): Promise<{ spec: string; out: string }> => ({
    spec: await writeSpec(await tempDir(name), {
      name, seed, task: { name: 'noop', sleepMs }, model: { name: 'lstm-ae' },
      grid: { hiddenSize: [8, 16, 32, 64] },
      stages: { filter: { folds: 2, epochs: 1, keep: 4 }, evaluate: { folds: 6, epochs: 1, race: true } },
    }),
    out: await tempDir(`${name}-out`),
  });

  /** Two worker processes on `prefix`, once both are ready. */
  const twoWorkers = async (prefix: string): Promise<{ c: string[]; workers: CliProcess[] }> => {
    const c = ['--nats', server.url, '--prefix', prefix];
    const workers = [start(['worker', ...c]), start(['worker', ...c])];
    await Promise.all(workers.map((w) => w.waitForLine(/^worker \S+ ready on /)));
    return { c, workers };
  };

  /** Stops the workers and returns the ids of the trials they trained, from their logs (`<id> ... completed in N ms`). */
  const stopAndListTrained = async (workers: readonly CliProcess[], line = / completed in \d+ ms$/): Promise<string[]> => {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exit(30_000)));
    return workers.flatMap((w) => w.output.split('\n').filter((l) => line.test(l))).map((l) => l.split(' ')[0]!);
  };

  it('a coordinator killed in the middle of a race is resumed: each trial recorded once, raced-out folds never trained', async () => {
    const { spec, out } = await racingSpec('race-resume', 4, 200);
    const { c, workers } = await twoWorkers('racer');
    const first = start(['run', spec, ...c, '--out', out, '--no-tui']);
    const sweepId = (await first.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    // Killed as soon as the race stopped its first point: the workers go on with what is queued meanwhile.
    await first.waitForLine(/raced out /, 120_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const resumed = start(['resume', sweepId, ...c, '--out', out, '--no-tui']);
    expect(await resumed.exit(240_000), resumed.output).toBe(0);
    const trainedIds = await stopAndListTrained(workers);
    const results = await readResults(out, sweepId);
    const ids = results.trials.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(results.trials).toHaveLength(8 + 4 * 6 + 1);
    expect(new Set(trainedIds).size).toBe(trainedIds.length);
    const withdrawn = results.trials.filter((t) => t.status === 'raced-out');
    expect(withdrawn.length).toBeGreaterThan(0);
    for (const t of withdrawn) expect(trainedIds).not.toContain(t.id);
    expect(results.leaderboard.filter((e) => e.stage === 'evaluate' && e.status === 'raced-out')).toHaveLength(3);
    expect(results.status).toBe('completed');
  }, testDeadline(300_000));

  it('two worker processes: each trial recorded once, raced-out folds never trained', async () => {
    // The noop task scores a point the same on every fold, so after two folds every point but the leader is
    // significantly worse (p = 0) and is raced out; four of its six folds are left to withdraw.
    const { spec, out } = await racingSpec('race-nats', 3, 150);
    const { c, workers } = await twoWorkers('racen');
    const run = start(['run', spec, ...c, '--out', out, '--no-tui']);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    expect(await run.exit(240_000)).toBe(0);
    // Each evaluate trial a worker trained shows once in the two workers' logs.
    const trainedIds = await stopAndListTrained(workers, / evaluate completed in \d+ ms$/);
    const results = await readResults(out, sweepId);
    const ids = results.trials.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(results.trials).toHaveLength(8 + 4 * 6 + 1);
    expect(new Set(trainedIds).size).toBe(trainedIds.length);
    const withdrawn = results.trials.filter((t) => t.status === 'raced-out');
    for (const t of withdrawn) {
      expect(trainedIds).not.toContain(t.id);
      expect(t.durationMs).toBe(0);
    }
    const racedOut = results.leaderboard.filter((e) => e.stage === 'evaluate' && e.status === 'raced-out');
    expect(racedOut).toHaveLength(3);
    for (const e of racedOut) {
      // Raced out at the first test that could (2 folds), or, when the machine is slow to step the race, at the
      // next result, with the fold the other worker had in hand also in: never later.
      expect(e.racedOut).toMatchObject({ p: 0, test: 't' });
      expect(e.racedOut!.afterFolds).toBeGreaterThanOrEqual(2);
      expect(e.racedOut!.afterFolds).toBeLessThanOrEqual(3);
      expect(e.racedOut!.compared.slice(0, 2)).toEqual([0, 1]);
      const own = results.trials.filter((t) => t.stage === 'evaluate' && t.pointId === e.pointId);
      // At most one fold more than the two compared: the one the other worker may have had in hand at that moment.
      expect(own.filter((t) => t.status === 'completed').length).toBeLessThanOrEqual(3);
    }
    expect(withdrawn.length).toBeGreaterThanOrEqual(3 * 3);
    // With the three raced out the race is decided: the leader's folds still to come are skipped, never trained.
    const skipped = results.trials.filter((t) => t.status === 'skipped');
    for (const t of skipped) {
      expect(trainedIds).not.toContain(t.id);
      expect(t.pointId).toBe(results.best?.pointId);
    }
    expect(results.race?.stages.evaluate).toMatchObject({
      pointsRacedOut: 3, foldsSkipped: withdrawn.length + skipped.length, decided: { live: [results.best?.pointId] },
    });
    expect(results.trials.filter((t) => t.stage === 'evaluate' && t.pointId === results.best?.pointId && t.status === 'completed').length + skipped.length).toBe(6);
    expect(results.best?.pointId).toBe(results.leaderboard[0]!.pointId);
    expect(results.status).toBe('completed');
  }, testDeadline(300_000));
});
