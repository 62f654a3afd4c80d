/**
 * Links placed in the run folder before the sweep wrote it (attack 14 of issue 22): no write follows one out of it.
 * Files are written to fresh names and renamed over whatever is there; a folder that is a link is refused.
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseSpec, UnsafePathError, type SweepRecord, type TrialResult } from '@seqsweep/core';
import { writeOutputs } from './outputs.js';

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

/** A root holding `runs/` (the out folder) and `victim/` (outside it, with one file the attack aims at). */
async function layout(): Promise<{ root: string; out: string; victim: string; target: string }> {
  const root = await mkdtemp(join(tmpdir(), 'run-links-'));
  const out = join(root, 'runs');
  const victim = join(root, 'victim');
  await mkdir(out);
  await mkdir(victim);
  const target = join(victim, 'precious');
  await writeFile(target, 'untouched');
  return { root, out, victim, target };
}

async function withModel(): Promise<{ transport: MemoryTransport; results: TrialResult[] }> {
  const transport = new MemoryTransport();
  const { digest } = await transport.putObject('models/a', new TextEncoder().encode('{"weights":1}'));
  return { transport, results: [final({ 'model.json': { name: 'models/a', digest } })] };
}

describe('writeOutputs and links already in the run folder', () => {
  it.each(['results.json', 'results.json.tmp', 'trials.csv', 'trials.csv.tmp'])('replaces a link named %s instead of writing through it', async (name) => {
    const { out, target } = await layout();
    await mkdir(join(out, 'out-1'));
    await symlink(target, join(out, 'out-1', name));
    const { transport, results } = await withModel();
    await writeOutputs({ outDir: out, record, spec, results, transport });
    expect(await readFile(target, 'utf8')).toBe('untouched');
    expect((await lstat(join(out, 'out-1', 'results.json'))).isFile()).toBe(true);
    expect((await lstat(join(out, 'out-1', 'trials.csv'))).isFile()).toBe(true);
    expect(JSON.parse(await readFile(join(out, 'out-1', 'results.json'), 'utf8'))).toMatchObject({ sweepId: 'out-1' });
  });

  it.each([
    ['best/', (out: string) => join(out, 'out-1', 'best'), true],
    ['the run folder itself', (out: string) => join(out, 'out-1'), false],
  ] as const)('refuses when %s is a link to a folder outside, writing nothing there', async (_what, link, inRunDir) => {
    const { out, victim } = await layout();
    if (inRunDir) await mkdir(join(out, 'out-1'));
    await symlink(victim, link(out));
    const { transport, results } = await withModel();
    const e = await writeOutputs({ outDir: out, record, spec, results, transport }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UnsafePathError);
    expect((e as Error).message).toMatch(/it is a link, and outputs never follow one/);
    expect(await readdir(victim)).toEqual(['precious']);
  });

  it('refuses a run folder that is a file', async () => {
    const { out } = await layout();
    await writeFile(join(out, 'out-1'), 'x');
    const { transport, results } = await withModel();
    await expect(writeOutputs({ outDir: out, record, spec, results, transport })).rejects.toThrow(/it is not a folder/);
  });

  it('reuses its own run folder (a resumed sweep), replacing what it wrote before', async () => {
    const { out } = await layout();
    const { transport, results } = await withModel();
    await writeOutputs({ outDir: out, record: { ...record, status: 'running' }, spec, results: [], transport });
    await writeOutputs({ outDir: out, record, spec, results, transport });
    expect(JSON.parse(await readFile(join(out, 'out-1', 'results.json'), 'utf8'))).toMatchObject({ status: 'completed' });
    expect(await readFile(join(out, 'out-1', 'best', 'model.json'), 'utf8')).toBe('{"weights":1}');
    expect((await readdir(join(out, 'out-1'))).sort()).toEqual(['best', 'results.json', 'trials.csv']);
  });
});
