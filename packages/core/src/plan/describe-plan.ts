/**
 * The trial counts of a sweep before it runs, for `seqsweep plan`.
 */
import type { SweepSpec } from '../spec/sweep-spec.js';
import { stageOneSize } from './search/spec-strategy.js';
import { survivorCount } from './selection.js';
import { stageRungs, type StageRungs } from './rungs.js';

/** A stage that trains in rungs, as `plan` shows it: its rungs and the worst and best case of its work. */
export interface RungPlan {
  readonly rule: StageRungs['rule'];
  /** Each rung's epochs, the last the stage's own. */
  readonly epochs: readonly number[];
  /** Points per rung at most (every point goes on) and at the fewest (only as many as the rule must send on). */
  readonly points: { readonly most: readonly number[]; readonly fewest: readonly number[] };
  /** Fold trials (one per point, fold and rung) and fold epochs, at most and at the fewest. */
  readonly trials: { readonly most: number; readonly fewest: number };
  readonly foldEpochs: { readonly most: number; readonly fewest: number };
}

/**
 * The rungs of a stage of `n` points, `k` folds and `keep` points to hand on. At the fewest, a rung sends on what the
 * rule must: halving the top 1/reduction (at least `keep`), median its first `startup` points (at least `keep`).
 */
function rungPlan(rungs: StageRungs, n: number, k: number, keep: number): RungPlan {
  const fewest = [n];
  for (let r = 1; r < rungs.epochs.length; r++) {
    const before = fewest[r - 1]!;
    const must = rungs.rule === 'halving' ? Math.floor(before / rungs.config.reduction) : rungs.config.startup;
    fewest.push(Math.min(before, Math.max(keep, must)));
  }
  const most = rungs.epochs.map(() => n);
  const added = (r: number): number => rungs.epochs[r]! - (r > 0 ? rungs.epochs[r - 1]! : 0);
  const epochs = (points: readonly number[]): number => k * points.reduce((sum, p, r) => sum + p * added(r), 0);
  const trials = (points: readonly number[]): number => k * points.reduce((a, b) => a + b, 0);
  return { rule: rungs.rule, epochs: rungs.epochs, points: { most, fewest }, trials: { most: trials(most), fewest: trials(fewest) }, foldEpochs: { most: epochs(most), fewest: epochs(fewest) } };
}

/** The stages of `spec` that race their folds (`stages.<stage>.race`), in order. */
export function racedStages(spec: SweepSpec): ('filter' | 'evaluate')[] {
  return (['filter', 'evaluate'] as const).filter((s) => spec.stages[s].race !== undefined);
}

/** How many points and trials each stage of a sweep has (stage two assumes every survivor can be ranked). */
export interface PlanSummary {
  /** The most points stage one draws (the whole grid, or `search.trials`, at most the space's size). */
  readonly points: number;
  readonly survivors: number;
  /** Stage one trials: points x filter folds. */
  readonly filter: number;
  /** Stage two trials: survivors x evaluate folds. */
  readonly evaluate: number;
  /** The final trial: 1, or 0 when `final.retrain` is false. */
  readonly final: number;
  /**
   * Every trial the sweep can run, the worst case: with racing on fewer run when points are raced out, and with
   * rungs a point's folds are one trial per rung it reaches (fewer trials of fewer epochs when points are halted).
   */
  readonly total: number;
  /** The stages that race their folds (so `total` is the worst case). */
  readonly raced: readonly ('filter' | 'evaluate')[];
  /**
   * The fewest trials racing can leave (equal to `total` without racing): a raced-out point still runs `minFolds`
   * folds, the points that go on run `minFolds` once the race is decided (`decided: stop`), or all (`finish`).
   */
  readonly fewest: number;
  /** The stages that train in rungs (`halving`, `median`). */
  readonly rungs: { readonly filter?: RungPlan; readonly evaluate?: RungPlan };
}

/** The fewest folds a raced stage can run: `n` points of which `going` go on, `k` folds each. */
function fewestFolds(n: number, going: number, k: number, race: { minFolds: number; decided: 'stop' | 'finish' }): number {
  const least = Math.min(k, race.minFolds);
  if (n <= going) return n * k;
  return (n - going) * least + going * (race.decided === 'stop' ? least : k);
}

/** Counts the trials `spec` will run. */
export function describePlan(spec: SweepSpec): PlanSummary {
  const points = stageOneSize(spec);
  const survivors = survivorCount(points, spec.stages.filter);
  const filter = points * spec.stages.filter.folds;
  const evaluate = survivors * spec.stages.evaluate.folds;
  const final = spec.final.retrain ? 1 : 0;
  const raced = racedStages(spec);
  const stage = (name: 'filter' | 'evaluate', n: number, going: number): { most: number; fewest: number; rungs?: RungPlan } => {
    const { folds, race } = spec.stages[name];
    const rungs = stageRungs(spec, name);
    const plan = rungs ? rungPlan(rungs, n, folds, going) : undefined;
    const most = plan?.trials.most ?? n * folds;
    const least = [plan?.trials.fewest ?? most];
    if (race && !plan) least.push(fewestFolds(n, going, folds, race));
    // Racing within rungs (never decided there): the points raced out at the first rung after minFolds folds, the
    // rest through every rung with all their folds.
    if (race && plan) least.push(n <= going ? n * folds * plan.epochs.length : (n - going) * Math.min(folds, race.minFolds) + going * folds * plan.epochs.length);
    return { most, fewest: Math.min(...least), ...(plan ? { rungs: plan } : {}) };
  };
  const f = stage('filter', points, survivors);
  const e = stage('evaluate', survivors, 1);
  const rungs = { ...(f.rungs ? { filter: f.rungs } : {}), ...(e.rungs ? { evaluate: e.rungs } : {}) };
  return { points, survivors, filter, evaluate, final, total: f.most + e.most + final, raced, fewest: f.fewest + e.fewest + final, rungs };
}
