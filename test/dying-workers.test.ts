/**
 * The embedded default when its local workers keep dying, as under the OOM killer: every local worker is
 * SIGKILLed as soon as it appears, and `seqsweep run` must stop on its own, exit 1 with one sentence that names
 * the last worker error and what to do, and keep the results it has in the run folder, from which
 * `seqsweep resume <sweepId>` (no --nats) continues it without running the finished trials again, a racing sweep
 * included.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDeadline } from '@seqsweep/core/testing';
import { CLI, CliProcess } from './support/cli.js';
import { processesWithEnv } from './support/leftover-processes.js';
import { spawnTracked } from './support/processes.js';
import { noopSpec, tempDir, writeSpec } from './support/spec.js';

/** The pids of `pid`'s children (Linux). */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(/\s+/).filter(Boolean).map(Number);
}

/** Every process below `pid`, children first. */
async function descendantsOf(pid: number): Promise<number[]> {
  const children = await childrenOf(pid);
  return [...children, ...(await Promise.all(children.map(descendantsOf))).flat()];
}

/** Whether `pid` is a local worker of `seqsweep run` (its command line names the internal command). */
async function isLocalWorker(pid: number): Promise<boolean> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes('__local-worker');
}

/**
 * The OOM killer for one run: SIGKILLs each local worker below `root` (and only there) as soon as it shows up,
 * until `ended()`; every pid it killed goes into `killed`.
 */
async function killWorkersBelow(root: number, ended: () => boolean, exited: Promise<unknown>, killed: Set<number>): Promise<void> {
  while (!ended()) {
    for (const pid of await descendantsOf(root)) {
      if (!(await isLocalWorker(pid))) continue;
      killed.add(pid);
      kill(pid);
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20))]);
  }
}

const CASE_VARIABLE = 'SEQSWEEP_TEST_CASE';

/** SIGKILLs `pid`, which may be gone already. */
function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

const haveScript = spawnSync('script', ['--version']).status === 0;
if (!haveScript) {
  if (process.env.CI === 'true') throw new Error('`script` (util-linux) is required under CI=true for the TUI case of dying-workers.test.ts');
  console.warn('\n*** `script` (util-linux) NOT FOUND: the TUI case of dying-workers.test.ts is SKIPPED.\n');
}

describe('a local worker pool that keeps dying', () => {
  /** The processes a test started: each is killed with everything below it, even when the test fails. */
  const roots: ChildProcess[] = [];
  const killed = new Set<number>();
  /** Set in every process a test starts, so that its orphans are found once the process above them has exited. */
  let caseEnv: Record<string, string> = {};
  beforeEach(() => {
    caseEnv = { [CASE_VARIABLE]: randomUUID() };
  });
  afterEach(async () => {
    for (const root of roots.splice(0)) {
      if (root.exitCode !== null || root.signalCode !== null) continue;
      for (const pid of await descendantsOf(root.pid!)) kill(pid);
      root.kill('SIGKILL');
    }
    for (const { pid } of processesWithEnv(CASE_VARIABLE, caseEnv[CASE_VARIABLE]!)) kill(pid);
    killed.clear();
  });

  it('makes the run exit 1 with one sentence naming the last worker error, keeping its results', async () => {
    const dir = await tempDir('dying-workers');
    const out = join(dir, 'runs');
    const run = new CliProcess(['run', await writeSpec(dir, noopSpec('dying', 20)), '--workers', '1', '--out', out, '--no-tui'], { cwd: dir, env: caseEnv });
    roots.push(run.child);
    let ended = false;
    void run.exited.then(() => (ended = true));
    // The OOM killer: each local worker is killed as soon as it shows up, until the run gives up on them.
    const killer = killWorkersBelow(run.child.pid!, () => ended, run.exited, killed);
    expect(await run.exit(200_000), run.output).toBe(1);
    await killer;
    // The first worker and its five replacements.
    expect(killed.size).toBe(6);
    const sentence = run.stderr.filter((l) => l.startsWith('seqsweep: '));
    expect(sentence, run.output).toHaveLength(1);
    expect(sentence[0]).toMatch(/^seqsweep: the sweep stopped because no local worker is left \(local-1 was killed by SIGKILL\); the \d+ finished trials? (are|is) in runs\/dying-\S+\/results\.json, so fix the cause .* and `seqsweep resume dying-\S+ --out \S+` continues it/);
    expect(run.output).not.toMatch(/internal error|\n\s+at /);
    const sweepId = /runs\/(\S+)\/results\.json/.exec(sentence[0]!)![1]!;
    const results = JSON.parse(await readFile(join(out, sweepId, 'results.json'), 'utf8')) as { status: string; trials: unknown[] };
    expect(results.status).toBe('running');
    expect(results.trials.length).toBe(Number(/the (\d+) finished/.exec(sentence[0]!)![1]));
  });

  it.skipIf(!haveScript)('under the TUI, says the same sentence on a line of its own once the TUI has closed', async () => {
    const dir = await tempDir('dying-workers-tui');
    const spec = await writeSpec(dir, noopSpec('dying-tui', 20));
    // `script` gives the run a terminal, so it shows the TUI as it would for a person.
    const command = [process.execPath, CLI, 'run', spec, '--workers', '1', '--out', join(dir, 'runs')].map((a) => `'${a}'`).join(' ');
    const child: ChildProcess = spawnTracked('script', ['-qfec', command, '/dev/null'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...caseEnv, COLUMNS: '120', LINES: '40' } });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    let ended = false;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
      ended = true;
      resolve(code);
    }));
    roots.push(child);
    const killer = killWorkersBelow(child.pid!, () => ended, exited, killed);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no exit within the deadline:\n${output}`)), testDeadline(200_000))))])
      .finally(() => clearTimeout(timer));
    await killer;
    expect(killed.size).toBe(6);
    const text = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    expect(code, text).toBe(1);
    expect(text, 'the TUI was shown').toContain('Leaderboard');
    const lines = text.split(/\r?\n/).filter((l) => l.startsWith('seqsweep: '));
    expect(lines, text).toHaveLength(1);
    expect(lines[0]).toMatch(/^seqsweep: the sweep stopped because no local worker is left \(local-1 was killed by SIGKILL\); .*`seqsweep resume dying-tui-\S+ --out \S+` continues it/);
    expect(text).not.toMatch(/internal error|\n\s+at /);
  });

  type File = {
    status: string; trials: { id: string; stage: string; status: string; worker: string; durationMs: number; finishedAt?: string }[];
    race?: { stages: { evaluate?: { pointsRacedOut: number; decided?: { live: string[] } } }; state?: unknown };
  };

  /**
   * Runs `spec` with one local worker, kills the workers for good once `line` is printed, then resumes the sweep
   * without --nats; returns results.json before and after the resume. Checks what holds for every such resume.
   */
  async function dieThenResume(name: string, spec: Record<string, unknown>, line: RegExp): Promise<{ before: File; after: File }> {
    const dir = await tempDir(name);
    const out = join(dir, 'runs');
    const run = new CliProcess(['run', await writeSpec(dir, spec), '--workers', '1', '--out', out, '--no-tui'], { cwd: dir, env: caseEnv });
    roots.push(run.child);
    let ended = false;
    void run.exited.then(() => (ended = true));
    // The workers die only once a trial has finished, so the run folder keeps some.
    await run.waitForLine(line, 120_000);
    const killer = killWorkersBelow(run.child.pid!, () => ended, run.exited, killed);
    expect(await run.exit(200_000), run.output).toBe(1);
    await killer;
    const sentence = run.stderr.find((l) => l.startsWith('seqsweep: ')) ?? '';
    const [, sweepId, outFlag] = /`seqsweep resume (\S+) --out (\S+)` continues it/.exec(sentence) ?? [];
    expect(sweepId, run.output).toBeDefined();
    expect(outFlag).toBe(out);
    const read = async (): Promise<File> => JSON.parse(await readFile(join(out, sweepId!, 'results.json'), 'utf8')) as File;
    const before = await read();
    expect(before.status).toBe('running');
    expect(before.trials.length).toBeGreaterThan(0);

    const resumed = new CliProcess(['resume', sweepId!, '--out', out, '--workers', '1', '--no-tui'], { cwd: dir, env: { ...caseEnv, NATS_URL: '' } });
    roots.push(resumed.child);
    expect(await resumed.exit(200_000), resumed.output).toBe(0);
    expect(resumed.output).toContain(`resuming ${name}`);
    const after = await read();
    expect(after.status).toBe('completed');
    const ids = after.trials.map((t) => t.id);
    expect(new Set(ids).size, 'no trial twice').toBe(ids.length);
    // The trials finished before the workers died were not run again: the same worker and time.
    const byId = new Map(after.trials.map((t) => [t.id, t]));
    for (const t of before.trials) {
      expect(byId.get(t.id)?.finishedAt, t.id).toBe(t.finishedAt);
      expect(byId.get(t.id)?.worker, t.id).toBe(t.worker);
    }
    return { before, after };
  }

  const count = (file: File, stage: string): number => file.trials.filter((t) => t.stage === stage).length;

  it('is continued by `seqsweep resume <sweepId> --out DIR` without --nats, running only the trials not finished', async () => {
    const { after } = await dieThenResume('dying-resume', noopSpec('dying-resume', 200), /^\[[^\]]*\] filter \d+\/\d+ /);
    // Every planned trial: 6 points x 2 folds in stage one, the 2 survivors x 2 folds, then the final trial.
    expect([count(after, 'filter'), count(after, 'evaluate'), count(after, 'final')]).toEqual([12, 4, 1]);
  });

  it('continues a racing sweep the same way, its race taken up from results.json', async () => {
    // The noop task scores a point alike on every fold: after two evaluate folds the second survivor is worse at
    // p = 0 and raced out, which decides the race; the workers die in the middle of stage two.
    const spec = { ...noopSpec('dying-race', 200), stages: { filter: { folds: 2, epochs: 1, keep: 2 }, evaluate: { folds: 6, epochs: 1, race: true } } };
    const { before, after } = await dieThenResume('dying-race', spec, /^\[[^\]]*\] evaluate \d+\/\d+ /);
    expect(before.race?.state).toBeDefined();
    expect([count(after, 'filter'), count(after, 'evaluate'), count(after, 'final')]).toEqual([12, 12, 1]);
    expect(after.race?.stages.evaluate).toMatchObject({ pointsRacedOut: 1, decided: { live: [expect.any(String)] } });
    // What racing withdrew or skipped, before the resume or after it: each trial holds one result (the counts
    // above), so none of these folds was also trained.
    const notRun = after.trials.filter((t) => t.status === 'raced-out' || t.status === 'skipped');
    expect(notRun.length).toBeGreaterThanOrEqual(12 - 2 - 2 - 2);
    // The race went on after the resume: the resumed run recorded some of what it withdrew or skipped.
    expect(notRun.some((t) => !before.trials.some((b) => b.id === t.id))).toBe(true);
  });
});
