import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpec, pointId, type ResultsFile, type ResultsTrial } from '@seqsweep/core';
import { main } from './cli.js';
import { captureIo } from '../test-support/capture-io.js';

/** A finished grid sweep of four points without training: its score is `scale` times the learning rate's distance from 0.01. */
function results(sweepId: string, scale: number): ResultsFile {
  const spec = parseSpec({ name: 'cmp', seed: 1, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1, 0.01], hiddenSize: [4, 8] } });
  const points = [0.1, 0.01].flatMap((learningRate) => [4, 8].map((hiddenSize) => ({ learningRate, hiddenSize })));
  const trials: ResultsTrial[] = points.flatMap((params, i) => [0, 1].map((fold) => ({
    id: `t${i}${fold}`, pointId: pointId(params), stage: 'filter' as const, params, fold, status: 'completed' as const,
    metrics: { valLoss: scale * (1 + Math.abs(Math.log10(params.learningRate) + 2)) + 0.01 * fold }, history: [], bestEpoch: 0, worker: 'w',
    attempts: 1, durationMs: 500, backend: 'cpu', finishedAt: new Date(Date.UTC(2026, 11, 1, 0, 0, i * 2 + fold)).toISOString(),
  })));
  const best = points[2]!;
  return {
    sweepId, name: 'cmp', status: 'completed', stage: 'final', createdAt: '2026-12-01T00:00:00Z', updatedAt: '2026-12-01T00:01:00Z', spec,
    objective: spec.objective, survivors: [], pruned: [], trials, leaderboard: [],
    best: { pointId: pointId(best), params: best, cv: { mean: scale, std: 0.01, folds: 2 }, test: { testLoss: scale }, trialId: 'final' },
  };
}

async function runDir(root: string, r: ResultsFile): Promise<string> {
  const dir = join(root, 'runs', r.sweepId);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'results.json'), JSON.stringify(r));
  return join('runs', r.sweepId);
}

describe('seqsweep compare', () => {
  it('prints each run\'s best point, cv mean ± std, test figures and compute, and writes compare.html', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cli-compare-'));
    const [a, b] = [await runDir(cwd, results('cmp-a', 1)), await runDir(cwd, results('cmp-b', 2))];
    const io = captureIo(cwd);
    expect(await main(['compare', a, b], io)).toBe(0);
    expect(io.errors).toEqual([]);
    expect(io.lines).toContain('  best learningRate=0.01, hiddenSize=4');
    expect(io.lines).toContain('  cv valLoss 1 ± 0.01 over 2 folds');
    expect(io.lines).toContain('  test testLoss 2');
    expect(io.lines).toContain('  strategy grid, completed; 4 stage-one points, 8 trials trained, trial compute 4 s');
    expect(io.lines).toContain('best cv valLoss: cmp-a (1 ± 0.01), with 4 s of trial compute');
    expect(io.lines.at(-1)).toBe(`report: ${join(cwd, 'compare.html')}`);
    expect(await readFile(join(cwd, 'compare.html'), 'utf8')).toContain('Best so far against compute');
  });

  it('prints the same as one JSON document with --json, and writes the page where --html says', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cli-compare-'));
    const dirs = [await runDir(cwd, results('cmp-a', 1)), await runDir(cwd, results('cmp-b', 2))];
    const io = captureIo(cwd);
    expect(await main(['compare', ...dirs, '--json', '--html', 'side.html'], io)).toBe(0);
    expect(io.lines).toHaveLength(1);
    const doc = JSON.parse(io.lines[0]!) as { report: string; runs: { sweepId: string; best: { cv: { mean: number } }; computeS: number }[] };
    expect(doc.report).toBe(join(cwd, 'side.html'));
    expect(doc.runs.map((r) => [r.sweepId, r.best.cv.mean, r.computeS])).toEqual([['cmp-a', 1, 4], ['cmp-b', 2, 4]]);
  });

  it('a missing run directory is one sentence and its fix, exit 1, with no stack', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cli-compare-'));
    const a = await runDir(cwd, results('cmp-a', 1));
    const io = captureIo(cwd);
    expect(await main(['compare', a, 'runs/gone'], io)).toBe(1);
    expect(io.errors).toEqual([`seqsweep: the run directory ${join(cwd, 'runs/gone')} does not exist.`, expect.stringMatching(/^Fix: pass the folder a sweep wrote/)]);
  });

  it('a folder whose results.json is not a sweep\'s says which field is wrong, exit 1', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cli-compare-'));
    const a = await runDir(cwd, results('cmp-a', 1));
    await mkdir(join(cwd, 'bad'));
    await writeFile(join(cwd, 'bad', 'results.json'), JSON.stringify({ ...results('x', 1), status: 'odd' }));
    const io = captureIo(cwd);
    expect(await main(['compare', a, 'bad'], io)).toBe(1);
    expect(io.errors[0]).toMatch(/^seqsweep: .*bad\/results\.json is not the results of a sweep: status: /);
  });

  it('with fewer than two run directories it is a usage error', async () => {
    const io = captureIo(await mkdtemp(join(tmpdir(), 'cli-compare-')));
    expect(await main(['compare', 'runs/a'], io)).toBe(2);
    expect(io.errors[0]).toMatch(/`compare` needs two or more run directories/);
  });
});
