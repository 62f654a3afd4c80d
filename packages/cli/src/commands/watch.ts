import { findNewestRunningSweep, watchSweep } from '@seqsweep/tui';
import type { ParsedArgs } from '../args.js';
import { connectFromArgs, natsUrl } from '../connect.js';
import { UsageError, ExitCode } from '../usage-error.js';
import type { CommandIo } from '../io.js';
import { invalidLog } from '../invalid-log.js';

/** The terminal `watch` draws on and reads keys from. */
export interface WatchTerminal {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
}

/**
 * `seqsweep watch [sweepId] --nats URL`: attaches to a sweep from any machine (without an id, the newest running
 * one), rebuilds it from the stored results and follows it live. On a terminal it shows the TUI until `q`, which
 * leaves the sweep running; otherwise it prints progress lines and, when the sweep ends, the leaderboard.
 */
export async function watchCommand(args: ParsedArgs, io: CommandIo, terminal: WatchTerminal = io.terminal ?? { stdout: process.stdout, stdin: process.stdin }): Promise<number> {
  const url = natsUrl(args, io.env);
  if (!url) throw new UsageError('`watch` needs --nats URL (or NATS_URL): it attaches to a sweep recorded on a NATS server');
  const transport = await connectFromArgs(args, url, 'seqsweep-watch');
  // Under the TUI a line on stderr would break the display, as with `run`; otherwise rate-limited like `run`'s.
  const rejected = invalidLog(io.err);
  transport.onInvalid((subject, e) => {
    if (!io.isTTY) rejected.log(subject, `rejected a message on ${subject}: ${e.message}`);
  });
  try {
    let sweepId = args.positionals[0];
    if (!sweepId) {
      const newest = await findNewestRunningSweep(transport);
      if (!newest) {
        io.err(`seqsweep: no sweep is running on ${transport.description}.`);
        io.err('Fix: name a finished sweep (`seqsweep status` lists them), or start one with `seqsweep run --nats URL`.');
        return ExitCode.Failure;
      }
      sweepId = newest.sweepId;
      if (!io.isTTY) io.out(`watching ${sweepId} (the newest running sweep)`);
    } else if (!(await transport.getSweep(sweepId))) {
      io.err(`seqsweep: no sweep "${sweepId}" on ${transport.description}.`);
      io.err('Fix: check the id, --nats and --prefix; `seqsweep status` lists the sweeps there.');
      return ExitCode.Failure;
    }
    const watch = await watchSweep({ transport, sweepId, stdout: terminal.stdout, stdin: terminal.stdin, isTTY: io.isTTY, out: io.out });
    io.onStop(() => void watch.close());
    await watch.exited;
    return ExitCode.Done;
  } finally {
    await transport.close();
    rejected.close();
  }
}
