import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { captureIo } from '../test-support/capture-io.js';

describe('seqsweep report', () => {
  it('a run directory that does not exist is one sentence and its fix, exit 1, with no stack', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cli-report-'));
    const io = captureIo(cwd);
    expect(await main(['report', 'runs/toy-20990101-000000-beef'], io)).toBe(1);
    expect(io.errors).toHaveLength(2);
    expect(io.errors[0]).toBe(`seqsweep: the run directory ${join(cwd, 'runs/toy-20990101-000000-beef')} does not exist.`);
    expect(io.errors[1]).toMatch(/^Fix: pass the folder a sweep wrote, runs\/<sweepId>/);
    expect(io.lines).toEqual([]);
  });

  it('a folder without results.json says so, exit 1', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'cli-report-'));
    const io = captureIo(cwd);
    expect(await main(['report', '.'], io)).toBe(1);
    expect(io.errors[0]).toMatch(/holds no results\.json/);
    expect(io.errors[1]).toMatch(/^Fix: /);
  });

  it('without a run directory it is a usage error', async () => {
    const io = captureIo(await mkdtemp(join(tmpdir(), 'cli-report-')));
    expect(await main(['report'], io)).toBe(2);
    expect(io.errors[0]).toMatch(/`report` needs a run directory/);
  });
});
