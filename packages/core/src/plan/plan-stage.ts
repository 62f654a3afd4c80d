/**
 * The planner: turns a spec's stages into trial assignments. Stage one (`filter`) and stage two (`evaluate`) run
 * every given point on every fold; the final stage retrains one point on the whole training split.
 */
import type { CheckpointRef, Params, TrialAssignment } from '../messages.js';
import { resolvePoint } from '../spec/resolve-point.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { pointId, trialId } from './ids.js';
import { stageRungs } from './rungs.js';

/** An options object as JSON for the wire: keys left undefined by optional options are dropped. */
function wire<T extends object>(options: T): Record<string, NonNullable<TrialAssignment['train'][string]>> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

function assignment(
  spec: SweepSpec, sweepId: string, stage: TrialAssignment['stage'], params: Params, fold: number, epochs: number, split: TrialAssignment['split'],
  fidelity?: TrialAssignment['fidelity'],
): TrialAssignment {
  const { task, model, train } = resolvePoint(spec, params);
  return {
    sweepId,
    trialId: trialId({ sweepId, stage, params, fold, seed: spec.seed, ...(fidelity ? { rung: fidelity.rung } : {}) }),
    pointId: pointId(params),
    stage,
    params,
    seed: spec.seed,
    task: wire(task) as TrialAssignment['task'],
    model: wire(model) as TrialAssignment['model'],
    train: wire({ ...train, epochs }),
    split,
    ...(fidelity ? { fidelity } : {}),
  };
}

/** The wire form of the spec's split choice: by date (with its folds, gap and embargo) or, when absent, random. */
function byDate(spec: SweepSpec): Pick<TrialAssignment['split'], 'chronological'> {
  const { split } = spec;
  return split.kind === 'chronological' ? { chronological: { cv: split.cv, gap: split.gap, embargo: split.embargo } } : {};
}

/** The split of the final trial (and of the report's test windows): the training period against the held-out test. */
export function finalSplitRef(spec: SweepSpec): TrialAssignment['split'] {
  return { kind: 'final', testFraction: spec.final.testFraction, ...byDate(spec) };
}

/** What {@link planStage} plans. */
export interface StagePlanRequest {
  readonly spec: SweepSpec;
  readonly sweepId: string;
  readonly stage: 'filter' | 'evaluate';
  /** The points to run: the whole grid for `filter`, the survivors for `evaluate`. */
  readonly points: readonly Params[];
}

/**
 * One trial per point and fold of the stage, point-major (all folds of the first point, then the next). Each
 * trains the point's options for the stage's epochs on a k-fold split with the stage's folds. A stage that trains
 * in rungs (`halving`, `median`) plans its first rung: each trial trains to the rung's epochs (`fidelity`).
 */
export function planStage(request: StagePlanRequest): TrialAssignment[] {
  const rungs = stageRungs(request.spec, request.stage);
  return planRung({ ...request, rung: 0, from: () => undefined, epochs: rungs?.epochs[0] });
}

/** What {@link planRung} plans: a stage's points at one rung. */
export interface RungPlanRequest extends StagePlanRequest {
  /** The rung, from 0. */
  readonly rung: number;
  /** The epochs the rung trains to in all; undefined for a stage without rungs (then `rung` must be 0). */
  readonly epochs: number | undefined;
  /** The checkpoint a point's fold left at the rung below, which the fold continues from. */
  readonly from: (pointId: string, fold: number) => CheckpointRef | undefined;
}

/** One trial per point and fold at `rung`, point-major: each continues its fold from the rung below's checkpoint. */
export function planRung(request: RungPlanRequest): TrialAssignment[] {
  const { spec, sweepId, stage, points, rung } = request;
  const { folds, epochs } = spec.stages[stage];
  const trials: TrialAssignment[] = [];
  for (const params of points) {
    for (let fold = 0; fold < folds; fold++) {
      const from = request.epochs === undefined ? undefined : request.from(pointId(params), fold);
      const fidelity = request.epochs === undefined ? undefined : { rung, epochs: request.epochs, ...(from ? { from } : {}) };
      trials.push(assignment(spec, sweepId, stage, params, fold, epochs, { kind: 'kfold', folds, fold, testFraction: spec.final.testFraction, ...byDate(spec) }, fidelity));
    }
  }
  return trials;
}

/** What {@link planFinal} plans. */
export interface FinalPlanRequest {
  readonly spec: SweepSpec;
  readonly sweepId: string;
  /** The best point of stage two. */
  readonly params: Params;
}

/**
 * The final trial: the point retrained for `final.epochs` on the whole training split and tested on the held-out
 * split. Its fold is -1 (in its id and in its result).
 */
export function planFinal(request: FinalPlanRequest): TrialAssignment {
  const { spec, sweepId, params } = request;
  return assignment(spec, sweepId, 'final', params, -1, spec.final.epochs, finalSplitRef(spec));
}
