import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseSpec, pointId, UnsafePathError, type SweepRecord, type TrialResult } from '@seqsweep/core';
import { buildLeaderboard, trialsCsv, writeOutputs } from './outputs.js';

const spec = parseSpec({ name: 'out', seed: 1, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1] } });
const record: SweepRecord = {
  sweepId: 'out-1', name: 'out', spec: spec as unknown as SweepRecord['spec'], stage: 'final', status: 'completed',
  createdAt: '', updatedAt: '', queue: { ackWaitMs: 1000, maxDeliver: 1 }, pruned: [],
};
const final = (artifacts: TrialResult['artifacts']): TrialResult => ({
  sweepId: 'out-1', trialId: 't-final', pointId: 'p', stage: 'final', params: { learningRate: 0.1 }, fold: -1, status: 'completed',
  metrics: { valLoss: 1, testLoss: 1 }, history: [{ valLoss: 1 }], bestEpoch: 0, worker: 'w', attempts: 1, durationMs: 1,
  backend: 'none', finishedAt: '', ...(artifacts ? { artifacts } : {}),
});

describe('writeOutputs', () => {
  it('writes a final result\'s artifacts into best/ under their names', async () => {
    const transport = new MemoryTransport();
    const { digest } = await transport.putObject('models/a', new TextEncoder().encode('{}'), { store: 'models' });
    const out = await mkdtemp(join(tmpdir(), 'outputs-'));
    await writeOutputs({ outDir: out, record, spec, results: [final({ 'model.json': { name: 'models/a', digest } })], transport });
    expect(await readFile(join(out, 'out-1', 'best', 'model.json'), 'utf8')).toBe('{}');
  });

  it('leaves best/ out, with one sentence, when the object store refuses the final model (over its size limit)', async () => {
    const transport = new MemoryTransport({ objectLimits: { maxBytes: 10 } });
    const { digest } = await transport.putObject('models/big', new Uint8Array(1000), { store: 'models' });
    const out = await mkdtemp(join(tmpdir(), 'outputs-'));
    const warnings: string[] = [];
    const outcome = await writeOutputs({
      outDir: out, record, spec, results: [final({ 'model.json': { name: 'models/big', digest } })], transport, onWarning: (m) => warnings.push(m),
    });
    expect(outcome.best?.trialId).toBe('t-final');
    expect(warnings).toEqual(['best/ was not written: the object "models/big" in the object store of the in-memory transport was refused: it holds 1000 bytes, over the limit of 10 bytes']);
    expect(await readdir(join(out, 'out-1'))).not.toContain('model.json');
    expect(JSON.parse(await readFile(join(out, 'out-1', 'results.json'), 'utf8')).best.trialId).toBe('t-final');
  });

  it('writes a worker name and an error from the wire escaped and capped into results.json and trials.csv', async () => {
    const transport = new MemoryTransport();
    const out = await mkdtemp(join(tmpdir(), 'outputs-'));
    const hostile: TrialResult = { ...final(undefined), status: 'failed', worker: 'w\nsweep completed', error: `\u001b]0;pwned\u0007${'e'.repeat(5000)}` };
    await writeOutputs({ outDir: out, record, spec, results: [hostile], transport });
    const file = JSON.parse(await readFile(join(out, 'out-1', 'results.json'), 'utf8'));
    expect(file.trials[0].worker).toBe('w\\nsweep completed');
    expect(file.trials[0].error.startsWith('\\x1b]0;pwned\\x07e')).toBe(true);
    expect(file.trials[0].error.length).toBeLessThanOrEqual(1000);
    const csv = await readFile(join(out, 'out-1', 'trials.csv'), 'utf8');
    expect(csv.trim().split('\n')).toHaveLength(2);
    expect(csv).toContain('w\\nsweep completed');
  });

  it.each(['../x', '../../x', '../../../x', '/tmp/x', '..\\x'])('refuses an artifact named %j that a forged result slipped past the schema, writing nothing outside best/', async (name) => {
    const transport = new MemoryTransport();
    const { digest } = await transport.putObject('models/a', new TextEncoder().encode('pwned'), { store: 'models' });
    const root = await mkdtemp(join(tmpdir(), 'outputs-'));
    const out = join(root, 'runs');
    await expect(writeOutputs({ outDir: out, record, spec, results: [final({ [name]: { name: 'models/a', digest } })], transport }))
      .rejects.toBeInstanceOf(UnsafePathError);
    expect(await readdir(root)).toEqual(['runs']);
    expect(await readdir(out)).toEqual(['out-1']);
    expect(await readdir(join(out, 'out-1'))).toEqual(['best']);
    expect(await readdir(join(out, 'out-1', 'best'))).toEqual([]);
  });
});

describe('trialsCsv', () => {
  it('quotes commas, quotes, \\n and a lone \\r (a line end for Excel and Python\'s csv), and escapes what came off the wire', () => {
    const worker = 'rack 1\rtwo';
    const backend = 'host "a", 2\r\nlines';
    const csv = trialsCsv([{ ...final(undefined), worker, backend, params: { learningRate: 0.1, note: 'x,y', line: 'a\nb' } }], 'valLoss');
    expect(csv).toContain(',rack 1\\rtwo,');
    expect(csv).toContain(',"host ""a"", 2\\r\\nlines"\n');
    expect(csv).toContain(',"x,y",');
    expect(csv).toContain(',"a\nb",');
  });
});

describe('the std of folds', () => {
  const fold = (params: TrialResult['params'], n: number, valLoss: number): TrialResult => {
    const id = pointId(params);
    return { ...final(undefined), trialId: `${id}-${n}`, pointId: id, params, stage: 'filter', fold: n, metrics: { valLoss } };
  };
  const two = parseSpec({ name: 'out', seed: 1, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1, 0.2, 0.3] } });
  // Equal means (exact in binary): 1 and 3, 2 alone, 2 and 2.
  const results = [fold({ learningRate: 0.1 }, 0, 1), fold({ learningRate: 0.1 }, 1, 3), fold({ learningRate: 0.2 }, 0, 2), fold({ learningRate: 0.3 }, 0, 2), fold({ learningRate: 0.3 }, 1, 2)];

  it('is the sample std in the leaderboard, and null for a point with one fold', () => {
    const board = buildLeaderboard(two, results, []);
    const of = (lr: number) => board.find((e) => e.params.learningRate === lr)!;
    expect(of(0.1).std).toBeCloseTo(Math.SQRT2, 12);
    expect(of(0.2).std).toBeNull();
  });

  it('breaks a tie of means toward the smaller std, and a single fold (no std) after a known one', () => {
    const board = buildLeaderboard(two, results, []);
    expect(board.map((e) => e.mean)).toEqual([2, 2, 2]);
    expect(board.map((e) => e.params.learningRate)).toEqual([0.3, 0.1, 0.2]);
  });
});

describe('importance in results.json', () => {
  const grid = { learningRate: [0.1, 0.01, 0.001], hiddenSize: [8, 16, 32] };
  const wide = parseSpec({ name: 'out', seed: 1, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid });
  const fold = (learningRate: number, hiddenSize: number, n: number): TrialResult => {
    const params = { learningRate, hiddenSize };
    const id = pointId(params);
    // The score moves with the learning rate only; the folds differ a little.
    return { ...final(undefined), trialId: `${id}-${n}`, pointId: id, params, stage: 'filter', fold: n, metrics: { valLoss: -Math.log10(learningRate) + 0.01 * n + 0.001 * hiddenSize } };
  };
  const results = grid.learningRate.flatMap((lr) => grid.hiddenSize.flatMap((hs) => [0, 1].map((n) => fold(lr, hs, n))));

  it('records each swept parameter\'s share and std, with the method, over the stage-one points', async () => {
    const out = await mkdtemp(join(tmpdir(), 'outputs-'));
    const { results: file } = await writeOutputs({ outDir: out, record: { ...record, spec: wide as unknown as SweepRecord['spec'] }, spec: wide, results, transport: new MemoryTransport() });
    const written = JSON.parse(await readFile(join(out, 'out-1', 'results.json'), 'utf8')) as typeof file;
    expect(written.importance).toEqual(file.importance);
    expect(file.importance).toMatchObject({ method: 'fanova-random-forest', points: 9, resamples: 2 });
    const { learningRate, hiddenSize } = file.importance!.params;
    expect(learningRate!.share).toBeGreaterThan(0.9);
    expect(hiddenSize!.share).toBeLessThan(0.05);
    expect(learningRate!.std).not.toBeNull();
  });

  it('is absent with fewer than four scored points', async () => {
    const out = await mkdtemp(join(tmpdir(), 'outputs-'));
    const { results: file } = await writeOutputs({ outDir: out, record, spec, results: results.slice(0, 6), transport: new MemoryTransport() });
    expect(file.importance).toBeUndefined();
  });
});
