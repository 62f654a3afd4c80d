/**
 * The rungs of a stage that trains in rungs (`halving`, `median`), driven for a {@link RungRule}: every point's
 * folds train to the first rung; after each result the rule says which points that finished a rung go on, and their
 * folds are published at the next rung, each continuing from the checkpoint its fold left at the rung below
 * (`fidelity.from`: promotion continues training, it never restarts it). A rung is closed once the rung below is
 * closed and every point that reached it has finished it: at least `keep` of them then go on, and the rest are
 * halted there. The stage ends when its top rung is closed; the top rung's scores are the stage's.
 *
 * Every promotion is written to the sweep record before the trials it sends on are published, and every halted point
 * and closed rung as well, so a resumed coordinator rebuilds the ladder from the record and the stored results,
 * publishes again what may not have gone out (a repeated trial id is dropped) and never trains a rung twice.
 */
import {
  planRung, racedOutOf, summarizePoints, isRankable, type CheckpointRef, type HaltedPoint, type Params, type PointSummary, type RungPromotion,
  type RungState, type TrialAssignment, type TrialResult,
} from '@seqsweep/core';
import { rungDecision, type RungRule } from './rung-decide.js';
import type { PrunerContext, ResumeFacts, StagePruner, StageSchedule } from './stage-pruner.js';

const key = (pointId: string, rung: number): string => `${pointId}\0${rung}`;

/** Whether a resumed coordinator's predecessor can have published `result`'s trial: a rung above 0 only once recorded as a promotion. */
export function promotedBefore(result: TrialResult, facts: ResumeFacts): boolean {
  const rung = result.rung ?? 0;
  if (rung === 0) return true;
  return facts.record.rungs?.promoted.some((p) => p.stage === facts.stage && p.pointId === result.pointId && p.rung === rung) ?? false;
}

/** The rung pruner of `ctx`'s stage under `rule`. */
export function rungPruner(ctx: PrunerContext, rule: RungRule): StagePruner {
  return new RungLadder(ctx, rule);
}

class RungLadder implements StagePruner, StageSchedule {
  readonly name: string;
  readonly schedule: StageSchedule = this;
  readonly #ctx: PrunerContext;
  readonly #rule: RungRule;
  readonly #epochs: readonly number[];
  /** The stage's points, in the order they joined it. */
  readonly #points: string[] = [];
  readonly #params = new Map<string, Params>();
  /** Each point's fold trials per rung. */
  readonly #rungTrials = new Map<string, TrialAssignment[]>();
  readonly #trials: TrialAssignment[] = [];
  readonly #sent = new Set<string>();
  #chain: Promise<void> = Promise.resolve();
  #queued = false;
  #failure: unknown;

  constructor(ctx: PrunerContext, rule: RungRule) {
    this.#ctx = ctx;
    this.#rule = rule;
    this.name = rule.name;
    this.#epochs = ctx.rungs!.epochs;
    this.#index(ctx.trials);
  }

  get settled(): boolean {
    return (this.#state().closed[this.#ctx.stage] ?? -1) >= this.#epochs.length - 1;
  }

  trials(): readonly TrialAssignment[] {
    return this.#trials;
  }

  sent(): readonly TrialAssignment[] {
    return this.#trials.filter((a) => this.#sent.has(a.trialId) || this.#ctx.result(a.trialId));
  }

  /** Publishes rung 0 and the rungs the record says points were promoted to, then steps on the stored results. */
  start(): Promise<void> {
    return this.#enqueue(async () => {
      await this.#publish(this.#trials);
      await this.#republishPromotions(new Set(this.#points));
      await this.#step();
    });
  }

  /** A drawn point's first rung; on a resume, also the rungs the record says it was promoted to. */
  async add(trials: readonly TrialAssignment[]): Promise<void> {
    const added = new Set(trials.map((a) => a.pointId).filter((id) => !this.#params.has(id)));
    this.#index(trials);
    await this.#publish(trials);
    await this.#republishPromotions(added);
  }

  /** The recorded promotions of `points`, in the order made: published again (a repeat is dropped), never anew. */
  async #republishPromotions(points: ReadonlySet<string>): Promise<void> {
    for (const p of this.#promotions()) if (points.has(p.pointId)) await this.#publish(this.#planPromotion(p.pointId, p.rung));
  }

  onResult(result: TrialResult): void {
    if (result.stage === this.#ctx.stage) this.poke();
  }

  poke(): void {
    if (this.#queued) return;
    this.#queued = true;
    void this.#enqueue(() => {
      this.#queued = false;
      return this.#step();
    }).catch((e: unknown) => this.#ctx.background(`step the ${this.#ctx.stage} stage's rungs`, Promise.reject(e)));
  }

  async idle(): Promise<void> {
    await this.#chain;
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Deletes the checkpoints of every point that did not reach the top rung: nothing continues from them. */
  async finish(): Promise<void> {
    const top = this.#epochs.length - 1;
    const reachedTop = new Set(this.#points.filter((id) => this.#rungTrials.has(key(id, top))));
    for (const a of this.#trials) {
      const checkpoint = this.#ctx.result(a.trialId)?.checkpoint;
      if (checkpoint && !reachedTop.has(a.pointId)) await this.#ctx.deleteCheckpoint(checkpoint);
    }
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(step);
    this.#chain = run.catch((e: unknown) => {
      this.#failure ??= e;
    });
    return run;
  }

  #index(trials: readonly TrialAssignment[]): void {
    for (const a of trials) {
      const rung = a.fidelity?.rung ?? 0;
      const k = key(a.pointId, rung);
      if (!this.#params.has(a.pointId)) {
        this.#params.set(a.pointId, a.params);
        this.#points.push(a.pointId);
      }
      const list = this.#rungTrials.get(k) ?? [];
      if (list.some((b) => b.trialId === a.trialId)) continue;
      list.push(a);
      this.#rungTrials.set(k, list);
      this.#trials.push(a);
    }
  }

  async #publish(trials: readonly TrialAssignment[]): Promise<void> {
    const open = trials.filter((a) => !this.#ctx.result(a.trialId));
    await this.#ctx.publish(open);
    for (const a of open) this.#sent.add(a.trialId);
  }

  #state(): RungState {
    return this.#ctx.record().rungs ?? { promoted: [], halted: [], closed: {} };
  }

  #promotions(): RungPromotion[] {
    return this.#state().promoted.filter((p) => p.stage === this.#ctx.stage);
  }

  /** The point's fold trials at `rung`, each continuing from its fold's checkpoint at the rung below. */
  #planPromotion(pointId: string, rung: number): TrialAssignment[] {
    const known = this.#rungTrials.get(key(pointId, rung));
    if (known) return known;
    const below = new Map((this.#rungTrials.get(key(pointId, rung - 1)) ?? []).map((a) => [a.split.kind === 'kfold' ? a.split.fold : 0, a]));
    const from = (_point: string, fold: number): CheckpointRef | undefined => {
      const a = below.get(fold);
      return a ? this.#ctx.result(a.trialId)?.checkpoint : undefined;
    };
    const trials = planRung({
      spec: this.#ctx.spec, sweepId: this.#ctx.sweepId, stage: this.#ctx.stage, points: [this.#params.get(pointId)!], rung, epochs: this.#epochs[rung], from,
    });
    this.#index(trials);
    return trials;
  }

  /** Points out of the stage by another pruner: diverged (pruned) or raced out. */
  #stopped(pointId: string): boolean {
    const record = this.#ctx.record();
    return record.pruned.includes(pointId) || racedOutOf(record, pointId, this.#ctx.stage) !== undefined;
  }

  /** The points that reached `rung` and whether each finished it (a result for every fold). */
  #reached(rung: number): { id: string; trials: TrialAssignment[] }[] {
    return this.#points.flatMap((id) => {
      const trials = this.#rungTrials.get(key(id, rung));
      return trials ? [{ id, trials }] : [];
    });
  }

  /** The rankable points that finished `rung`, in the order they finished it (by their last fold's arrival). */
  #finished(reached: readonly { id: string; trials: TrialAssignment[] }[]): PointSummary[] {
    const ctx = this.#ctx;
    const done = reached
      .filter((p) => !this.#stopped(p.id) && p.trials.every((a) => ctx.result(a.trialId)))
      .map((p) => ({ p, last: Math.max(...p.trials.map((a) => ctx.arrival(a.trialId) ?? Infinity)) }))
      .sort((a, b) => a.last - b.last);
    const results: TrialResult[] = done.flatMap(({ p }) => p.trials.map((a) => ctx.result(a.trialId)!));
    const byPoint = new Map(summarizePoints(results, ctx.spec.objective).map((s) => [s.pointId, s]));
    return done.map(({ p }) => byPoint.get(p.id)).filter((s): s is PointSummary => s !== undefined && isRankable(s));
  }

  /** Decides at every open rung, lowest first: promotions first, then the rung's close. */
  async #step(): Promise<void> {
    const ctx = this.#ctx;
    const stage = ctx.stage;
    const top = this.#epochs.length - 1;
    for (let rung = 0; rung <= top; rung++) {
      const closedUpTo = this.#state().closed[stage] ?? -1;
      if (rung <= closedUpTo) continue;
      const reached = this.#reached(rung);
      const below = rung === 0 ? ctx.pointsComplete() : closedUpTo >= rung - 1;
      const closed = below && reached.every((p) => p.trials.every((a) => ctx.result(a.trialId)));
      if (rung === top) {
        if (closed) await this.#close(rung, []);
        return;
      }
      const promoted = new Set(this.#promotions().filter((p) => p.rung === rung + 1).map((p) => p.pointId));
      const decision = rungDecision({ finished: this.#finished(reached), rule: this.#rule, mode: ctx.spec.objective.mode, closed, keep: ctx.keep(), promoted });
      if (decision.promote.length > 0) await this.#promote(rung, decision.promote);
      if (closed) await this.#close(rung, decision.halt);
    }
  }

  async #promote(rung: number, places: readonly { pointId: string; rank: number; of: number }[]): Promise<void> {
    const ctx = this.#ctx;
    const at = new Date(ctx.now()).toISOString();
    const entries: RungPromotion[] = places.map((p) => ({ ...p, stage: ctx.stage, rung: rung + 1, at }));
    const state = this.#state();
    // Recorded, in one write, before any of their trials goes out: a resume publishes them again, never anew.
    await ctx.update({ rungs: { ...state, promoted: [...state.promoted, ...entries] } });
    for (const e of entries) {
      await this.#publish(this.#planPromotion(e.pointId, e.rung));
      ctx.event({ type: 'promoted', entry: e, epochs: this.#epochs[e.rung]! });
    }
  }

  async #close(rung: number, halt: readonly { pointId: string; rank: number; of: number }[]): Promise<void> {
    const ctx = this.#ctx;
    const at = new Date(ctx.now()).toISOString();
    const entries: HaltedPoint[] = halt.map((p) => ({ ...p, stage: ctx.stage, rung, epochs: this.#epochs[rung]!, rule: this.#rule.name, at }));
    const state = this.#state();
    await ctx.update({ rungs: { ...state, halted: [...state.halted, ...entries], closed: { ...state.closed, [ctx.stage]: rung } } });
    for (const e of entries) ctx.event({ type: 'halted', entry: e });
  }
}
