/**
 * The StagePruner seam: everything that stops trials or points of a cross-validated stage while it runs. Results go
 * in (`onResult`); trials and points to stop come out, recorded in the sweep record first and then withdrawn
 * (published as not-run results, or skipped by the workers that read the record). The implementations are listed
 * once, in registry.ts: divergence (a diverged fold prunes its point), racing (a paired test over folds), halving
 * (asynchronous successive halving over rungs of epochs) and median (the median-stopping rule over the same rungs).
 * Adding one is one file that exports a {@link PrunerEntry}, plus its line in the registry.
 *
 * A pruner may also decide when the stage's trials go out (racing's rounds of folds, the rungs): it then has a
 * `schedule`, and the coordinator publishes nothing of the stage itself. At most one pruner of a stage schedules.
 */
import type {
  ObjectRef, StageRungs, SweepRecord, SweepSpec, TrialAssignment, TrialResult,
} from '@seqsweep/core';
import type { SweepEvent } from '../events.js';

/** What a pruner is given by the coordinator for one stage. */
export interface PrunerContext {
  readonly spec: SweepSpec;
  readonly sweepId: string;
  readonly stage: 'filter' | 'evaluate';
  /** The stage's rungs, when it trains in rungs (`halving`, `median`). */
  readonly rungs: StageRungs | undefined;
  /**
   * The stage's trials as planned when it starts (at rung 0 when it trains in rungs). Empty for a stage whose
   * points are drawn as results arrive: those come through `StageSchedule.add` (or are published by the coordinator).
   */
  readonly trials: readonly TrialAssignment[];
  /** True when the stage's points are drawn as results arrive (stage one under tpe). */
  readonly drawn: boolean;
  /** How many points the stage hands on: the filter stage's survivors, the evaluate stage's one best point. */
  keep(): number;
  /** True once no more points will join the stage. */
  pointsComplete(): boolean;
  /** Every trial of the stage known so far: planned, drawn, or planned by the schedule. */
  stageTrials(): readonly TrialAssignment[];
  /** The recorded result of a trial, if any. */
  result(trialId: string): TrialResult | undefined;
  /** The position of a trial's result in the order results arrived, if it has one. */
  arrival(trialId: string): number | undefined;
  record(): SweepRecord;
  /** Stores a change of the sweep record (awaited before anything it announces is published). */
  update(patch: Partial<SweepRecord>): Promise<void>;
  /** Publishes trials that have no result yet, a window of them at a time (a pruned point's are recorded pruned). */
  publish(trials: readonly TrialAssignment[]): Promise<void>;
  /** Records a result for a trial no worker will train. */
  publishResult(result: TrialResult): Promise<void>;
  /** Removes a checkpoint from the `models` object store. */
  deleteCheckpoint(ref: ObjectRef): Promise<void>;
  now(): number;
  /** Tells the coordinator's caller. */
  event(event: SweepEvent): void;
  /** Runs a task nobody awaits, reporting its failure. */
  background(what: string, task: Promise<void>): void;
}

/** How a scheduling pruner publishes its stage. */
export interface StageSchedule {
  /** Every trial of the stage planned so far: the stage ends once each has a result and `settled` is true. */
  trials(): readonly TrialAssignment[];
  /** Trials known to be queued or answered: the watchdog takes those with neither for lost. */
  sent(): readonly TrialAssignment[];
  /** A drawn point's first trials, to publish as the schedule publishes the stage's. */
  add(trials: readonly TrialAssignment[]): Promise<void>;
  /** True once the schedule will plan no more trials (its last rung is closed). */
  readonly settled: boolean;
}

/** A pruner of one stage. `start` once, then `onResult` for every result that arrives. */
export interface StagePruner {
  readonly name: string;
  /** Picks up where the record says the stage stands (a resume included), and publishes what it schedules. */
  start(): Promise<void>;
  /** A new result of any stage (a pruner ignores other stages'). */
  onResult(result: TrialResult): void;
  /** Called now and then by the coordinator's watchdog, so that a step whose record write failed runs again. */
  poke?(): void;
  /** Resolves once every step queued so far has run; rejects with a step that failed. */
  idle?(): Promise<void>;
  /** Runs once the stage's last trial has a result, before the next stage starts. */
  finish?(): Promise<void>;
  /** Present when the pruner decides when the stage's trials go out. */
  readonly schedule?: StageSchedule;
}

/** What a resumed coordinator knows of a stage before its pruners are made: the record and the stage's setup. */
export interface ResumeFacts {
  readonly spec: SweepSpec;
  readonly record: SweepRecord;
  readonly stage: 'filter' | 'evaluate';
  readonly rungs: StageRungs | undefined;
  readonly drawn: boolean;
}

/** One pruner in the registry: `create` returns undefined when the stage does not use it. */
export interface PrunerEntry {
  readonly name: string;
  create(context: PrunerContext): StagePruner | undefined;
  /**
   * For a pruner that schedules its stage's trials: whether the coordinator resumed from can have published the
   * trial of a stored `result`, by what its schedule wrote to the record (a result it cannot have published is
   * refused). Absent, or true: the pruner holds nothing back.
   */
  publishedBefore?(result: TrialResult, facts: ResumeFacts): boolean;
}
