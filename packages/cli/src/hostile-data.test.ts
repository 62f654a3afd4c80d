/**
 * `plan` and `run` on data paths a spec should never name, and stopped by signals, as real processes: a FIFO once
 * held both forever (deaf to SIGTERM), /dev/zero or a folder was a bug's stack trace, and a key file's first line
 * was printed. Each is now one sentence, at once, quoting nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hostileDataPaths, SECRET_LINE, secretFile, testDeadline, waitForOptions, type HostileDataPath } from '@seqsweep/core/testing';
import { main } from './cli.js';
import { STOP_DEADLINE_MS } from './io.js';
import { captureIo } from '../test-support/capture-io.js';
import { TestChild } from '../test-support/child.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

const sp500Spec = (path: string): string => `name: hostile
task: { name: sp500, path: ${JSON.stringify(path)}, window: 5, minDays: 20 }
model: { name: lstm-ae-predictor, hiddenSize: 4 }
train: { epochs: 1, batchSize: 16 }
grid: { learningRate: [0.1, 0.01] }
stages: { filter: { folds: 2, keep: 1 }, evaluate: { folds: 2 } }
`;

let dir = '';
let hostile: HostileDataPath[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-hostile-'));
  hostile = await hostileDataPaths(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const children: TestChild[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.stop();
});

function start(args: string[]): TestChild {
  const child = new TestChild([MAIN, ...args], { cwd: dir, env: { ...process.env, NATS_URL: '' } });
  children.push(child);
  return child;
}

describe('plan and run on a hostile data path', () => {
  it('refuse a FIFO, a device, a folder and a file over the limit in one sentence, at once', async () => {
    for (const { what, path, says } of hostile) {
      for (const command of ['plan', 'run']) {
        const io = captureIo(dir);
        await writeFile(join(dir, 'spec.yaml'), sp500Spec(path));
        expect(await main([command, 'spec.yaml', '--no-tui', '--workers', '1'].slice(0, command === 'plan' ? 2 : 5), io), `${command} on ${what}`).toBe(1);
        expect(io.errors, `${command} on ${what}`).toHaveLength(2);
        expect(io.errors[0], `${command} on ${what}`).toMatch(says);
        expect(io.errors[1], `${command} on ${what}`).toMatch(/^Fix: /);
        expect(io.lines, `${command} on ${what}`).toEqual([]);
      }
    }
  });

  it('the built command on a FIFO: plan and run exit with the sentence instead of blocking', async () => {
    const fifo = hostile[0]!.path;
    await writeFile(join(dir, 'fifo.yaml'), sp500Spec(fifo));
    for (const args of [['plan', 'fifo.yaml'], ['run', 'fifo.yaml', '--no-tui', '--workers', '1', '--out', join(dir, 'runs')]]) {
      const child = start(args);
      expect(await child.exit(30_000), child.stderr).toBe(1);
      expect(child.stderr).toContain(`the data file ${fifo} is a FIFO (named pipe), not a regular file`);
      expect(child.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  }, testDeadline(90_000));

  it('plan never prints a line of a file that is not CSV (/etc/shadow)', async () => {
    const shadow = await secretFile(dir);
    await writeFile(join(dir, 'shadow.yaml'), sp500Spec(shadow));
    for (const argv of [['plan', 'shadow.yaml'], ['plan', 'shadow.yaml', '--json']]) {
      const io = captureIo(dir);
      await main(argv, io);
      const all = [...io.lines, ...io.errors].join('\n');
      if (!argv.includes('--json')) expect(all).toMatch(/the header has no `date` column \(its first line has 1 field, not shown since the file is not named \.csv or \.csv\.gz\)/);
      expect(all).not.toContain('hostileSECRET');
      expect(all).not.toContain(SECRET_LINE.slice(0, 12));
    }
  });

  it('run on a shadow-like file: its line reaches no output, log, results.json, trials.csv or report', async () => {
    const shadow = await secretFile(dir, 'shadow-run');
    await writeFile(join(dir, 'shadow-run.yaml'), `${sp500Spec(shadow)}split: { kind: random }\n`);
    const out = join(dir, 'shadow-runs');
    const child = start(['run', 'shadow-run.yaml', '--workers', '1', '--no-tui', '--max-deliver', '1', '--out', out]);
    expect(await child.exit(120_000), child.stderr).toBe(0);
    expect(child.stderr).toMatch(/the header has no `date` column \(its first line has 1 field, not shown/);
    const written = await readdir(out, { recursive: true, withFileTypes: true });
    const files = written.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    expect(files.map((f) => f.slice(out.length))).toEqual(expect.arrayContaining([expect.stringMatching(/results\.json$/), expect.stringMatching(/report\.html$/)]));
    for (const text of [child.stdout, child.stderr, ...(await Promise.all(files.map((f) => readFile(f, 'utf8'))))]) {
      expect(text).not.toContain('hostileSECRET');
      expect(text).not.toContain(SECRET_LINE.slice(0, 12));
    }
  }, testDeadline(150_000));
});

describe('report and resume on a run folder prepared by someone else', () => {
  it('refuse a FIFO left as results.json in one sentence instead of waiting on it', async () => {
    const sweep = 'fifo-20261206-000000-beef';
    await mkdir(join(dir, 'runs', sweep), { recursive: true });
    execFileSync('mkfifo', [join(dir, 'runs', sweep, 'results.json')]);
    for (const argv of [['report', join('runs', sweep)], ['resume', sweep, '--no-tui']]) {
      const io = captureIo(dir);
      expect(await main(argv, io), argv[0]).toBe(1);
      expect(io.errors[0], argv[0]).toBe(`seqsweep: the results file ${join(dir, 'runs', sweep, 'results.json')} is a FIFO (named pipe), not a regular file.`);
      expect(io.errors.join('\n'), argv[0]).not.toMatch(/internal error|\n\s+at /);
    }
  });
});

/** A CSV of `days` prices for one company, big enough that plan is still reading it when the signal comes. */
async function prices(days: number): Promise<string> {
  const rows = ['date,open,high,low,close,volume,Name'];
  for (let d = 0; d < days; d++) rows.push(`${new Date(Date.UTC(1900, 0, 1 + d)).toISOString().slice(0, 10)},1,${1 + (d % 97) / 10},1,1,1,A`);
  const file = join(dir, `prices-${days}.csv`);
  await writeFile(file, rows.join('\n') + '\n');
  return file;
}

describe('plan and run stop on SIGINT and SIGTERM', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('plan, while it loads the data for its dates, ends by %s at once', async (signal) => {
    await writeFile(join(dir, 'dated.yaml'), sp500Spec(await prices(40_000)));
    const child = start(['plan', 'dated.yaml']);
    await child.output(/^total: /m, 30_000);
    child.child.kill(signal);
    await child.exit(STOP_DEADLINE_MS + 1000);
    expect(child.signal).toBe(signal);
    expect(child.stdout).not.toContain('stage filter trials:');
  }, testDeadline(60_000));

  it.each(['SIGTERM', 'SIGINT'] as const)('run, while its local workers train, stops by %s, its workers with it', async (signal) => {
    await writeFile(join(dir, 'slow.yaml'), `name: slow
task: { name: noop, sleepMs: 600000 }
model: { name: lstm-ae }
grid: { learningRate: [0.1, 0.01] }
stages: { filter: { folds: 2, keep: 1 }, evaluate: { folds: 2 } }
`);
    const child = start(['run', 'slow.yaml', '--no-tui', '--workers', '2', '--out', join(dir, 'runs')]);
    await child.output(/^sweep slow-/m, 60_000);
    child.child.kill(signal);
    await child.exit(STOP_DEADLINE_MS + 1000);
    expect(child.stderr).toContain(`${signal}: stopping; the sweep stays recorded`);
    await vi.waitFor(() => expect(child.groupAlive()).toBe(false), waitForOptions(STOP_DEADLINE_MS + 1000));
  }, testDeadline(120_000));
});
