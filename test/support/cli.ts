import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testDeadline } from '@seqsweep/core/testing';
import { spawnTracked } from './processes.js';

/** The built seqsweep command (the test target depends on the build). */
export const CLI = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

/**
 * A seqsweep process started by a test, with its output collected line by line. It is tracked (support/processes.ts):
 * stopped after its test even when an assertion fails first. Every deadline given here is a base deadline, scaled
 * by SEQSWEEP_TEST_TIMEOUT_SCALE.
 */
export class CliProcess {
  readonly child: ChildProcess;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #waiters = new Set<() => void>();

  constructor(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawnTracked(process.execPath, [CLI, ...args], {
      cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], label: `seqsweep ${args.join(' ')}`,
    });
    const collect = (into: string[]) => {
      let partial = '';
      return (chunk: Buffer): void => {
        const parts = (partial + chunk.toString()).split('\n');
        partial = parts.pop() ?? '';
        into.push(...parts);
        for (const wake of this.#waiters) wake();
      };
    };
    this.child.stdout!.on('data', collect(this.stdout));
    this.child.stderr!.on('data', collect(this.stderr));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      for (const wake of this.#waiters) wake();
      resolve({ code, signal });
    }));
  }

  get output(): string {
    return [...this.stdout, ...this.stderr].join('\n');
  }

  /** Resolves with the first line (stdout or stderr) matching `pattern`; rejects at the deadline or on exit. */
  async waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return (await this.waitForLines(pattern, 1, timeoutMs))[0]!;
  }

  /** Resolves with the first `count` lines matching `pattern`; rejects at the deadline or on exit before that. */
  waitForLines(pattern: RegExp, count: number, baseTimeoutMs = 60_000): Promise<string[]> {
    const timeoutMs = testDeadline(baseTimeoutMs);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const hits = [...this.stdout, ...this.stderr].filter((l) => pattern.test(l));
        if (hits.length >= count) return done(() => resolve(hits.slice(0, count)));
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          done(() => reject(new Error(`process exited after ${hits.length} of ${count} lines matching ${pattern}:\n${this.output}`)));
        }
      };
      const timer = setTimeout(() => done(() => reject(new Error(`only ${[...this.stdout, ...this.stderr].filter((l) => pattern.test(l)).length} of ${count} lines matching ${pattern} within ${timeoutMs} ms:\n${this.output}`))), timeoutMs);
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        settle();
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Resolves with the exit code; rejects if the process outlives the deadline (it is then killed). */
  async exit(baseTimeoutMs = 120_000): Promise<number | null> {
    const timeoutMs = testDeadline(baseTimeoutMs);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`process did not exit within ${timeoutMs} ms:\n${this.output}`));
      }, timeoutMs);
    });
    try {
      return (await Promise.race([this.exited, deadline])).code;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/** Runs seqsweep to the end and returns its exit code and output. */
export async function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string[]; stderr: string[]; output: string }> {
  const p = new CliProcess(args, options);
  const code = await p.exit(options.timeoutMs);
  return { code, stdout: p.stdout, stderr: p.stderr, output: p.output };
}

/**
 * The `start` of a suite whose tests start `seqsweep` processes: each one is SIGKILLed after its test if still
 * running, and awaited, however the test ended. Call it inside a `describe`.
 */
export function cliProcesses(hooks: { afterEach(fn: () => Promise<void>): void }): (args: string[]) => CliProcess {
  const started: CliProcess[] = [];
  hooks.afterEach(async () => {
    for (const p of started.splice(0)) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await p.exited;
    }
  });
  return (args) => {
    const p = new CliProcess(args);
    started.push(p);
    return p;
  };
}
