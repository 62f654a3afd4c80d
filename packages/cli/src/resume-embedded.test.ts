import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResultsFile, parseSpec, pointId, type ResultsFile } from '@seqsweep/core';
import { main } from './cli.js';
import { parseArgs } from './args.js';
import { embeddedResumeTransport } from './commands/resume-embedded.js';
import { captureIo } from '../test-support/capture-io.js';

const SWEEP = 'noop-20261201-110000-ab12';

/** A run folder `<dir>/<out>/<SWEEP>/results.json` as an embedded run leaves it, with `change` applied. */
async function runFolder(change: (file: ResultsFile) => ResultsFile, out = 'runs'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-resume-'));
  const spec = parseSpec({
    name: 'noop', task: { name: 'noop', sleepMs: 1 }, model: { name: 'lstm-ae' },
    grid: { learningRate: [0.1, 0.01] }, stages: { filter: { folds: 2, keep: 1 }, evaluate: { folds: 2 } },
  });
  const file: ResultsFile = {
    sweepId: SWEEP, name: 'noop', status: 'running', stage: 'filter', createdAt: '2026-12-01T11:00:00.000Z', updatedAt: '2026-12-01T11:00:01.000Z',
    spec, objective: { metric: spec.objective.metric, mode: spec.objective.mode }, survivors: [], pruned: [], trials: [], leaderboard: [], best: null,
  };
  const changed = change(file);
  // The fixture is a real results file, so each refusal below is the one it names, not a parse error.
  expect(parseResultsFile(JSON.parse(JSON.stringify(changed))).ok).toBe(true);
  await mkdir(join(dir, out, SWEEP), { recursive: true });
  await writeFile(join(dir, out, SWEEP, 'results.json'), JSON.stringify(changed));
  return dir;
}

async function refusal(dir: string, argv: string[]): Promise<{ code: number; io: ReturnType<typeof captureIo> }> {
  const io = captureIo(dir);
  const code = await main(argv, io);
  expect(io.errors.join('\n')).not.toMatch(/internal error|\n\s+at /);
  expect(io.lines).toEqual([]);
  return { code, io };
}

describe('seqsweep resume without --nats (an embedded sweep, from its run folder)', () => {
  it('refuses a sweep with no results.json, saying where it looked and that --nats resumes from the server', async () => {
    const dir = await runFolder((f) => f);
    const { code, io } = await refusal(dir, ['resume', 'other-sweep', '--no-tui']);
    expect(code).toBe(2);
    expect(io.errors[0]).toBe(
      'seqsweep: no runs/other-sweep/results.json to resume sweep other-sweep from: an embedded sweep (no --nats) is resumed from its run folder, ' +
      'so give the run\'s --out; a sweep run with --nats is resumed from the server with `seqsweep resume <sweepId> --nats URL`',
    );
  });

  it('looks in --out when given', async () => {
    const dir = await runFolder((f) => ({ ...f, status: 'completed', stage: 'final' }), 'elsewhere');
    const { code, io } = await refusal(dir, ['resume', SWEEP, '--no-tui']);
    expect(code).toBe(2);
    expect(io.errors[0]).toMatch(new RegExp(`^seqsweep: no runs/${SWEEP}/results\\.json to resume`));
    // Found there: the refusal is now the file's own (it is completed).
    const found = await refusal(dir, ['resume', SWEEP, '--out', 'elsewhere', '--no-tui']);
    expect(found.io.errors[0]).toMatch(/is already completed/);
  });

  it('refuses a sweep that is already completed', async () => {
    const dir = await runFolder((f) => ({ ...f, status: 'completed', stage: 'final' }));
    const { code, io } = await refusal(dir, ['resume', SWEEP, '--no-tui']);
    expect(code).toBe(2);
    expect(io.errors[0]).toBe(`seqsweep: sweep ${SWEEP} is already completed (its results.json says so); there is nothing to resume`);
  });

  it('refuses a racing sweep whose results.json was written before it kept the race state', async () => {
    const dir = await runFolder((f) => ({ ...f, spec: parseSpec({ ...f.spec, stages: { ...f.spec.stages, filter: { ...f.spec.stages.filter, race: true } } }) }));
    const { code, io } = await refusal(dir, ['resume', SWEEP, '--no-tui']);
    expect(code).toBe(2);
    expect(io.errors[0]).toMatch(new RegExp(`^seqsweep: sweep ${SWEEP} races its folds, and its results\\.json was written before the racing state was kept there, so it cannot be resumed; run the spec again, or run it with --nats`));
  });

  it('refuses a sweep stopped in the middle of a stage in rungs: its checkpoints died with the embedded run', async () => {
    const dir = await runFolder((f) => {
      const spec = parseSpec({ ...f.spec, stages: { ...f.spec.stages, filter: { ...f.spec.stages.filter, epochs: 3, halving: true } } });
      const trial = { id: 't-0000000000000001', pointId: pointId({ learningRate: 0.1 }), stage: 'filter' as const, params: { learningRate: 0.1 }, fold: 0, status: 'completed' as const, metrics: { valLoss: 1 }, history: [{ valLoss: 1 }], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, backend: 'cpu', rung: 0 };
      return { ...f, spec, trials: [trial] };
    });
    const { code, io } = await refusal(dir, ['resume', SWEEP, '--no-tui']);
    expect(code).toBe(2);
    expect(io.errors[0]).toMatch(new RegExp(`^seqsweep: sweep ${SWEEP} was in the middle of its filter stage, which trains in rungs, .* run it with --nats`));
  });

  it('refuses a results.json that is not a results file, naming the problem', async () => {
    const dir = await runFolder((f) => f);
    await writeFile(join(dir, 'runs', SWEEP, 'results.json'), JSON.stringify({ sweepId: SWEEP }));
    const { code, io } = await refusal(dir, ['resume', SWEEP, '--no-tui']);
    expect(code).toBe(2);
    expect(io.errors[0]).toMatch(new RegExp(`^seqsweep: runs/${SWEEP}/results\\.json is not a seqsweep results file \\(\\w+: `));
  });
});

describe('an embedded resume of a sweep with drawn points', () => {
  it('keeps the points its strategy drew and replays the results in the order they finished', async () => {
    const drawn = [{ learningRate: 0.1 }, { learningRate: 0.01 }];
    const trial = (params: { learningRate: number }, fold: number, finishedAt: string): ResultsFile['trials'][number] => ({
      id: `t-${pointId(params)}-${fold}`, pointId: pointId(params), stage: 'filter', params, fold, status: 'completed', metrics: { valLoss: 1 },
      history: [], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1, finishedAt, backend: 'none',
    });
    // results.json lists trials by point and fold; they finished in another order.
    const trials = [trial(drawn[0]!, 0, '2026-12-01T11:00:03.000Z'), trial(drawn[0]!, 1, '2026-12-01T11:00:01.000Z'), trial(drawn[1]!, 0, '2026-12-01T11:00:02.000Z')];
    const dir = await runFolder((f) => ({ ...f, trials, search: { strategy: 'grid', drawn, parallel: 1 } }));
    const transport = await embeddedResumeTransport(parseArgs(['resume', SWEEP]), dir, SWEEP);
    try {
      expect((await transport.getSweep(SWEEP))?.search).toEqual({ strategy: 'grid', drawn, parallel: 1 });
      expect((await transport.readResults(SWEEP)).map((r) => r.finishedAt)).toEqual(['2026-12-01T11:00:01.000Z', '2026-12-01T11:00:02.000Z', '2026-12-01T11:00:03.000Z']);
    } finally {
      await transport.close();
    }
  });
});
