/** The real process as a command sees it: its output streams, and its stop signals with their deadline. */
import { STOP_DEADLINE_MS, type CommandIo } from './io.js';

/**
 * A reader that goes away (`seqsweep plan spec.yaml | head`) closes the pipe: later writes fail with EPIPE, which
 * Node raises as an unhandled 'error' event. Such a stream is dropped quietly and the command finishes its work.
 */
function tolerateClosedPipe(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    open = false;
  });
  return (text) => {
    if (open) stream.write(text);
  };
}

/**
 * Ends the process by `signal`'s default action. Node's own exit first joins its thread pool, so a read stuck in a
 * thread (a FIFO's open, a hung network file system) would hold `process.exit` forever; the signal ends every
 * thread at once, and the shell sees the usual status (130 for SIGINT, 143 for SIGTERM).
 */
function endBySignal(signal: string): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal as NodeJS.Signals);
}

/**
 * The CommandIo of the real process: its streams (a closed pipe tolerated), environment and folder, and its
 * SIGINT and SIGTERM turned into the command's stop handlers (see `CommandIo.onStop`).
 */
export function processIo(): CommandIo {
  const out = tolerateClosedPipe(process.stdout);
  const err = tolerateClosedPipe(process.stderr);
  let signals = 0;
  let bounded = false;
  const handlers: ((signal: string, repeated: boolean) => void)[] = [];
  const onSignal = (signal: string): void => {
    signals++;
    if (handlers.length === 0 || (bounded && signals > 1)) return endBySignal(signal);
    if (bounded && signals === 1) setTimeout(() => endBySignal(signal), STOP_DEADLINE_MS).unref();
    for (const h of handlers) h(signal, signals > 1);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    out: (line) => out(line + '\n'),
    err: (line) => err(line + '\n'),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
    terminal: { stdout: process.stdout, stdin: process.stdin },
    onStop: (h, options) => {
      handlers.push(h);
      if (options?.bounded === true) bounded = true;
    },
  };
}
