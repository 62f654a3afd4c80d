/** The streams and environment a command uses; injected so tests can run commands in-process. */
export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly isTTY: boolean;
  /** The terminal for the TUI, when there is one. */
  readonly terminal?: { readonly stdout: NodeJS.WriteStream; readonly stdin: NodeJS.ReadStream };
  /** Resolves when the user asks to stop (SIGINT or SIGTERM); `second` on a repeated signal. */
  readonly onStop: (handler: (signal: string, repeated: boolean) => void) => void;
}
