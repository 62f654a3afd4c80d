import {
  checkTrialLimit, DEFAULT_MAX_TRIALS, describeCode, describePlan, firstDraws, holdoutDates, isModuleComponent, isUserError, modelDeclaration, modulesOf,
  paramText, planStage, protocolLine, randomSplitWarning, searchExhaustedText, searchSpaceOf, spaceSize, taskDeclaration, unusableFolds, type FirstDraws,
  type RungPlan, type SweepSpec,
} from '@seqsweep/core';
import type { ParsedArgs } from '../args.js';
import { intOption } from '../args.js';
import { specFromArgs } from '../spec-file.js';
import { ExitCode } from '../usage-error.js';
import type { CommandIo } from '../io.js';

/** Stage-one trials listed without `--all`: a summary stays a summary however large the grid. */
export const PLAN_TRIALS_SHOWN = 100;

/**
 * `seqsweep plan <spec>`: the dry run. Prints each stage's trial count and the first {@link PLAN_TRIALS_SHOWN} of
 * stage one's trials (`--all`: every one; with `--json`, the same as one JSON document); trains nothing. A plan over
 * `--max-trials` is refused as `run` refuses it. Stage one's trials are those of the points the strategy draws before
 * any result: all of them, but for a strategy that draws as results arrive (tpe), its first draws.
 */
export async function planCommand(args: ParsedArgs, io: CommandIo): Promise<number> {
  const { spec, path } = await specFromArgs(args, io.cwd);
  checkTrialLimit(spec, intOption(args, 'max-trials', DEFAULT_MAX_TRIALS, 1));
  const plan = describePlan(spec);
  const draws = firstDraws(spec);
  const { points } = draws;
  const axes = Object.keys(searchSpaceOf(spec));
  const planned = planStage({ spec, sweepId: 'plan', stage: 'filter', points });
  const shown = args.flags.all === true ? planned : planned.slice(0, PLAN_TRIALS_SHOWN);
  const omitted = planned.length - shown.length;
  const trials = shown.map((t) => ({
    trialId: t.trialId, pointId: t.pointId, fold: t.split.kind === 'kfold' ? t.split.fold : -1, params: t.params,
  }));
  const { filter, evaluate } = spec.stages;
  const code = await describeCode(spec);
  const task = taskDeclaration(spec.task)?.name ?? spec.task.name;
  const model = modelDeclaration(spec.model)?.name ?? spec.model.name;
  if (args.flags.json) {
    io.out(JSON.stringify({
      spec: path, name: spec.name, task, model, objective: spec.objective, ...(code ? { code } : {}),
      grid: { points: plan.points, axes },
      search: {
        strategy: spec.search.strategy, ...(spec.search.trials === undefined ? {} : { trials: spec.search.trials }),
        points: plan.points, drawnBeforeResults: points.length, drawnAsResultsArrive: draws.adaptive,
      },
      stages: {
        filter: { trials: plan.filter, points: plan.points, folds: filter.folds, epochs: filter.epochs },
        evaluate: { trials: plan.evaluate, survivors: plan.survivors, folds: evaluate.folds, epochs: evaluate.epochs },
        final: { trials: plan.final, epochs: spec.final.epochs, testFraction: spec.final.testFraction },
      },
      total: plan.total,
      ...(plan.raced.length > 0 || Object.keys(plan.rungs).length > 0 ? { fewest: plan.fewest } : {}),
      ...(Object.keys(plan.rungs).length > 0 ? { rungs: plan.rungs } : {}),
      trials,
      ...(omitted > 0 ? { trialsOmitted: omitted } : {}),
    }, null, 2));
    return ExitCode.Done;
  }
  io.out(`spec ${path}: ${spec.name}, task ${task}, model ${model}, objective ${spec.objective.metric} (${spec.objective.mode})`);
  for (const m of modulesOf(code)) {
    io.out(`module:         ${m.entry} digest ${m.digest} (${Object.keys(m.files).length} file${Object.keys(m.files).length === 1 ? '' : 's'}); workers run it with --allow-code or --trust ${m.digest}`);
  }
  for (const line of searchLines(spec, draws, axes)) io.out(line);
  const { filter: fRungs, evaluate: eRungs } = plan.rungs;
  const inRungs = (r: RungPlan | undefined): string => (r ? ` x ${r.epochs.length} rungs at most` : '');
  io.out(`stage filter:   ${fRungs?.trials.most ?? plan.filter} trials (${plan.points} points x ${filter.folds} folds${inRungs(fRungs)}, ${filter.epochs} epochs)`);
  io.out(`stage evaluate: ${eRungs?.trials.most ?? plan.evaluate} trials (${plan.survivors} survivors x ${evaluate.folds} folds${inRungs(eRungs)}, ${evaluate.epochs} epochs)`);
  io.out(`stage final:    ${plan.final} trial (best point, whole training split, ${spec.final.epochs} epochs, test fraction ${spec.final.testFraction})`);
  io.out(`total:          ${plan.total} trials${plan.raced.length > 0 || fRungs || eRungs ? ` at most, ${plan.fewest} at the fewest` : ''}`);
  for (const [name, r] of [['filter', fRungs], ['evaluate', eRungs]] as const) if (r) io.out(rungLine(name, r));
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
  io.out(draws.adaptive ? `stage filter trials of the first ${points.length} points:` : 'stage filter trials:');
  // 3 significant digits on screen, as every view shows a swept value; --json keeps every digit.
  for (const t of trials) io.out(`  ${t.pointId} fold ${t.fold}  ${Object.entries(t.params).map(([k, v]) => `${k}=${paramText(v)}`).join(' ')}`);
  if (omitted > 0) io.out(`  ... and ${omitted} more (--all lists every one)`);
  return ExitCode.Done;
}

/** `rungs filter:   halving at 1, 3, 9 epochs; points 18 > 18 > 18 at most, 18 > 6 > 4 at the fewest; fold epochs ...` */
function rungLine(stage: 'filter' | 'evaluate', r: RungPlan): string {
  const label = `rungs ${stage}:`.padEnd(16);
  return `${label}${r.rule} at ${r.epochs.join(', ')} epochs; points per rung ${r.points.most.join(' > ')} at most, ${r.points.fewest.join(' > ')} at the fewest; `
    + `fold epochs ${r.foldEpochs.most} at most, ${r.foldEpochs.fewest} at the fewest`;
}

/** What stage one draws: the strategy, the points, and for tpe which are drawn before any result. */
function searchLines(spec: SweepSpec, draws: FirstDraws, axes: readonly string[]): string[] {
  const over = axes.join(', ') || 'no axes';
  const { strategy, trials } = spec.search;
  const lines = [trials === undefined
    ? `search: ${strategy}, ${draws.size} points over ${over}`
    : `search: ${strategy}, ${draws.size} points drawn over ${over}`];
  if (draws.adaptive) {
    lines.push(`        ${draws.points.length} drawn before any result (listed below); the other ${draws.size - draws.points.length} are drawn as results arrive`);
  }
  const size = spaceSize(searchSpaceOf(spec));
  if (trials !== undefined && size < trials) lines.push(`note: ${searchExhaustedText(size, trials)}`);
  return lines;
}

/**
 * The protocol line, with the test's dates when the data loads (a split by date reads them from the data), and the
 * folds that would have no training or validation window; a data file that cannot be read leaves them out and says
 * why, since `plan` trains nothing and `run` reports it properly.
 */
async function protocolText(spec: SweepSpec): Promise<{ line: string; problems: string[] }> {
  if (spec.split.kind !== 'chronological') return { line: protocolLine(spec), problems: [] };
  // A task module loads its data on the workers, with tfjs: plan never runs its code.
  if (isModuleComponent(spec.task)) return { line: `${protocolLine(spec)} (dates are read from the task module's data when the sweep runs)`, problems: [] };
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
