import { parseArgs } from './args.js';
import { reportError, UsageError, ExitCode } from './errors.js';
import { USAGE } from './usage.js';
import type { CommandIo } from './io.js';
import { runCommand } from './commands/run.js';
import { resumeCommand } from './commands/resume.js';
import { statusCommand } from './commands/status.js';
import { planCommand } from './commands/plan.js';
import { workerCommand, localWorkerCommand } from './commands/worker.js';
import { watchCommand } from './commands/watch.js';
import { reportCommand } from './commands/report.js';
import { LOCAL_WORKER_COMMAND } from './local-workers.js';

/** Runs the seqsweep command line and returns its exit code. */
export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.flags.help || args.command === undefined || args.command === 'help') {
      io.out(USAGE);
      return args.command === undefined && !args.flags.help ? ExitCode.Usage : ExitCode.Done;
    }
    switch (args.command) {
      case 'run': return await runCommand(args, io);
      case 'resume': return await resumeCommand(args, io);
      case 'status': return await statusCommand(args, io);
      case 'plan': return await planCommand(args, io);
      case 'watch': return await watchCommand(args, io);
      case 'report': return await reportCommand(args, io);
      case 'worker': return await workerCommand(args, io, argv);
      case LOCAL_WORKER_COMMAND: return await localWorkerCommand(args, io);
      default: throw new UsageError(`unknown command "${args.command}"; the commands are run, worker, watch, resume, status, plan and report`);
    }
  } catch (e) {
    return reportError(e, io.err);
  }
}

