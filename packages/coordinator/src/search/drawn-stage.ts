/**
 * Stage one under a strategy that draws as results arrive (tpe): the draws (stage-one-draws.ts) wired to the sweep
 * record and to the stage's publishing. Each point drawn is stored in the record before its trials go out; its
 * trials go to the stage's schedule when a pruner schedules the stage (the rungs), else straight to the queue.
 */
import type { SearchState, SearchStrategy, SweepSpec, TrialAssignment } from '@seqsweep/core';
import { StageOneDraws } from './stage-one-draws.js';

/** What the drawn stage needs from the coordinator. */
export interface DrawnStageDeps {
  readonly spec: SweepSpec;
  readonly sweepId: string;
  readonly strategy: SearchStrategy;
  /** The most points stage one draws. */
  readonly size: number;
  /** The search state the record holds, or the one to start. */
  readonly search: SearchState;
  /** Stores a new search state in the record. */
  store(search: SearchState): Promise<void>;
  /** Takes a drawn point's trials into the stage and publishes those without a result. */
  publish(trials: readonly TrialAssignment[]): Promise<void>;
}

/** `exhausted` for the record when fewer than `search.trials` points were drawn: the space ran out. */
export function exhaustedFlag(spec: SweepSpec, drawn: number): { exhausted?: true } {
  return spec.search.trials !== undefined && drawn < spec.search.trials ? { exhausted: true } : {};
}

/** The draws of stage one: `start` them with the stored results, feed them every result, and wait for `finished`. */
export function drawnStage(deps: DrawnStageDeps): StageOneDraws {
  const { spec, search } = deps;
  return new StageOneDraws({
    spec, sweepId: deps.sweepId, strategy: deps.strategy, size: deps.size, parallel: search.parallel, recorded: search.drawn,
    persist: (drawn, ended) => deps.store({ ...search, drawn: [...drawn], ...(ended ? exhaustedFlag(spec, drawn.length) : {}) }),
    publish: (trials) => deps.publish(trials),
  });
}
