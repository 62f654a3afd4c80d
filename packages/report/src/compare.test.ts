import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultsFile } from '@seqsweep/core';
import { compareRuns } from './compare-runs.js';
import { comparisonJson, comparisonText } from './compare-text.js';
import { writeComparison } from './compare-report.js';
import { RunDirError } from './errors.js';
import { syntheticResults } from '../test-support/synthetic-results.js';

async function runDir(results: ResultsFile, name: string): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'compare-')), name);
  await mkdir(dir);
  await writeFile(join(dir, 'results.json'), JSON.stringify(results));
  return dir;
}

/** A second run of the same study that spent twice the compute per trial and found a worse best. */
function slower(): ResultsFile {
  const r = syntheticResults();
  return {
    ...r, sweepId: 'synthetic-2', trials: r.trials.map((t) => ({ ...t, durationMs: t.durationMs * 2 })),
    best: { ...r.best!, cv: { mean: 0.006, std: 0.0005, folds: 2 }, test: { testLoss: 0.0055 } },
    importance: { method: 'fanova-random-forest', points: 18, resamples: 2, params: { learningRate: { share: 0.9, std: 0.02 }, hiddenSize: { share: 0.01, std: 0.005 } } },
  };
}

describe('compare', () => {
  it('sets the runs side by side: best point, cv mean ± std, test figures, trial compute, importance', async () => {
    const a = await runDir(syntheticResults(), 'a');
    const b = await runDir(slower(), 'b');
    const c = await compareRuns([a, b]);
    expect(c.warning).toBeNull();
    expect(c.runs.map((r) => [r.sweepId, r.strategy, r.points, r.computeS])).toEqual([['synthetic-1', 'grid', 18, 42], ['synthetic-2', 'grid', 18, 84]]);
    const text = comparisonText(c);
    expect(text).toContain(`synthetic-1  (${a})`);
    expect(text).toContain('  strategy grid, completed; 18 stage-one points, 42 trials trained, trial compute 42 s');
    expect(text).toContain('  best learningRate=0.01, hiddenSize=8, optimizer=adam');
    expect(text).toContain('  cv valLoss 0.005 ± 4.000e-4 over 2 folds');
    expect(text).toContain('  test testLoss 0.0055');
    // b's as recorded; a's (a file without it) computed: the learning rate first.
    expect(text).toContain('  importance learningRate 90% ± 2%, hiddenSize 1% ± 0.5%');
    expect(c.runs[0]!.importance[0]!.param).toBe('learningRate');
    expect(text.at(-1)).toBe('best cv valLoss: synthetic-1 (0.005 ± 4.000e-4), with 42 s of trial compute');
    const json = JSON.parse(comparisonJson(c, '/x/compare.html')) as { report: string; runs: { sweepId: string; computeS: number; history: unknown[] }[] };
    expect(json.report).toBe('/x/compare.html');
    expect(json.runs.map((r) => [r.sweepId, r.computeS])).toEqual([['synthetic-1', 42], ['synthetic-2', 84]]);
    // One entry per scored stage-one point, its best-so-far non-increasing for a minimised metric.
    expect(json.runs[0]!.history).toHaveLength(18);
  });

  it('writes one self-contained page with the table and the history of both runs against compute on one chart', async () => {
    const c = await compareRuns([await runDir(syntheticResults(), 'a'), await runDir(slower(), 'b')]);
    const path = join(await mkdtemp(join(tmpdir(), 'compare-out-')), 'compare.html');
    await writeComparison(c, path);
    const html = await readFile(path, 'utf8');
    expect(html.match(/<svg[\s>]/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*https?:|url\(\s*["']?\s*https?:/i);
    expect(html).toContain('<th>cv valLoss mean ± std (folds)</th>');
    expect(html).toContain('>synthetic-2</text>');
    expect(html).toContain('trial compute spent, s');
  });

  it('warns when the runs optimise different objectives, and names both', async () => {
    const r = syntheticResults();
    const other = { ...r, objective: { metric: 'valAccuracy' as const, mode: 'max' as const } };
    const c = await compareRuns([await runDir(r, 'a'), await runDir(other, 'b')]);
    expect(c.warning).toBe('the runs optimise different objectives (valLoss (min), valAccuracy (max)), so their scores do not compare');
    expect(comparisonText(c)).toContain('note: the runs optimise different objectives (valLoss (min), valAccuracy (max)), so their scores do not compare.');
  });

  it('refuses a run directory that does not exist or holds no results.json, naming it', async () => {
    const a = await runDir(syntheticResults(), 'a');
    await expect(compareRuns([a, join(a, 'nope')])).rejects.toThrow(RunDirError);
    await expect(compareRuns([a, join(a, 'nope')])).rejects.toThrow(`the run directory ${join(a, 'nope')} does not exist`);
  });
});
