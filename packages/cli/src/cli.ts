import { parseArgs, type ParsedArgs } from './args.js';
import { UsageError, ExitCode, reportUsageError } from './usage-error.js';
import { isCommand, PUBLIC_COMMANDS, type CommandName } from './flags.js';
import { commandHelp, globalHelp } from './usage.js';
import type { CommandIo } from './io.js';

type Command = (args: ParsedArgs, io: CommandIo, argv: readonly string[]) => Promise<number>;

/**
 * Each command's module, loaded only when that command runs: `--help`, `plan`, `status` and `watch` never load
 * the coordinator, the worker or the report (and with them tfjs and vega).
 */
const COMMAND_MODULES: Record<CommandName, () => Promise<Command>> = {
  run: async () => (await import('./commands/run.js')).runCommand,
  resume: async () => (await import('./commands/resume.js')).resumeCommand,
  status: async () => (await import('./commands/status.js')).statusCommand,
  plan: async () => (await import('./commands/plan.js')).planCommand,
  replicas: async () => (await import('./commands/replicas.js')).replicasCommand,
  watch: async () => {
    const { watchCommand } = await import('./commands/watch.js');
    return (args, io) => watchCommand(args, io);
  },
  report: async () => (await import('./commands/report.js')).reportCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  worker: async () => (await import('./commands/worker.js')).workerCommand,
  '__local-worker': async () => (await import('./commands/worker.js')).localWorkerCommand,
};

/** Runs the seqsweep command line and returns its exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    const { command } = args;
    if (command === 'help') {
      const about = args.positionals[0];
      if (about !== undefined && !isCommand(about)) throw unknownCommand(about);
      io.out(about === undefined ? globalHelp() : commandHelp(about));
      return ExitCode.Done;
    }
    if (command === undefined) {
      io.out(globalHelp());
      return args.flags.help ? ExitCode.Done : ExitCode.Usage;
    }
    if (!isCommand(command)) throw unknownCommand(command);
    if (args.flags.help) {
      io.out(commandHelp(command));
      return ExitCode.Done;
    }
    const run = await COMMAND_MODULES[command]();
    return await run(args, io, argv);
  } catch (e) {
    if (e instanceof UsageError) return reportUsageError(e, io.err);
    // Loaded here, not up front: it reads core's error classes, which parsing and `--help` have no need of.
    const { reportError } = await import('./errors.js');
    return reportError(e, io.err);
  }
}

function unknownCommand(name: string): UsageError {
  const list = PUBLIC_COMMANDS.slice(0, -1).join(', ') + ' and ' + PUBLIC_COMMANDS.at(-1)!;
  return new UsageError(`unknown command "${name}"; the commands are ${list}`);
}
