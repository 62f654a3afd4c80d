import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Coordinator, type SweepOutcome } from '@seqsweep/coordinator';
import { intOption, type ParsedArgs } from '../args.js';
import { openTransport } from '../connect.js';
import { LocalWorkers } from '../local-workers.js';
import { progressLines, leaderboardTable } from '../progress-lines.js';
import { specFromArgs } from '../spec-file.js';
import type { CommandIo } from '../io.js';
import { ExitCode } from '../errors.js';

/** `seqsweep run <spec>`: plans and runs a sweep, with local workers and/or remote ones over NATS. */
export async function runCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const { spec } = await specFromArgs(args, io.cwd);
  const { transport, embedded } = await openTransport(args, io.env, `seqsweep-coordinator ${spec.name}`);
  const workers = intOption(args, 'workers', embedded ? availableParallelism() : 0, embedded ? 1 : 0);
  const pool = workers > 0 ? new LocalWorkers(transport, workers, { log: (l) => io.err(l), extraArgs: backendArgs(args) }) : undefined;
  return driveSweep(args, io, transport, pool, (c) => c.start({ spec, shareData: !embedded }), () => spec.objective.metric);
}

/** Runs a coordinator to the end with progress lines, stopping local workers and the transport afterwards. */
export async function driveSweep(
  args: ParsedArgs, io: CommandIo, transport: import('@seqsweep/core').Transport, pool: LocalWorkers | undefined,
  go: (c: Coordinator) => Promise<SweepOutcome>, metric: () => string,
): Promise<number> {
  const coordinator = new Coordinator({
    transport,
    outDir: resolve(io.cwd, args.values.out ?? 'runs'),
    ackWaitMs: intOption(args, 'ack-wait', 60_000, 100),
    maxDeliver: intOption(args, 'max-deliver', 3, 1),
    maxTrials: intOption(args, 'max-trials', 10_000, 1),
    onEvent: progressLines(metric, io.out),
  });
  transport.onInvalid((subject, e) => io.err(`rejected a message on ${subject}: ${e.message}`));
  let stopped = false;
  io.onStop((signal) => {
    stopped = true;
    io.err(`${signal}: stopping; the sweep stays recorded and \`seqsweep resume\` continues it (with --nats)`);
    void Promise.all([pool?.stop(), transport.close()]).finally(() => process.exit(ExitCode.Failure));
  });
  try {
    const outcome = await go(coordinator);
    for (const line of leaderboardTable(outcome, metric())) io.out(line);
    io.out(`results: ${resolve(outcome.dir, 'results.json')}`);
    return ExitCode.Done;
  } finally {
    if (!stopped) await Promise.all([pool?.stop(), transport.close()]);
  }
}

export function backendArgs(args: ParsedArgs): string[] {
  return args.values.backend ? [`--backend=${args.values.backend}`] : [];
}
