import { availableParallelism } from 'node:os';
import { Coordinator } from '@seqsweep/coordinator';
import { intOption, type ParsedArgs } from '../args.js';
import { openTransport } from '../connect.js';
import { LocalWorkers } from '../local-workers.js';
import { driveSweep } from './drive.js';
import { specFromArgs } from '../spec-file.js';
import { backendOption } from '../backend-option.js';
import type { CommandIo } from '../io.js';

/** `seqsweep run <spec>`: plans and runs a sweep, with local workers and/or remote ones over NATS. */
export async function runCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const { spec } = await specFromArgs(args, io.cwd);
  // Checked before connecting, so a grid that is too large never reaches the server.
  Coordinator.checkTrialLimit(spec, intOption(args, 'max-trials', 10_000, 1));
  const { transport, embedded } = await openTransport(args, io.env, `seqsweep-coordinator ${spec.name}`);
  const workers = intOption(args, 'workers', embedded ? availableParallelism() : 0, embedded ? 1 : 0);
  const pool = workers > 0 ? new LocalWorkers(transport, workers, { log: workerLog(args, io), extraArgs: backendArgs(args) }) : undefined;
  return driveSweep(args, io, transport, pool, (c) => c.start({ spec, shareData: !embedded }), embedded);
}

/** The `--backend` local workers are started with (the parser has checked it). */
export function backendArgs(args: ParsedArgs): string[] {
  const backend = backendOption(args);
  return backend ? [`--backend=${backend}`] : [];
}

/**
 * What local workers say that the person running the sweep needs: failures and hand-backs, not every trial
 * (the progress lines and the TUI show those). Nothing is written while the TUI holds the terminal.
 */
export function workerLog(args: ParsedArgs, io: CommandIo): (line: string) => void {
  const tui = io.isTTY && args.flags['no-tui'] !== true;
  return (line) => {
    if (!tui && /fail|handed back|rejected|could not|not sent|error/i.test(line)) io.err(line);
  };
}
