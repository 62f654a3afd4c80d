import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryTransport, ModelOptions, TaskOptions, TrainOptions, parseSpec, resolveSplit, type SweepSpecInput, type TrialResult, type Transport } from '@seqsweep/core';
import { DatasetCache, evaluateModel, forecastScores, loadDataset, saveModel, selectBackend, trainModel, trialDataset } from '@seqsweep/ml';
import { Coordinator } from '@seqsweep/coordinator';
import { RunDirError } from './errors.js';
import type { SweepOutcome } from '@seqsweep/coordinator';
import type { ResultsFile } from '@seqsweep/core';
import { buildReport, REPORT_FILE, writeReport } from './build-report.js';
import { readResultsFile } from './run-dir.js';

const datasets = new DatasetCache();

/** Trains every trial for real with core, as the worker package does, and stores the final model. */
async function trainTrials(transport: Transport, signal: AbortSignal): Promise<void> {
  for (;;) {
    const lease = await transport.pullTrial({ signal });
    if (!lease) return;
    const a = lease.assignment;
    const [task, model, train] = [TaskOptions.parse(a.task), ModelOptions.parse(a.model), TrainOptions.parse(a.train)];
    const raw = await loadDataset(task, { seed: a.seed, cache: datasets });
    const split = resolveSplit(raw.size, a.split, a.seed, raw.labels, raw.dates);
    const dataset = trialDataset(raw, split.train);
    const final = a.split.kind === 'final';
    const out = await trainModel({ dataset, model, train, seed: a.seed, trainIndices: split.train, valIndices: final ? new Int32Array(0) : split.val, keepModel: final });
    let metrics = out.metrics;
    let vsPersistence: TrialResult['vsPersistence'];
    const artifacts: NonNullable<TrialResult['artifacts']> = {};
    if (out.model) {
      const test = evaluateModel(out.model, dataset, split.val, model, train);
      vsPersistence = forecastScores(out.model, dataset, split.val)?.vsPersistence;
      metrics = { ...metrics, testLoss: test.loss, testMse: test.mse, ...(test.accuracy === undefined ? {} : { testAccuracy: test.accuracy }) };
      const dir = await mkdtemp(join(tmpdir(), 'report-model-'));
      await saveModel(out.model, dir, { params: a.params, task: a.task, model: a.model, train: a.train });
      out.model.dispose();
      for (const file of await readdir(dir)) {
        const name = `models/${a.sweepId}/${file}`;
        artifacts[file] = { name, digest: (await transport.putObject(name, await readFile(join(dir, file)), { store: 'models' })).digest };
      }
    }
    await transport.publishResult({
      sweepId: a.sweepId, trialId: a.trialId, pointId: a.pointId, stage: a.stage, params: a.params, fold: a.split.kind === 'kfold' ? a.split.fold : -1,
      status: out.status === 'completed' ? 'completed' : 'diverged', metrics, history: out.history, bestEpoch: out.bestEpoch, worker: 'test-worker',
      attempts: lease.deliveryCount, durationMs: out.durationMs, backend: 'cpu', finishedAt: new Date().toISOString(),
      ...(final ? { artifacts } : {}), ...(split.dates ? { dates: split.dates } : {}), ...(vsPersistence ? { vsPersistence } : {}),
    });
    await lease.ack();
  }
}

/**
 * A whole sweep in-process on the memory transport: filter, evaluate, final and results.json from the coordinator,
 * then report.html, as the cli draws it at the end of a run.
 */
async function tinySweep(input: SweepSpecInput): Promise<SweepOutcome & { report: string }> {
  const transport = new MemoryTransport();
  const stop = new AbortController();
  const worker = trainTrials(transport, stop.signal);
  try {
    const outcome = await new Coordinator({ transport, outDir: await mkdtemp(join(tmpdir(), 'report-run-')) }).start({ spec: parseSpec(input) });
    return { ...outcome, report: await writeReport(outcome.dir, outcome.results) };
  } finally {
    stop.abort();
    await worker;
    await transport.close();
  }
}

const stages = { filter: { folds: 2, keep: 1, epochs: 1 }, evaluate: { folds: 2 } };

/** Every `id="..."` in the page, which must be unique for inline SVGs to share one document. */
const ids = (html: string): string[] => [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);

beforeAll(async () => {
  // The first choice holds for the process: the report predicts on the backend the models were trained on.
  await selectBackend('cpu');
});

describe('report.html of a real tiny toy run', () => {
  let outcome: SweepOutcome & { report: string };
  let html: string;
  beforeAll(async () => {
    outcome = await tinySweep({
      name: 'report-toy', seed: 3, task: { name: 'toy', samples: 80, length: 12 }, model: { name: 'lstm-ae' },
      train: { epochs: 3, batchSize: 16 }, grid: { learningRate: [0.02, 0.005], hiddenSize: [4, 6] }, stages,
    });
    html = await readFile(join(outcome.dir, REPORT_FILE), 'utf8');
  });

  it('is written into the run directory', () => {
    expect(outcome.report).toBe(join(outcome.dir, REPORT_FILE));
    expect(outcome.best).not.toBeNull();
  });

  it('is one self-contained HTML document with its charts inline as SVG', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.match(/<html[\s>]/g)).toHaveLength(1);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect((html.match(/<svg[\s>]/g) ?? []).length).toBeGreaterThanOrEqual(12);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*https?:/i);
    expect(html).not.toMatch(/url\(\s*["']?\s*https?:/i);
    expect(new Set(ids(html)).size).toBe(ids(html).length);
  });

  it('has the leaderboard with the best point marked, and every generic section', () => {
    const best = outcome.best!;
    const row = html.match(/<tr class="best">(.*?)<\/tr>/)?.[1] ?? '';
    expect(row).toContain(`<td class="num">${best.params.learningRate}</td>`);
    expect(row).toContain(`<td class="num">${best.params.hiddenSize}</td>`);
    for (const id of ['leaderboard', 'task', 'history', 'importance', 'parallel', 'params', 'curves', 'stages', 'timing']) expect(html).toContain(`<section id="${id}">`);
    // Four points: enough for importance, which the coordinator recorded and the report draws.
    expect(outcome.results.importance?.points).toBe(4);
    expect(html).toContain('Share of the variance of valLoss each parameter explains alone');
    expect(html).toContain('Each line is one stage-one point through its parameter values');
    expect(html).toContain('filter stage: 8 trials over 4 points');
    expect(html).toContain('valLoss against learningRate');
  });

  it('has the toy section: two test signals and their reconstructions from best/', () => {
    expect(html).toContain('toy: signals and their reconstructions');
    expect(html.match(/test sample \d+: MSE [\d.e-]+/g)).toHaveLength(2);
    expect(html).not.toContain('plots are missing');
  });

  it('without best/ keeps the generic parts and says why the task plots are missing', async () => {
    await rm(join(outcome.dir, 'best'), { recursive: true });
    const results = await readResultsFile(outcome.dir);
    const gone = await buildReport(outcome.dir, results);
    expect(gone).toContain('The toy plots are missing because best/ holds no saved model');
    expect(gone).toContain('<section id="leaderboard">');
    const failed: ResultsFile = {
      ...results, best: null,
      trials: results.trials.map((t) => (t.stage === 'final' ? { ...t, status: 'failed', error: 'the worker ran out of memory' } : t)),
    };
    expect(await buildReport(outcome.dir, failed)).toContain('The toy plots are missing because the final trial failed (the worker ran out of memory)');
  });
});

describe('the task sections of sp500 and mnist', () => {
  it('sp500: prices in dollars, the unseen day, and plain verdicts against persistence, next day and over the horizon', async () => {
    const outcome = await tinySweep({
      name: 'report-sp500', seed: 5, task: { name: 'sp500', window: 8, stride: 12 }, model: { name: 'lstm-ae-predictor', hiddenSize: 6 },
      train: { epochs: 2, batchSize: 32 }, grid: { learningRate: [0.01, 0.003] }, stages,
    });
    const html = await readFile(outcome.report, 'utf8');
    expect(html).toMatch(/The model (beats persistence significantly|is no better than persistence|is significantly worse than persistence): its next-day test MSE/);
    expect(html).toContain('persistence MSE');
    expect(html).toContain('$²');
    expect(html).toContain('price ($)');
    expect(html).toContain('MSE on the last, unseen day');
    // Windows of 8 days: the model sees 4 and predicts the other 4 in closed loop.
    expect(html).toMatch(/The model (beats persistence significantly|is no better than persistence|is significantly worse than persistence) over the horizon: fed its own predictions for the last 4 days of each window after seeing the first 4 days/);
    expect(html.match(/<td>\d days? ahead<\/td>/g)).toHaveLength(4);
    expect(html).toContain('Closed-loop MSE against the horizon');
    // The protocol in one line, and the verdicts results.json records are the ones the report states.
    const results = JSON.parse(await readFile(join(outcome.dir, 'results.json'), 'utf8')) as ResultsFile;
    const p = results.protocol!;
    expect(p).toMatchObject({ kind: 'chronological', cv: 'forward', gap: 8 });
    expect(html).toContain(`Split: chronological: test ${p.cutoff} … ${p.test!.last} after a 8-day gap; 2 forward folds.`);
    const vs = results.best!.vsPersistence!;
    const words = { beats: 'The model beats persistence significantly', 'no-better': 'The model is no better than persistence', worse: 'The model is significantly worse than persistence' };
    expect(html).toContain(`${words[vs.nextDay.verdict]}: its next-day test MSE`);
    expect(html).toContain(`${words[vs.multiStep!.verdict]} over the horizon`);
    expect(html).toContain(`on the same ${vs.nextDay.windows} windows`);
  });

  it('mnist: three digits with their reconstructions, and accuracy and loss against epochs', async () => {
    const outcome = await tinySweep({
      name: 'report-mnist', seed: 7, task: { name: 'mnist', limit: 120 }, model: { name: 'lstm-ae-classifier', hiddenSize: 8 },
      train: { epochs: 2, batchSize: 32 }, grid: { learningRate: [0.01, 0.003] }, stages,
    });
    const html = await readFile(outcome.report, 'utf8');
    expect(html.match(/#\d+: a \d, predicted \d/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toMatch(/Test accuracy [\d.]+%/);
    expect(html).toContain('Accuracy per epoch of the best point');
  });
});

describe('reading a run directory', () => {
  it('a missing folder, or one without results.json, is a user error with a fix', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'report-empty-'));
    await expect(readResultsFile(join(empty, 'nope'))).rejects.toMatchObject({ name: 'RunDirError', problem: 'missing' });
    await expect(readResultsFile(empty)).rejects.toMatchObject({ problem: 'no-results', fix: expect.stringContaining('runs/<sweepId>') });
    await writeFile(join(empty, 'results.json'), '{"not": "results"}');
    await expect(readResultsFile(empty)).rejects.toBeInstanceOf(RunDirError);
  });
});
