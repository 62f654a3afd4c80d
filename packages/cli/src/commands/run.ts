import { availableParallelism } from 'node:os';
import { Coordinator } from '@seqsweep/coordinator';
import { STRATEGIES } from '@seqsweep/core';
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
  if (STRATEGIES[spec.search.strategy]?.adaptive && args.values.parallel === undefined && !embedded) {
    // Remote workers come and go unseen: the number to keep busy is the user's to give, and is stored with the sweep.
    io.err(`note: strategy ${spec.search.strategy} keeps ${Math.max(1, workers)} stage-one trial${workers > 1 ? 's' : ''} unfinished; give --parallel N to keep N workers busy`);
  }
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
