import { resolve } from 'node:path';
import { compareRuns, comparisonJson, comparisonText, writeComparison } from '@seqsweep/report';
import type { ParsedArgs } from '../args.js';
import { ExitCode, UsageError } from '../usage-error.js';
import type { CommandIo } from '../io.js';

/**
 * `seqsweep compare <run-dir> <run-dir>...`: reads each run's results.json and sets the sweeps side by side (best
 * point, cv mean ± std, test figures, trial compute, importance), as text or, with `--json`, one JSON document; and
 * writes the same with their best-so-far against compute on one chart to an HTML page (`--html`, default
 * compare.html). A missing or unreadable run directory is one sentence and its fix.
 */
export async function compareCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const dirs = args.positionals;
  if (dirs.length < 2) throw new UsageError('`compare` needs two or more run directories, e.g. `seqsweep compare runs/<sweepId> runs/<sweepId>`');
  const comparison = await compareRuns(dirs.map((d) => resolve(io.cwd, d)));
  const path = await writeComparison(comparison, resolve(io.cwd, args.values.html ?? 'compare.html'));
  if (args.flags.json) {
    io.out(comparisonJson(comparison, path));
    return ExitCode.Done;
  }
  for (const line of comparisonText(comparison)) io.out(line);
  io.out(`report: ${path}`);
  return ExitCode.Done;
}
