/** report.html is written to a fresh name and renamed into place: a link left in the run folder is never followed. */
import { lstat, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryTransport, parseSpec, type SweepRecord } from '@seqsweep/core';
import { writeOutputs } from '@seqsweep/coordinator';
import { REPORT_FILE, writeReport } from './build-report.js';

const spec = parseSpec({ name: 'links', seed: 1, task: { name: 'noop' }, model: { name: 'lstm-ae' }, grid: { learningRate: [0.1] } });
const record: SweepRecord = {
  sweepId: 'links-1', name: 'links', spec: spec as unknown as SweepRecord['spec'], stage: 'filter', status: 'running',
  createdAt: '2026-12-06T00:00:00.000Z', updatedAt: '2026-12-06T00:00:00.000Z', queue: { ackWaitMs: 1000, maxDeliver: 1 }, pruned: [],
};

describe('writeReport and links in the run folder', () => {
  it.each([REPORT_FILE, `${REPORT_FILE}.tmp`])('replaces a link named %s instead of writing through it', async (name) => {
    const root = await mkdtemp(join(tmpdir(), 'report-links-'));
    const target = join(root, 'precious');
    await writeFile(target, 'untouched');
    await mkdir(join(root, 'runs'));
    const outcome = await writeOutputs({ outDir: join(root, 'runs'), record, spec, results: [], transport: new MemoryTransport() });
    await symlink(target, join(outcome.dir, name));
    const path = await writeReport(outcome.dir, outcome.results);
    expect(path).toBe(join(outcome.dir, REPORT_FILE));
    expect(await readFile(target, 'utf8')).toBe('untouched');
    expect((await lstat(path)).isFile()).toBe(true);
    expect(await readFile(path, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });
});
