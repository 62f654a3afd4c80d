/**
 * Fold racing of one stage while it runs. Folds go out round by round (see race-order.ts), about one round ahead
 * of the results, so later rounds are ordered by what is known by then. After each result of the stage the live
 * points are tested (race-decide.ts); a raced-out point is written to the sweep record first, so that workers skip
 * its queued folds (recording each as `raced-out`), and the folds of later rounds, never published, are recorded
 * `raced-out` here. A fold already running when its point is raced out is let finish: its result is stored, and
 * ignored by the statistics. Once racing leaves only as many live points as go on (`keep`: the filter stage's
 * survivors, the evaluate stage's best point) the race is decided: with `decided: stop` the stage's remaining
 * folds are skipped the same way (recorded `skipped`), since they can change neither the survivors nor the best
 * point. Everything this needs again after a crash is in the record: the rounds published, the points raced out
 * and the decision.
 */
import {
  skippedResult, withdrawnResult, type ObjectiveMode, type RaceConfig, type RaceDecided, type RacedOut, type RaceState, type Stage,
  type SweepRecord, type TrialAssignment, type TrialResult,
} from '@seqsweep/core';
import { meanOf, raceDecisions, type RacePoint } from './race-decide.js';
import { orderRound, raceRounds } from './race-order.js';

/** What a stage race needs from the coordinator. */
export interface RaceContext {
  readonly metric: string;
  readonly mode: ObjectiveMode;
  /** The recorded result of a trial, if any. */
  result(trialId: string): TrialResult | undefined;
  record(): SweepRecord;
  update(patch: Partial<SweepRecord>): Promise<void>;
  /** Publishes a trial to the queue (or records it pruned when its point is). */
  publish(a: TrialAssignment): Promise<void>;
  publishResult(r: TrialResult): Promise<void>;
  now(): number;
  onRacedOut(entry: RacedOut, withdrawn: number): void;
  /** The stage's race was decided; `skipped` of its folds will not be trained. */
  onDecided(stage: 'filter' | 'evaluate', decided: RaceDecided, skipped: number): void;
  /** Runs a task nobody awaits, reporting its failure. */
  background(what: string, task: Promise<void>): void;
}

type RacedStage = Exclude<Stage, 'final'>;

/** The race of one stage: call `start`, then `onResult` for every result, and `poke` now and then. */
export class StageRace {
  readonly #ctx: RaceContext;
  readonly #stage: RacedStage;
  readonly #config: RaceConfig;
  readonly #keep: number;
  readonly #rounds: TrialAssignment[][];
  /** Steps run one at a time, in order: each reads the record the one before it wrote. */
  #chain: Promise<void> = Promise.resolve();
  /** Trials whose publish completed in this coordinator's life: only those can be lost from the queue. */
  readonly #sent = new Set<string>();
  /** A step is queued and has not started: another poke would only repeat it. */
  #queued = false;

  constructor(ctx: RaceContext, stage: RacedStage, trials: readonly TrialAssignment[], config: RaceConfig, keep: number) {
    this.#ctx = ctx;
    this.#stage = stage;
    this.#config = config;
    this.#keep = keep;
    this.#rounds = raceRounds(trials);
  }

  /** Trials of the rounds published so far (on a resume, the rounds the record says went out). */
  #published(): TrialAssignment[] {
    return this.#rounds.slice(0, this.#publishedRound() + 1).flat();
  }

  /**
   * Trials known to be in the queue or done: a round counts as published in the record just before its trials
   * go out, and the watchdog must not take a trial still on its way for one lost.
   */
  sent(): TrialAssignment[] {
    return this.#published().filter((a) => this.#sent.has(a.trialId) || this.#ctx.result(a.trialId));
  }

  /**
   * Picks up where the record says the race stands: the rounds already out are published again (a repeat is
   * dropped as a duplicate, and one that never made it goes out now), the unpublished folds of raced-out points
   * are recorded, and the race goes on from the results there are.
   */
  start(): Promise<void> {
    const run = this.#chain.then(() => this.#begin());
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #begin(): Promise<void> {
    for (const a of this.#published()) if (!this.#ctx.result(a.trialId)) await this.#publish(a);
    for (const entry of this.#state().out.filter((o) => o.stage === this.#stage)) await this.#withdraw(entry);
    const decided = this.#state().decided[this.#stage];
    if (decided) await this.#skip(decided);
    await this.#step();
  }

  /** Tests the live points after a result of this stage, one step at a time. */
  onResult(result: TrialResult): void {
    if (result.stage === this.#stage) this.poke();
  }

  /**
   * Runs a step; also called on a timer, so that a step whose record write failed is tried again. A step reads
   * every result there is when it starts, so pokes that come while one waits to start are one step, not one each:
   * a step scans the stage's trials, and a step per result would cost O(n) a result, O(n²) a stage.
   */
  poke(): void {
    if (this.#queued) return;
    this.#queued = true;
    this.#chain = this.#chain.then(() => {
      this.#queued = false;
      return this.#step();
    }).catch((e: unknown) => this.#ctx.background(`race the ${this.#stage} stage`, Promise.reject(e)));
  }

  async #step(): Promise<void> {
    const at = new Date(this.#ctx.now()).toISOString();
    // The live points leave raced-out ones out, so every decision is new.
    const entries: RacedOut[] = raceDecisions(this.#livePoints(), { keep: this.#keep, mode: this.#ctx.mode, config: this.#config })
      .map((d) => ({ ...d, compared: [...d.compared], stage: this.#stage, test: this.#config.test, at }));
    if (entries.length > 0) {
      const state = this.#state();
      // Recorded, in one write, before anything is withdrawn: from then on every worker skips their queued folds.
      await this.#ctx.update({ race: { ...state, out: [...state.out, ...entries] } });
      for (const entry of entries) this.#ctx.onRacedOut(entry, await this.#withdraw(entry));
    }
    await this.#decide();
    if (!this.#state().decided[this.#stage]) await this.#publishAhead();
  }

  /**
   * Ends the race once it is decided: racing has stopped at least one point and left no more live points than
   * go on, each with at least `minFolds` folds (so that every one has a mean to go on with). Nothing to do under
   * `decided: finish`, or once decided.
   */
  async #decide(): Promise<void> {
    const state = this.#state();
    if (this.#config.decided !== 'stop' || state.decided[this.#stage] || !state.out.some((o) => o.stage === this.#stage)) return;
    const live = this.#livePoints();
    if (live.length === 0 || live.length > this.#keep || live.some((p) => p.values.size < this.#config.minFolds)) return;
    const decided: RaceDecided = { live: live.map((p) => p.pointId), folds: live.map((p) => p.values.size), at: new Date(this.#ctx.now()).toISOString() };
    // Recorded first, as a raced-out point is: from then on every worker skips the stage's queued folds.
    await this.#ctx.update({ race: { ...state, decided: { ...state.decided, [this.#stage]: decided } } });
    this.#ctx.onDecided(this.#stage, decided, await this.#skip(decided));
  }

  /**
   * Records `skipped` for the live points' folds in rounds not yet published; workers skip the published ones.
   * Returns how many of their folds will not be trained.
   */
  async #skip(decided: RaceDecided): Promise<number> {
    const live = new Set(decided.live);
    const open = (trials: readonly TrialAssignment[]): TrialAssignment[] => trials.filter((a) => live.has(a.pointId) && !this.#ctx.result(a.trialId));
    const unpublished = open(this.#rounds.slice(this.#publishedRound() + 1).flat());
    const at = new Date(this.#ctx.now()).toISOString();
    for (const a of unpublished) await this.#ctx.publishResult(skippedResult(a, decided, 'coordinator', 1, at));
    return unpublished.length + open(this.#published()).length;
  }

  /** Publishes the next round while fewer trials wait for a result than that round has live points. */
  async #publishAhead(): Promise<void> {
    for (let next = this.#publishedRound() + 1; next < this.#rounds.length; next++) {
      const waiting = this.#published().filter((a) => !this.#ctx.result(a.trialId) && !this.#isOut(a.pointId)).length;
      const round = this.#rounds[next]!.filter((a) => !this.#isOut(a.pointId) && !this.#ctx.result(a.trialId));
      if (waiting >= round.length && round.length > 0) return;
      const state = this.#state();
      // The round counts as out before its trials are: a resume publishes it again, and a repeat is dropped.
      await this.#ctx.update({ race: { ...state, rounds: { ...state.rounds, [this.#stage]: next } } });
      const scores = new Map(this.#livePoints().filter((p) => p.values.size > 0).map((p) => [p.pointId, meanOf(p.values)]));
      for (const a of orderRound(round, (id) => scores.get(id), this.#ctx.mode)) await this.#publish(a);
    }
  }

  async #publish(a: TrialAssignment): Promise<void> {
    await this.#ctx.publish(a);
    this.#sent.add(a.trialId);
  }

  /** Records `raced-out` for the point's folds in rounds not yet published; workers skip the published ones. */
  async #withdraw(entry: RacedOut): Promise<number> {
    const open = this.#rounds.slice(this.#publishedRound() + 1).flat().filter((a) => a.pointId === entry.pointId && !this.#ctx.result(a.trialId));
    const at = new Date(this.#ctx.now()).toISOString();
    for (const a of open) await this.#ctx.publishResult(withdrawnResult(a, entry, 'coordinator', 1, at));
    const queued = this.#published().filter((a) => a.pointId === entry.pointId && !this.#ctx.result(a.trialId)).length;
    return open.length + queued;
  }

  /** The points still in the race with their completed folds; pruned and diverged points take no part. */
  #livePoints(): RacePoint[] {
    const record = this.#ctx.record();
    const byPoint = new Map<string, Map<number, number>>();
    const excluded = new Set(record.pruned);
    for (const a of this.#rounds.flat()) {
      if (this.#isOut(a.pointId)) excluded.add(a.pointId);
      const r = this.#ctx.result(a.trialId);
      if (r?.status === 'diverged') excluded.add(a.pointId);
      const values = byPoint.get(a.pointId) ?? new Map<number, number>();
      byPoint.set(a.pointId, values);
      const v = r?.status === 'completed' ? r.metrics[this.#ctx.metric] : undefined;
      if (typeof v === 'number' && Number.isFinite(v)) values.set(r!.fold, v);
    }
    return [...byPoint].filter(([id]) => !excluded.has(id)).map(([pointId, values]) => ({ pointId, values }));
  }

  /** The ids raced out of this stage, for the record's `race.out` as it is now (rebuilt when that changes). */
  #out: { readonly of: readonly RacedOut[]; readonly ids: ReadonlySet<string> } | undefined;

  #isOut(pointId: string): boolean {
    const out = this.#state().out;
    if (this.#out?.of !== out) this.#out = { of: out, ids: new Set(out.filter((o) => o.stage === this.#stage).map((o) => o.pointId)) };
    return this.#out.ids.has(pointId);
  }

  #state(): RaceState {
    return this.#ctx.record().race ?? { rounds: {}, out: [], decided: {} };
  }

  #publishedRound(): number {
    return this.#state().rounds[this.#stage] ?? -1;
  }
}
