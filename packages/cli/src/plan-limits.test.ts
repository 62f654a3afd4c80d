/** `plan` on a grid too large to list: refused over the same trial limit as `run`, and capped in what it prints. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { PLAN_TRIALS_SHOWN } from './commands/plan.js';
import { commandHelp } from './usage.js';
import { captureIo } from '../test-support/capture-io.js';

async function specDir(grid: string, folds = 2): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-plan-'));
  await writeFile(join(dir, 'spec.yaml'), `name: t
task: { name: toy, samples: 64, length: 10 }
model: { name: lstm-ae }
grid: ${grid}
stages: { filter: { folds: ${folds}, keep: 2 }, evaluate: { folds: 2 } }
`);
  return dir;
}

const axis = (n: number, from = 1): string => `[${Array.from({ length: n }, (_, i) => from + i).join(', ')}]`;

describe('plan on large grids', () => {
  it('refuses a grid of a million points with one sentence and prints no trial, as run does', async () => {
    const grid = `{ hiddenSize: ${axis(100)}, batchSize: ${axis(100)}, learningRate: ${axis(100)} }`;
    const io = captureIo(await specDir(grid));
    expect(await main(['plan', 'spec.yaml'], io)).not.toBe(0);
    expect(io.lines).toEqual([]);
    expect(io.errors.join('\n')).toMatch(/the sweep plans 2000000 trials, over the limit of 10000/);
    expect(io.errors.join('\n')).toMatch(/--max-trials/);
    expect(io.errors.join('\n')).not.toMatch(/\n\s+at /);
    const run = captureIo(await specDir(grid));
    expect(await main(['run', 'spec.yaml', '--no-tui'], run)).not.toBe(0);
    expect(run.errors.join('\n')).toMatch(/the sweep plans 2000000 trials, over the limit of 10000/);
  });

  it('honours --max-trials', async () => {
    const dir = await specDir(`{ hiddenSize: ${axis(10)} }`);
    const refused = captureIo(dir);
    expect(await main(['plan', 'spec.yaml', '--max-trials', '19'], refused)).not.toBe(0);
    expect(refused.errors.join('\n')).toMatch(/plans 20 trials, over the limit of 19/);
    const allowed = captureIo(dir);
    expect(await main(['plan', 'spec.yaml', '--max-trials', '20'], allowed)).toBe(0);
  });

  it(`lists the first ${PLAN_TRIALS_SHOWN} trials and says how many more; --all lists every one`, async () => {
    const dir = await specDir(`{ hiddenSize: ${axis(75)} }`);
    const trialLine = /^ {2}\S+ fold \d+ {2}hiddenSize=\d+$/;
    const capped = captureIo(dir);
    expect(await main(['plan', 'spec.yaml'], capped)).toBe(0);
    expect(capped.lines.filter((l) => trialLine.test(l))).toHaveLength(PLAN_TRIALS_SHOWN);
    expect(capped.lines.at(-1)).toBe(`  ... and ${150 - PLAN_TRIALS_SHOWN} more (--all lists every one)`);
    expect(capped.lines.join('\n')).toMatch(/stage filter: +150 trials/);
    const all = captureIo(dir);
    expect(await main(['plan', 'spec.yaml', '--all'], all)).toBe(0);
    expect(all.lines.filter((l) => trialLine.test(l))).toHaveLength(150);
    expect(all.lines.some((l) => l.includes('more (--all'))).toBe(false);
    const json = captureIo(dir);
    expect(await main(['plan', 'spec.yaml', '--json'], json)).toBe(0);
    const doc = JSON.parse(json.lines.join('\n')) as { trials: unknown[]; trialsOmitted?: number };
    expect(doc.trials).toHaveLength(PLAN_TRIALS_SHOWN);
    expect(doc.trialsOmitted).toBe(150 - PLAN_TRIALS_SHOWN);
    const jsonAll = captureIo(dir);
    expect(await main(['plan', 'spec.yaml', '--json', '--all'], jsonAll)).toBe(0);
    expect((JSON.parse(jsonAll.lines.join('\n')) as { trials: unknown[] }).trials).toHaveLength(150);
  });

  it('plan --help lists --all and --max-trials', () => {
    expect(commandHelp('plan')).toMatch(/--all\b/);
    expect(commandHelp('plan')).toMatch(/--max-trials\b/);
  });
});
