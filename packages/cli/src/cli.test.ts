import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { parseArgs } from './args.js';
import { reportError } from './errors.js';
import { captureIo } from '../test-support/capture-io.js';

async function specDir(spec: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-'));
  await writeFile(join(dir, 'spec.yaml'), spec);
  return dir;
}

const good = `name: t
task: { name: toy, samples: 64, length: 10 }
model: { name: lstm-ae }
grid: { learningRate: [0.1, 0.01], hiddenSize: [8, 16] }
stages: { filter: { folds: 2, keep: 2 }, evaluate: { folds: 3 } }
`;

describe('parseArgs', () => {
  it('reads the study flags as overrides, one value or a grid axis', () => {
    const a = parseArgs(['run', 'spec.yaml', '--learning-rate', '0.1', '0.01', '--hidden-size', '16', '--no-tui', '--workers', '2']);
    expect(a.command).toBe('run');
    expect(a.positionals).toEqual(['spec.yaml']);
    expect(a.overrides).toEqual({ learningRate: [0.1, 0.01], hiddenSize: 16 });
    expect(a.flags['no-tui']).toBe(true);
    expect(a.values.workers).toBe('2');
  });

  it('refuses unknown options and missing values', () => {
    expect(() => parseArgs(['run', '--lerning-rate', '1'])).toThrow(/unknown option --lerning-rate/);
    expect(() => parseArgs(['run', '--workers'])).toThrow(/--workers needs a value/);
  });
});

describe('seqsweep errors a user can act on', () => {
  it('plan prints the stage counts and trains nothing', async () => {
    const io = captureIo(await specDir(good));
    expect(await main(['plan', 'spec.yaml'], io)).toBe(0);
    expect(io.lines.join('\n')).toMatch(/stage filter: +8 trials/);
    expect(io.lines.join('\n')).toMatch(/total: +15 trials/);
  });

  it('plan with racing on prints the worst-case trial count and says racing can cut it', async () => {
    const io = captureIo(await specDir(good.replace('evaluate: { folds: 3 }', 'evaluate: { folds: 3, race: true }')));
    expect(await main(['plan', 'spec.yaml'], io)).toBe(0);
    expect(io.lines.join('\n')).toMatch(/total: +15 trials at most/);
    expect(io.lines.join('\n')).toMatch(/racing: +stage evaluate races its folds: 15 is the worst case; points raced out early skip their remaining folds/);
    // 8 filter folds, 2 of each survivor's 3 evaluate folds (one raced out, the race then decided), the final trial.
    expect(io.lines.join('\n')).toMatch(/so fewer trials run \(at the fewest 13\)/);
    const finish = captureIo(await specDir(good.replace('evaluate: { folds: 3 }', 'evaluate: { folds: 3, race: { decided: finish } }')));
    expect(await main(['plan', 'spec.yaml'], finish)).toBe(0);
    expect(finish.lines.join('\n')).toMatch(/\(at the fewest 14\)/);
    const both = captureIo(await specDir(good.replace('evaluate: { folds: 3 }', 'evaluate: { folds: 3, race: true }').replace('keep: 2 }', 'keep: 2, race: true }')));
    expect(await main(['plan', 'spec.yaml'], both)).toBe(0);
    expect(both.lines.join('\n')).toMatch(/racing: +stages filter and evaluate race their folds: 15 is the worst case/);
  });

  it('plan with halving prints each stage\'s rungs and the worst and the best case', async () => {
    const io = captureIo(await specDir(good.replace('keep: 2 }', 'keep: 2, halving: true }')));
    expect(await main(['plan', 'spec.yaml'], io)).toBe(0);
    const text = io.lines.join('\n');
    // 4 points x 2 folds at 1, 3 and 4 epochs (the filter stage's): 24 trials at most; 4 > 2 > 2 points at the fewest.
    expect(text).toMatch(/stage filter: +24 trials \(4 points x 2 folds x 3 rungs at most, 4 epochs\)/);
    expect(text).toMatch(/total: +31 trials at most, 23 at the fewest/);
    expect(text).toMatch(/rungs filter: +halving at 1, 3, 4 epochs; points per rung 4 > 4 > 4 at most, 4 > 2 > 2 at the fewest; fold epochs 32 at most, 20 at the fewest/);
    const json = captureIo(await specDir(good.replace('keep: 2 }', 'keep: 2, halving: true }')));
    expect(await main(['plan', 'spec.yaml', '--json'], json)).toBe(0);
    expect(JSON.parse(json.lines.join('\n'))).toMatchObject({ total: 31, fewest: 23, rungs: { filter: { epochs: [1, 3, 4] } } });
  });

  it('every example spec plans cleanly', async () => {
    const examples = join(new URL('../../../examples', import.meta.url).pathname);
    for (const name of ['toy', 'toy-tpe', 'toy-halving', 'mnist-rows', 'mnist-pixels', 'sp500', 'sp500-kaggle', 'series']) {
      const io = captureIo(examples);
      expect(await main(['plan', `${name}.yaml`], io), io.errors.join('\n')).toBe(0);
      expect(io.lines.join('\n')).toMatch(/total: +\d+ trials/);
    }
    const io = captureIo(examples);
    expect(await main(['plan', 'series.yaml'], io), io.errors.join('\n')).toBe(0);
    expect(io.lines.join('\n')).toMatch(/split: +chronological: test 2015-03-15 … 2015-12-31 after a 14-day gap; 3 forward folds/);
  });

  it('plan lists drawn points to 3 significant digits on screen and with every digit in --json', async () => {
    const examples = join(new URL('../../../examples', import.meta.url).pathname);
    const io = captureIo(examples);
    expect(await main(['plan', 'toy-tpe.yaml'], io), io.errors.join('\n')).toBe(0);
    const listed = io.lines.filter((l) => / fold \d+ {2}/.test(l));
    expect(listed.length).toBeGreaterThan(0);
    for (const line of listed) {
      expect(line).toMatch(/^ {2}p-\S+ fold \d+ {2}learningRate=\S+ hiddenSize=\d+ gradientClip=\S+$/);
      for (const [, v] of line.matchAll(/(?:learningRate|gradientClip)=(\S+)/g)) expect(v!.replace(/e.*$/, '').replace(/^0\.0*|\./g, '').length).toBeLessThanOrEqual(3);
    }
    const json = captureIo(examples);
    expect(await main(['plan', 'toy-tpe.yaml', '--json'], json)).toBe(0);
    const doc = JSON.parse(json.lines.join('\n')) as { trials: { params: { learningRate: number } }[] };
    expect(doc.trials.some((t) => String(t.params.learningRate).replace(/^0\.0*/, '').length > 6)).toBe(true);
  });

  it('plan states the split in one line, with the test dates, and warns when a forecast is split at random', async () => {
    const sp500 = 'name: s\ntask: { name: sp500, window: 10 }\nmodel: { name: lstm-ae-predictor }\n';
    const byDate = captureIo(await specDir(sp500));
    expect(await main(['plan', 'spec.yaml'], byDate)).toBe(0);
    expect(byDate.lines).toContain('split:          chronological: test 2016-03-30 … 2020-04-17 after a 10-day gap; 3 forward folds in stage one, 5 in stage two');
    expect(byDate.lines.some((l) => l.startsWith('warning:'))).toBe(false);
    const random = captureIo(await specDir(`${sp500}split: { kind: random }\n`));
    expect(await main(['plan', 'spec.yaml'], random)).toBe(0);
    expect(random.lines).toContain('split:          random: test 20% of the samples at random; 3 shuffled folds in stage one, 5 in stage two (leaks the future: windows share days across splits)');
    expect(random.lines.find((l) => l.startsWith('warning:'))).toMatch(/split.kind is random for forecasting task sp500: .* leaks the future; use split.kind chronological/);
  });

  it('plan warns of a fold by date that would have no training windows, before anything trains', async () => {
    const dir = await specDir('name: s\ntask: { name: sp500, path: short.csv, window: 5, minDays: 10 }\nmodel: { name: lstm-ae-predictor }\nstages: { filter: { folds: 2 }, evaluate: { folds: 2 } }\n');
    const rows = ['date,high,Name', ...Array.from({ length: 40 }, (_, d) => `${new Date(Date.UTC(2020, 0, 1 + d)).toISOString().slice(0, 10)},${10 + d},A`)];
    await writeFile(join(dir, 'short.csv'), rows.join('\n') + '\n');
    const io = captureIo(dir);
    expect(await main(['plan', 'spec.yaml'], io)).toBe(0);
    expect(io.lines.filter((l) => l.startsWith('warning:'))).toEqual([
      'warning: stage filter: fold 0 of 2 (forward) inside a training period of 27 dates has no training windows: use fewer folds, a smaller window or gap, or longer series',
      'warning: stage evaluate: fold 0 of 2 (forward) inside a training period of 27 dates has no training windows: use fewer folds, a smaller window or gap, or longer series',
    ]);
  });

  it('a wrong spec lists every problem with its path and exits 2, with no stack', async () => {
    const io = captureIo(await specDir(good.replace('learningRate: [0.1, 0.01]', 'learningRate: [0.1, -1]').replace('samples: 64', 'samples: many')));
    expect(await main(['plan', 'spec.yaml'], io)).toBe(2);
    const text = io.errors.join('\n');
    expect(text).toContain('grid.learningRate[1]');
    expect(text).toContain('task.samples');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('an unknown model name is one sentence naming it and the fix', async () => {
    const io = captureIo(await specDir(good.replace('lstm-ae }', 'lstm-vae }')));
    expect(await main(['plan', 'spec.yaml'], io)).toBe(2);
    const text = io.errors.join('\n');
    expect(text).toMatch(/lstm-vae/);
    expect(text).toMatch(/lstm-ae/);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('a missing data file names the file and the fix, exit 1, before anything starts', async () => {
    const io = captureIo(await specDir(good.replace('task: { name: toy, samples: 64, length: 10 }', 'task: { name: sp500, path: nowhere/prices.csv.gz }')));
    expect(await main(['run', 'spec.yaml', '--no-tui'], io)).toBe(1);
    expect(io.errors[0]).toMatch(/nowhere\/prices\.csv\.gz.*does not exist/);
    expect(io.errors[1]).toMatch(/^Fix: /);
    expect(io.lines).toEqual([]);
  });

  it('a missing spec file and an unknown command are usage errors', async () => {
    const io = captureIo(await specDir(good));
    expect(await main(['plan', 'nope.yaml'], io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/nope\.yaml/);
    expect(await main(['launch'], io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/unknown command "launch"/);
  });

  it('run over --max-trials exits 2 stating the size, before it connects or publishes anything', async () => {
    const io = captureIo(await specDir(good));
    // Nothing listens on port 1: reaching the server at all would fail with exit 1 instead.
    expect(await main(['run', 'spec.yaml', '--max-trials', '5', '--nats', 'nats://127.0.0.1:1', '--no-tui'], io)).toBe(2);
    expect(io.errors[0]).toBe('seqsweep: the sweep plans 8 trials, over the limit of 5.');
    expect(io.errors[1]).toMatch(/^Fix: .*--max-trials/);
    expect(io.lines).toEqual([]);
    const embedded = captureIo(await specDir(good));
    expect(await main(['run', 'spec.yaml', '--max-trials', '7', '--no-tui'], embedded)).toBe(2);
    expect(embedded.errors[0]).toMatch(/plans 8 trials, over the limit of 7/);
    expect(embedded.lines).toEqual([]);
  });

  it('a permission the NATS server refused is one sentence naming the subject, not a bug with a trace', () => {
    const lines: string[] = [];
    const refused = new Error('request failed', { cause: new Error('Permissions Violation for Publish to "$JS.API.STREAM.CREATE.KV_team-sweeps"') });
    expect(reportError(refused, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toBe('seqsweep: the NATS server refused this user permission to publish on "$JS.API.STREAM.CREATE.KV_team-sweeps".');
    expect(lines[1]).toMatch(/^Fix: .*docs\/security\.md/);
    expect(lines.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('--backend is checked before anything starts: run, resume and worker exit 2 listing the valid values', async () => {
    const valid = 'seqsweep: --backend expects one of auto, tensorflow, wasm, cpu, got "bogus"';
    for (const argv of [
      ['run', 'spec.yaml', '--backend', 'bogus', '--no-tui'],
      ['run', 'spec.yaml', '--backend', 'bogus', '--nats', 'nats://127.0.0.1:1', '--no-tui'],
      ['resume', 'some-sweep', '--backend', 'bogus', '--nats', 'nats://127.0.0.1:1'],
      ['worker', '--backend', 'bogus', '--nats', 'nats://127.0.0.1:1'],
      ['worker', '--backend=bogus'],
    ]) {
      const io = captureIo(await specDir(good));
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.errors[0], argv.join(' ')).toBe(valid);
      expect(io.errors.join('\n')).not.toMatch(/internal error|\n\s+at /);
      expect(io.lines).toEqual([]);
    }
  });

  it('worker without a server says how to give one', async () => {
    const io = captureIo(await specDir(good));
    expect(await main(['worker'], io)).toBe(2);
    expect(io.errors[0]).toMatch(/--nats URL/);
  });
});
