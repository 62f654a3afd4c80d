/**
 * The built command as a child of a cli test: started in its own process group, so that stopping it also stops
 * the local workers it forked, and waited for with a deadline (scaled by SEQSWEEP_TEST_TIMEOUT_SCALE), so that a
 * hang fails the test with the child's output instead of holding the run. Call `stop()` in an afterEach: it kills
 * the whole group, whether or not the test's assertions passed.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { testDeadline } from '@seqsweep/core/testing';

export class TestChild {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** The signal that ended it, once it has exited by one. */
  signal: NodeJS.Signals | null = null;
  readonly #exited: Promise<number | null>;
  readonly #watchers = new Set<() => void>();

  constructor(args: readonly string[], options: Omit<SpawnOptions, 'detached' | 'stdio'> = {}) {
    this.child = spawn(process.execPath, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => {
      this.stdout += d.toString();
      for (const w of this.#watchers) w();
    });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr += d.toString();
      for (const w of this.#watchers) w();
    });
    this.#exited = new Promise((resolve, reject) => {
      this.child.once('exit', (code, signal) => {
        this.signal = signal;
        resolve(code);
      });
      this.child.once('error', reject);
    });
  }

  /** Its exit code, or a rejection (after stopping it) when it runs past `ms` (a base deadline, scaled). */
  async exit(ms: number): Promise<number | null> {
    const timeoutMs = testDeadline(ms);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.stop();
        reject(new Error(`the command did not exit within ${timeoutMs} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.#exited, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves once its stdout or stderr matches `pattern`; rejects when it exits first or after `ms` (scaled). */
  async output(pattern: RegExp, ms: number): Promise<void> {
    const timeoutMs = testDeadline(ms);
    let done: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        done = () => {
          if (pattern.test(this.stdout) || pattern.test(this.stderr)) resolve();
        };
        this.#watchers.add(done);
        done();
        timer = setTimeout(() => reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`)), timeoutMs);
        const exited = (): void => {
          done!();
          reject(new Error(`it exited before printing ${pattern}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
        };
        void this.#exited.then(exited, exited);
      });
    } finally {
      this.#watchers.delete(done!);
      clearTimeout(timer);
    }
  }

  /** True while any process of its group (it, or a worker it forked) is alive. */
  groupAlive(): boolean {
    try {
      process.kill(-this.child.pid!, 0);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw e;
    }
  }

  /** SIGKILLs its process group (it and every process it started that kept the group); a no-op once gone. */
  stop(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }
}
