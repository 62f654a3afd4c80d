/**
 * A real terminal for the TUI: a detached tmux session on its own server socket, read back with `capture-pane` and
 * driven with `send-keys`. Each session's server is killed on close, and the process in its pane with it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { vi } from 'vitest';
import { waitForOptions } from '@seqsweep/core/testing';

/** Where the tests look for tmux (Debian's package). */
export const TMUX_PATH = process.env.SEQSWEEP_TMUX ?? '/usr/bin/tmux';

/** A `describe` that needs tmux: skipped with a loud warning where it is missing, failing instead when required. */
export function describeTmux(required: boolean, api: { describe: ((name: string, body: () => void) => void) & { skip(name: string, body: () => void): void }; it(name: string, body: () => void): void }): (name: string, body: () => void) => void {
  if (existsSync(TMUX_PATH)) return api.describe;
  if (required) {
    return (name) => api.describe(name, () => api.it('needs tmux', () => {
      throw new Error(`tmux is required here (CI=true or SEQSWEEP_REQUIRE_TMUX=1) but ${TMUX_PATH} is missing; install it with apt-get install tmux`);
    }));
  }
  return (name, body) => {
    console.warn(`\n${'!'.repeat(72)}\n! ${TMUX_PATH} is missing: the TUI's terminal test is SKIPPED (apt-get install tmux)\n${'!'.repeat(72)}\n`);
    api.describe.skip(name, body);
  };
}

/** One detached session running `command` in a `columns` × `rows` pane. */
export class TmuxSession {
  readonly #socket: string;
  #open = true;

  private constructor(socket: string) {
    this.#socket = socket;
  }

  /** Starts a server on a socket of its own and a session running `command` (argv) in `cwd`. */
  static start(command: readonly string[], options: { cwd: string; columns: number; rows: number }): TmuxSession {
    const socket = `seqsweep-test-${process.pid}-${Date.now()}`;
    const session = new TmuxSession(socket);
    session.#tmux(['-f', '/dev/null', 'new-session', '-d', '-s', 'tui', '-x', String(options.columns), '-y', String(options.rows), '-c', options.cwd, '--', ...command]);
    return session;
  }

  #tmux(args: readonly string[]): string {
    return execFileSync(TMUX_PATH, ['-L', this.#socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The pane's text as it stands. */
  screen(): string {
    return this.#tmux(['capture-pane', '-p', '-t', 'tui']);
  }

  /** Types keys, in tmux's names (`i`, `C-c`, `Escape`). */
  keys(...keys: string[]): void {
    this.#tmux(['send-keys', '-t', 'tui', ...keys]);
  }

  /** Resolves with the screen once `pattern` is on it; fails at the (scaled) deadline with the last screen. */
  async waitFor(pattern: RegExp, baseTimeoutMs = 30_000): Promise<string> {
    let last = '';
    await vi.waitFor(() => {
      last = this.screen();
      if (!pattern.test(last)) throw new Error(`${pattern} is not on the screen:\n${last}`);
    }, waitForOptions(baseTimeoutMs));
    return last;
  }

  /** Whether the session's command is still running. */
  alive(): boolean {
    try {
      this.#tmux(['has-session', '-t', 'tui']);
      return true;
    } catch {
      // has-session exits non-zero once the session (and its server) is gone: that is the answer, not an error.
      return false;
    }
  }

  /** Waits for the command to exit by itself (the session ends with it). */
  async exited(baseTimeoutMs = 30_000): Promise<void> {
    await vi.waitFor(() => {
      if (this.alive()) throw new Error('the command in the tmux pane is still running');
    }, waitForOptions(baseTimeoutMs));
  }

  /**
   * Stops what still runs in the pane, with the processes it started (its process group: a run's local workers),
   * SIGTERM then SIGKILL after the (scaled) grace period; then the server.
   */
  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    if (!this.alive()) return;
    const pid = Number(this.#tmux(['display-message', '-p', '-t', 'tui', '#{pane_pid}']).trim());
    const signal = (name: NodeJS.Signals): void => {
      try {
        process.kill(-pid, name);
      } catch (e) {
        // ESRCH: the group has gone since the check, which is what is wanted.
        if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
      }
    };
    signal('SIGTERM');
    await this.exited(10_000).catch(() => signal('SIGKILL'));
    if (this.alive()) this.#tmux(['kill-server']);
  }
}
