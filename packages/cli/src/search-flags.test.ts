import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '@seqsweep/core';
import { main } from './cli.js';
import { parseArgs } from './args.js';
import { captureIo } from '../test-support/capture-io.js';

const spec = `name: t
task: { name: toy, samples: 64, length: 10 }
model: { name: lstm-ae }
grid: { learningRate: [0.1, 0.01] }
stages: { filter: { folds: 2, keep: 2 }, evaluate: { folds: 3 } }
`;

async function plan(...argv: string[]) {
  const dir = await mkdtemp(join(tmpdir(), 'cli-search-'));
  await writeFile(join(dir, 'spec.yaml'), spec);
  const io = captureIo(dir);
  const code = await main(['plan', 'spec.yaml', ...argv], io);
  return { code, out: io.lines.join('\n'), err: io.errors.join('\n') };
}

describe('the search flags', () => {
  it('reads --search, --trials and a range on a study flag', () => {
    const a = parseArgs(['run', 'spec.yaml', '--search', 'tpe', '--trials', '30', '--learning-rate', 'log:1e-4..0.3', '--hidden-size', '4..64']);
    expect(a.values.search).toBe('tpe');
    expect(a.values.trials).toBe('30');
    expect(a.overrides).toEqual({ learningRate: 'log:1e-4..0.3', hiddenSize: '4..64' });
    expect(() => parseArgs(['plan', 'spec.yaml', '--trials', '0'])).toThrow(/--trials expects a whole number of at least 1/);
  });

  it('turns a range of a whole-number option into an int range that grid enumerates', async () => {
    const { code, out } = await plan('--hidden-size', '4..7');
    expect(code).toBe(0);
    expect(out).toMatch(/search: grid, 8 points over learningRate, hiddenSize/);
    expect(out).toMatch(/stage filter: +16 trials \(8 points x 2 folds/);
  });

  it('refuses a continuous range under grid, and trials for grid, in sentences that name the key', async () => {
    const range = await plan('--learning-rate', 'log:1e-4..0.3');
    expect(range.code).toBe(2);
    expect(range.err).toMatch(/space\.learningRate: strategy grid cannot sweep the continuous range learningRate \(loguniform\); give a list of values/);
    expect(range.err).not.toMatch(/\n\s+at /);
    const trials = await plan('--trials', '4');
    expect(trials.code).toBe(2);
    expect(trials.err).toMatch(/search\.trials: strategy grid runs every point of its grid, so it takes no trials; remove it/);
    const unknown = await plan('--search', 'grdi');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/search\.strategy: .*"grdi"/);
  });

  // One row per registered strategy: a sampler over a continuous range, grid over lists.
  it.each(Object.entries(STRATEGIES))('plans stage one with strategy %s and lists the points drawn before any result', async (name, entry) => {
    const argv = entry.continuous ? ['--search', name, '--trials', '12', '--learning-rate', 'log:1e-4..0.3'] : ['--search', name, '--hidden-size', '8', '16', '24'];
    const { code, out } = await plan(...argv, '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out);
    const size = entry.continuous ? 12 : 6;
    expect(json.search).toMatchObject({ strategy: name, points: size, drawnAsResultsArrive: entry.adaptive });
    expect(json.stages.filter.trials).toBe(size * 2);
    expect(json.trials).toHaveLength(json.search.drawnBeforeResults * 2);
    expect(json.search.drawnBeforeResults).toBe(entry.adaptive ? Math.min(size, Number(entry.firstDraws?.(entry.options.parse({}) as Record<string, unknown>) ?? size)) : size);
  });
});
