// The seqsweep processes of a chaos run: each one started from the built CLI, its output kept line by line (and
// appended to a log file), with waits on lines and on exit that never sleep to find out.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testDeadline } from '@seqsweep/core/testing';
import { recordTestProcess } from '../lib/test-processes.mjs';

/** The built seqsweep command. */
export const CLI = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

/** Every process started and not yet exited, so that a test can stop them all however it ended. */
const live = new Set();

/** SIGKILLs every seqsweep process still running and waits until they are gone. */
export async function killAllSeqsweepProcesses() {
  await Promise.all([...live].map((p) => p.kill()));
}

/** A seqsweep process: output kept line by line, and waits on lines or on its exit. */
export class SeqsweepProcess {
  /**
   * @param {string} label a short name for logs
   * @param {readonly string[]} args the seqsweep arguments
   * @param {{ env?: NodeJS.ProcessEnv; logFile?: string; onLine?: (line: string) => void }} [options]
   */
  constructor(label, args, options = {}) {
    this.label = label;
    this.args = args;
    /** @type {string[]} */
    this.lines = [];
    this.killedByHarness = false;
    /** @type {Set<() => void>} */
    this.waiters = new Set();
    this.log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    this.log?.write(`--- ${new Date().toISOString()} ${label}: seqsweep ${args.join(' ')}\n`);
    this.child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(this);
    // Under a test run, the run's teardown names this process if it outlives the test.
    recordTestProcess(this.child, `${label}: seqsweep ${args.join(' ')}`);
    const collect = () => {
      let partial = '';
      return (/** @type {Buffer} */ chunk) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) {
          this.lines.push(line);
          this.log?.write(`${line}\n`);
          options.onLine?.(line);
        }
        for (const wake of this.waiters) wake();
      };
    };
    this.child.stdout.on('data', collect());
    this.child.stderr.on('data', collect());
    /** @type {Promise<{ code: number | null; signal: NodeJS.Signals | null }>} */
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => {
      live.delete(this);
      this.log?.end(`--- ${new Date().toISOString()} ${label} exited (${signal ?? `code ${code}`})\n`);
      for (const wake of this.waiters) wake();
      resolve({ code, signal });
    }));
  }

  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines of output, for error messages. */
  tail(n = 40) {
    return this.lines.slice(-n).join('\n');
  }

  /**
   * Resolves with the first line matching `pattern`; rejects when the process exits first or at the deadline
   * (a base deadline, scaled by SEQSWEEP_TEST_TIMEOUT_SCALE).
   * @param {RegExp} pattern
   * @param {number} [baseTimeoutMs]
   * @returns {Promise<string>}
   */
  waitForLine(pattern, baseTimeoutMs = 60_000) {
    const timeoutMs = testDeadline(baseTimeoutMs);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(() => reject(new Error(`${this.label}: no line matching ${pattern} within ${timeoutMs} ms:\n${this.tail()}`))), timeoutMs);
      const settle = (/** @type {() => void} */ how) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        how();
      };
      const check = () => {
        const hit = this.lines.find((l) => pattern.test(l));
        if (hit !== undefined) settle(() => resolve(hit));
        else if (!this.running) settle(() => reject(new Error(`${this.label} exited before a line matching ${pattern}:\n${this.tail()}`)));
      };
      this.waiters.add(check);
      check();
    });
  }

  /** SIGKILL, as the harness's own fault; resolves once the process is gone. */
  async kill() {
    this.killedByHarness = true;
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (a clean stop), then SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000) {
    this.killedByHarness = true;
    if (this.running) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
