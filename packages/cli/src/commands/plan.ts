import { describePlan, expandGrid, holdoutDates, isUserError, planStage, protocolLine, randomSplitWarning, unusableFolds, type SweepSpec } from '@seqsweep/core';
import type { ParsedArgs } from '../args.js';
import { specFromArgs } from '../spec-file.js';
import { ExitCode } from '../usage-error.js';
import type { CommandIo } from '../io.js';

/**
 * `seqsweep plan <spec>`: the dry run. Prints each stage's trial count and stage one's trials (with `--json`, the
 * same as one JSON document); trains nothing.
 */
export async function planCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const { spec, path } = await specFromArgs(args, io.cwd);
  const plan = describePlan(spec);
  const points = expandGrid(spec.grid);
  const trials = planStage({ spec, sweepId: 'plan', stage: 'filter', points }).map((t) => ({
    trialId: t.trialId, pointId: t.pointId, fold: t.split.kind === 'kfold' ? t.split.fold : -1, params: t.params,
  }));
  const { filter, evaluate } = spec.stages;
  if (args.flags.json) {
    io.out(JSON.stringify({
      spec: path, name: spec.name, task: spec.task.name, model: spec.model.name, objective: spec.objective,
      grid: { points: points.length, axes: Object.keys(spec.grid) },
      stages: {
        filter: { trials: plan.filter, points: points.length, folds: filter.folds, epochs: filter.epochs },
        evaluate: { trials: plan.evaluate, survivors: plan.survivors, folds: evaluate.folds, epochs: evaluate.epochs },
        final: { trials: plan.final, epochs: spec.final.epochs, testFraction: spec.final.testFraction },
      },
      total: plan.total,
      ...(plan.raced.length > 0 ? { fewest: plan.fewest } : {}),
      trials,
    }, null, 2));
    return ExitCode.Done;
  }
  io.out(`spec ${path}: ${spec.name}, task ${spec.task.name}, model ${spec.model.name}, objective ${spec.objective.metric} (${spec.objective.mode})`);
  io.out(`grid: ${points.length} points over ${Object.keys(spec.grid).join(', ') || 'no axes'}`);
  io.out(`stage filter:   ${plan.filter} trials (${points.length} points x ${filter.folds} folds, ${filter.epochs} epochs)`);
  io.out(`stage evaluate: ${plan.evaluate} trials (${plan.survivors} survivors x ${evaluate.folds} folds, ${evaluate.epochs} epochs)`);
  io.out(`stage final:    ${plan.final} trial (best point, whole training split, ${spec.final.epochs} epochs, test fraction ${spec.final.testFraction})`);
  io.out(`total:          ${plan.total} trials${plan.raced.length > 0 ? ' at most' : ''}`);
  if (plan.raced.length > 0) {
    const who = plan.raced.length === 1 ? `stage ${plan.raced[0]} races its folds` : `stages ${plan.raced.join(' and ')} race their folds`;
    io.out(`racing:         ${who}: ${plan.total} is the worst case; points raced out early skip their remaining folds, so fewer trials run (at the fewest ${plan.fewest})`);
  }
  const split = await protocolText(spec);
  io.out(`split:          ${split.line}`);
  for (const problem of split.problems) io.out(`warning: ${problem}`);
  const leak = randomSplitWarning(spec.split, spec.task);
  if (leak) io.out(`warning: ${leak}`);
  io.out('');
  io.out('stage filter trials:');
  for (const t of trials) io.out(`  ${t.pointId} fold ${t.fold}  ${JSON.stringify(t.params)}`);
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
    // Only a split by date reads the data (for its dates), so only then does plan load ml and with it tfjs.
    const { loadDataset } = await import('@seqsweep/ml');
    const dataset = await loadDataset(spec.task, { seed: spec.seed });
    return { line: protocolLine(spec, holdoutDates(spec, dataset)), problems: unusableFolds(spec, dataset) };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { line: `${protocolLine(spec)} (dates unknown: ${e.message})`, problems: [] };
  }
}
