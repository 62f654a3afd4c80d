/** How long a bounded stop (`run`, `resume`) may take after the first SIGINT or SIGTERM before the signal ends it. */
export const STOP_DEADLINE_MS = 4000;

/** The streams and environment a command uses; injected so tests can run commands in-process. */
export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly isTTY: boolean;
  /** The terminal for the TUI, when there is one. */
  readonly terminal?: { readonly stdout: NodeJS.WriteStream; readonly stdin: NodeJS.ReadStream };
  /**
   * Calls `handler` when the user asks to stop (SIGINT or SIGTERM); `repeated` on a repeated signal. With
   * `bounded`, the stop has a deadline: a process still alive {@link STOP_DEADLINE_MS} after the first signal, or
   * on a second one, ends by the signal itself. Without any handler a signal ends the process at once.
   */
  readonly onStop: (handler: (signal: string, repeated: boolean) => void, options?: { bounded?: boolean }) => void;
}
