#!/usr/bin/env node
// React (in the TUI) runs its slow development build unless told otherwise.
process.env.NODE_ENV ??= 'production';
const { main } = await import('./cli.js');
import type { CommandIo } from './io.js';

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

function processIo(): CommandIo {
  const out = tolerateClosedPipe(process.stdout);
  const err = tolerateClosedPipe(process.stderr);
  let signals = 0;
  const handlers: ((signal: string, repeated: boolean) => void)[] = [];
  const onSignal = (signal: string): void => {
    signals++;
    if (handlers.length === 0) process.exit(130);
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
    onStop: (h) => handlers.push(h),
  };
}

// The command closes what it opened (NATS connections, local workers, the TUI's stdin), so the process ends by
// itself once the exit code is set. A process forked with an IPC channel (a local worker, or one of `worker
// --concurrency N`) is kept alive by that channel, which it is done with.
process.exitCode = await main(process.argv.slice(2), processIo());
if (process.connected) process.disconnect();
