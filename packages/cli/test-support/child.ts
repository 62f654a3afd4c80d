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
  readonly #exited: Promise<number | null>;

  constructor(args: readonly string[], options: Omit<SpawnOptions, 'detached' | 'stdio'> = {}) {
    this.child = spawn(process.execPath, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.#exited = new Promise((resolve, reject) => {
      this.child.once('exit', (code) => resolve(code));
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
