/**
 * One cross-validated stage while it runs: its pruners (one may schedule the stage's trials: racing's rounds, the
 * rungs), stage one's draws when its points are drawn as results arrive, the trials the coordinator publishes
 * itself, and the wait for the stage's end: every trial known has a result, no more points will be drawn and the
 * schedule plans nothing more. A watchdog pokes the pruners and looks for lost trials once per lease period.
 */
import type { Stage, TrialAssignment, TrialResult } from '@seqsweep/core';
import type { StagePruner, StageSchedule } from './pruners/stage-pruner.js';
import type { ResultBook } from './result-book.js';
import type { StageOneDraws } from './search/stage-one-draws.js';

/** What a stage run needs from the coordinator. */
export interface StageRunDeps {
  readonly book: ResultBook;
  readonly signal: AbortSignal | undefined;
  /** The queue's lease period: the watchdog's interval (at least a second). */
  readonly ackWaitMs: number;
  /** Publishes trials that have no result yet. */
  publish(trials: readonly TrialAssignment[]): Promise<void>;
  /** Records as failed the trials of `trials` that the queue lost (see the coordinator's `#recoverLost`). */
  recoverLost(trials: readonly TrialAssignment[]): Promise<void>;
  /** Runs a task nobody awaits, reporting its failure. */
  background(what: string, task: Promise<void>): void;
}

export class StageRun {
  readonly #d: StageRunDeps;
  readonly #planned: readonly TrialAssignment[];
  /** The trials the coordinator publishes itself: all of them known so far. */
  readonly #plain: TrialAssignment[];
  /**
   * Those of `#plain` whose publish has returned. A publish can outlast a lease period (it rides out a server that
   * is away), and the watchdog must not take a trial still on its way for one the queue lost.
   */
  readonly #sentPlain: TrialAssignment[] = [];
  #pruners: readonly StagePruner[] = [];
  #schedule: StageSchedule | undefined;
  #draws: StageOneDraws | undefined;

  constructor(deps: StageRunDeps, planned: readonly TrialAssignment[]) {
    this.#d = deps;
    this.#planned = planned;
    this.#plain = [...planned];
  }

  /** The stage's pruners (at most one with a schedule) and its draws; before `run`. */
  attach(pruners: readonly StagePruner[], draws: StageOneDraws | undefined): void {
    this.#pruners = pruners;
    this.#schedule = pruners.find((p) => p.schedule)?.schedule;
    this.#draws = draws;
  }

  get draws(): StageOneDraws | undefined {
    return this.#draws;
  }

  /** Every trial of the stage known so far. */
  trials(): readonly TrialAssignment[] {
    return this.#schedule?.trials() ?? this.#plain;
  }

  /** Only trials known to be queued or answered can be lost: a schedule's next ones are still on their way. */
  sent(): readonly TrialAssignment[] {
    return this.#schedule?.sent() ?? this.#sentPlain;
  }

  /** A drawn point's trials: to the schedule, or published and then listed (the watchdog takes a listed trial that is neither queued nor answered for lost). */
  async add(trials: readonly TrialAssignment[]): Promise<void> {
    if (this.#schedule) return this.#schedule.add(trials);
    await this.#d.publish(trials);
    this.#plain.push(...trials);
    this.#sentPlain.push(...trials);
  }

  onResult(result: TrialResult): void {
    for (const p of this.#pruners) p.onResult(result);
    this.#draws?.onResult(result);
  }

  /** Runs the stage to its end, and the pruners' clean-up after it. */
  async run(stage: Stage): Promise<void> {
    const watchdog = setInterval(() => {
      for (const p of this.#pruners) p.poke?.();
      this.#d.background('check the queue', this.#d.recoverLost(this.sent()));
    }, Math.max(1000, this.#d.ackWaitMs));
    try {
      for (const p of this.#pruners) await p.start();
      if (!this.#schedule) {
        await this.#d.publish(this.#planned);
        this.#sentPlain.push(...this.#planned);
      }
      await this.#draws?.start(this.#d.book.ofStage('filter'));
      // A trial given up while no coordinator listened (its exhaustion event is gone) would be waited for forever:
      // look for such trials now (a resume) and then once per lease period.
      await this.#d.recoverLost(this.sent());
      await this.#untilEnd(stage);
      for (const p of this.#pruners) await p.finish?.();
    } finally {
      clearInterval(watchdog);
    }
  }

  /** Waits for every trial of the stage, as its pruners and draws add more, until none will be added. */
  async #untilEnd(stage: Stage): Promise<void> {
    const book = this.#d.book;
    let idleRounds = 0;
    for (;;) {
      const known = this.trials().length;
      await book.waitFor(this.trials().map((a) => a.trialId), this.#d.signal);
      for (const p of this.#pruners) await p.idle?.();
      await this.#draws?.idle();
      const answered = this.trials().every((a) => book.has(a.trialId));
      if (answered && (this.#draws?.finished ?? true) && (this.#schedule?.settled ?? true)) return;
      if (!answered || this.trials().length !== known) idleRounds = 0;
      // Every trial answered, yet the schedule plans on: its steps are poked again; a schedule that then still
      // neither ends nor plans more is a bug, reported rather than waited on forever.
      else if (++idleRounds > 2) throw new Error(`the ${stage} stage has a result for every trial, but its schedule does not end`);
      else for (const p of this.#pruners) p.poke?.();
    }
  }
}
