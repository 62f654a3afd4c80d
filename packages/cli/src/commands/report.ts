import { resolve } from 'node:path';
import { writeReport } from '@seqsweep/report';
import type { ParsedArgs } from '../args.js';
import { ExitCode, UsageError } from '../usage-error.js';
import { backendOption } from '../backend-option.js';
import type { CommandIo } from '../io.js';

/**
 * `seqsweep report <run-dir>`: writes `<run-dir>/report.html` again from results.json and the saved best model
 * (never retraining), and prints its path. A missing run directory or results.json is one sentence and its fix.
 */
export async function reportCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const dir = args.positionals[0];
  if (!dir) throw new UsageError('`report` needs a run directory, e.g. `seqsweep report runs/<sweepId>`');
  const backend = backendOption(args) ?? 'auto';
  const path = await writeReport(resolve(io.cwd, dir), undefined, { backend });
  io.out(`report: ${path}`);
  return ExitCode.Done;
}
