/**
 * Stage one's strategies over NATS JetStream, one row per registered strategy (adding one to core's registry adds
 * its rows): a sweep with two worker processes, and a coordinator killed mid-stage then resumed, against a real
 * nats-server on a random port. A strategy that samples ranges draws 12 points of a continuous space (more than tpe's
 * 10 startup points, so that its model draws too); grid sweeps 6.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeNats, startNatsServer, type NatsServerHandle } from '@seqsweep/transport-nats/testing';
import { pointId, STRATEGIES } from '@seqsweep/core';
import { waitForOptions } from '@seqsweep/core/testing';
import { CliProcess, cliProcesses } from './support/cli.js';
import { tempDir, writeSpec, readResults, type ResultsFile } from './support/spec.js';

const requireNats = process.env.CI === 'true' || process.env.SEQSWEEP_REQUIRE_NATS === '1';

/** Points stage one draws under `strategy`. */
const pointsOf = (strategy: string): number => (STRATEGIES[strategy]!.continuous ? 12 : 6);

/** A noop sweep whose stage one `strategy` draws: 12 points of a continuous space, or grid's 6 points. */
function searchSpec(strategy: string, name: string, sleepMs: number): Record<string, unknown> {
  const sweep = STRATEGIES[strategy]!.continuous
    ? { space: { learningRate: { loguniform: [1e-4, 0.3] }, hiddenSize: { int: [4, 64], log: true } }, search: { strategy, trials: pointsOf(strategy) } }
    : { grid: { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16] }, search: { strategy } };
  return {
    name, seed: 5, task: { name: 'noop', sleepMs }, model: { name: 'lstm-ae' },
    stages: { filter: { folds: 2, epochs: 1, keep: 2 }, evaluate: { folds: 2, epochs: 1 } }, ...sweep,
  };
}

/** Every trial recorded once; stage one ran each drawn point's folds and nothing else. */
function expectEveryDrawnPointOnce(results: ResultsFile, points: number): void {
  const ids = results.trials.map((t) => t.id);
  expect(new Set(ids).size).toBe(ids.length);
  const drawn = results.search!.drawn;
  expect(drawn).toHaveLength(points);
  expect(new Set(drawn.map(pointId)).size).toBe(points);
  const filter = results.trials.filter((t) => t.stage === 'filter');
  expect(filter).toHaveLength(points * 2);
  expect(new Set(filter.map((t) => t.pointId))).toEqual(new Set(drawn.map(pointId)));
  expect(results.trials.filter((t) => t.stage === 'evaluate')).toHaveLength(4);
  expect(results.trials.filter((t) => t.stage === 'final')).toHaveLength(1);
}

describeNats(requireNats, { describe, it })('search strategies over NATS', () => {
  let server: NatsServerHandle;
  /** Two workers serve every sweep of the file: a worker takes any sweep on its prefix, and starting fewer processes keeps the file short. */
  let workers: CliProcess[] = [];
  let c: string[] = [];
  const start = cliProcesses({ afterEach });

  beforeAll(async () => {
    server = await startNatsServer();
    c = ['--nats', server.url, '--prefix', 'search'];
    workers = [new CliProcess(['worker', ...c]), new CliProcess(['worker', ...c])];
    await Promise.all(workers.map((w) => w.waitForLine(/^worker \S+ ready on /)));
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exit(30_000)));
    await server?.stop();
  });

  /**
   * The trials of `results` as the workers trained them (`<id> ... completed in N ms`, one line per training run), once
   * a line has come for each: a worker logs a run after it publishes its result, so the last line can follow the sweep's end.
   */
  const trainedOf = async (results: ResultsFile): Promise<string[]> => {
    const ids = new Set(results.trials.map((t) => t.id));
    const lines = (): string[] => workers.flatMap((w) => w.output.split('\n').filter((l) => / completed in \d+ ms$/.test(l))).map((l) => l.split(' ')[0]!).filter((id) => ids.has(id));
    await vi.waitFor(() => expect(new Set(lines()).size).toBe(ids.size), waitForOptions(30_000));
    return lines();
  };

  /**
   * An uninterrupted sweep: the points it draws are the reference. It runs without --parallel, so a strategy that draws
   * as results arrive keeps one trial unfinished (as with one worker) and says how to keep more workers busy.
   */
  const uninterrupted = async (strategy: string, name: string): Promise<ResultsFile> => {
    const spec = await writeSpec(await tempDir(name), searchSpec(strategy, name, 0));
    const out = await tempDir(`${name}-out`);
    const run = start(['run', spec, ...c, '--out', out, '--no-tui']);
    const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
    expect(await run.exit(120_000), run.output).toBe(0);
    const note = `note: strategy ${strategy} keeps 1 stage-one trial unfinished; give --parallel N to keep N workers busy`;
    expect(run.stderr.includes(note), run.output).toBe(STRATEGIES[strategy]!.adaptive);
    return readResults(out, sweepId);
  };

  describe.each(Object.keys(STRATEGIES))('strategy %s', (strategy) => {
    const points = pointsOf(strategy);

    it('a sweep with two worker processes: every drawn point trained once, the draw order in results.json', async () => {
      const name = `two-${strategy}`;
      const spec = await writeSpec(await tempDir(name), searchSpec(strategy, name, 50));
      const out = await tempDir(`${name}-out`);
      const run = start(['run', spec, ...c, '--out', out, '--no-tui', '--parallel', '2']);
      const sweepId = (await run.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
      expect(await run.exit(120_000), run.output).toBe(0);
      const results = await readResults(out, sweepId);
      const trained = await trainedOf(results);
      expectEveryDrawnPointOnce(results, points);
      expect(results.search).toMatchObject({ strategy, parallel: 2 });
      expect(new Set(trained).size).toBe(trained.length);
      expect(trained).toHaveLength(results.trials.length);
    });

    it('a coordinator killed mid-stage and resumed: every trial once, the points of an uninterrupted run with one trial at a time', async () => {
      const name = `resume-${strategy}`;
      const reference = await uninterrupted(strategy, `${name}-ref`);
      const spec = await writeSpec(await tempDir(name), searchSpec(strategy, name, 150));
      const out = await tempDir(`${name}-out`);
      const first = start(['run', spec, ...c, '--out', out, '--no-tui', '--parallel', '1']);
      const sweepId = (await first.waitForLine(/^sweep \S+$/)).split(' ')[1]!;
      // Killed after its third stage-one result: the workers go on with whatever is queued.
      await first.waitForLine(/\] filter 3\//, 120_000);
      first.child.kill('SIGKILL');
      await first.exited;
      const resumed = start(['resume', sweepId, ...c, '--out', out, '--no-tui']);
      expect(await resumed.exit(120_000), resumed.output).toBe(0);
      const results = await readResults(out, sweepId);
      const trained = await trainedOf(results);
      expectEveryDrawnPointOnce(results, points);
      expect(new Set(trained).size).toBe(trained.length);
      expect(trained).toHaveLength(results.trials.length);
      expect(results.search!.drawn).toEqual(reference.search!.drawn);
    });
  });
});
