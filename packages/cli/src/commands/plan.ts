import { describePlan, expandGrid, holdoutDates, isUserError, planStage, protocolLine, randomSplitWarning, unusableFolds, type SweepSpec } from '@seqsweep/core';
import { loadDataset } from '@seqsweep/ml';
import type { ParsedArgs } from '../args.js';
import { specFromArgs } from '../spec-file.js';
import { ExitCode } from '../errors.js';
import type { CommandIo } from '../io.js';

/** `seqsweep plan <spec>`: the dry run. Prints each stage's trial count and stage one's trials; trains nothing. */
export async function planCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const { spec, path } = await specFromArgs(args, io.cwd);
  const plan = describePlan(spec);
  const points = expandGrid(spec.grid);
  io.out(`spec ${path}: ${spec.name}, task ${spec.task.name}, model ${spec.model.name}, objective ${spec.objective.metric} (${spec.objective.mode})`);
  io.out(`grid: ${points.length} points over ${Object.keys(spec.grid).join(', ') || 'no axes'}`);
  io.out(`stage filter:   ${plan.filter} trials (${points.length} points x ${spec.stages.filter.folds} folds, ${spec.stages.filter.epochs} epochs)`);
  io.out(`stage evaluate: ${plan.evaluate} trials (${plan.survivors} survivors x ${spec.stages.evaluate.folds} folds, ${spec.stages.evaluate.epochs} epochs)`);
  io.out(`stage final:    ${plan.final} trial (best point, whole training split, ${spec.final.epochs} epochs, test fraction ${spec.final.testFraction})`);
  io.out(`total:          ${plan.total} trials`);
  const split = await protocolText(spec);
  io.out(`split:          ${split.line}`);
  for (const problem of split.problems) io.out(`warning: ${problem}`);
  const leak = randomSplitWarning(spec.split, spec.task.name);
  if (leak) io.out(`warning: ${leak}`);
  io.out('');
  io.out('stage filter trials:');
  for (const t of planStage({ spec, sweepId: 'plan', stage: 'filter', points })) {
    const fold = t.split.kind === 'kfold' ? t.split.fold : -1;
    io.out(`  ${t.pointId} fold ${fold}  ${JSON.stringify(t.params)}`);
  }
  return ExitCode.Done;
}

/**
 * The protocol line, with the test's dates when the data loads (a split by date reads them from the data), and the
 * folds that would have no training or validation window; a data file that cannot be read leaves them out and says
 * why, since `plan` trains nothing and `run` reports it properly.
 */
async function protocolText(spec: SweepSpec): Promise<{ line: string; problems: string[] }> {
  if (spec.split.kind !== 'chronological') return { line: protocolLine(spec), problems: [] };
  try {
    const dataset = await loadDataset(spec.task, { seed: spec.seed });
    return { line: protocolLine(spec, holdoutDates(spec, dataset)), problems: unusableFolds(spec, dataset) };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { line: `${protocolLine(spec)} (dates unknown: ${e.message})`, problems: [] };
  }
}
