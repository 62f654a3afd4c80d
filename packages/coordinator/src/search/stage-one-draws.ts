/**
 * Stage one under a strategy that draws as results arrive (tpe): the coordinator keeps `parallel` stage-one trials
 * unfinished, so every worker has one, and draws the next point, one at a time, whenever fewer are. A point ends
 * when its last fold has a result; the strategy then sees it `complete` with its fold mean, or `bad` when a fold
 * diverged, was pruned, raced out or failed. Running points are in the history as `running`.
 *
 * Every draw is a step of one queue, fed the stage's results in order of arrival, so the draws depend only on the
 * seed and that order. A resumed coordinator feeds the stored results through the same steps: the points the
 * record holds are taken from it (and their trials published again where they have no result: repeats are dropped
 * as duplicates), and only the points beyond it are drawn.
 */
import { planStage, pointId, rungOf, stageRungs, type Observation, type Params, type SearchStrategy, type SweepSpec, type TrialAssignment, type TrialResult } from '@seqsweep/core';

/** What the draws need from the coordinator. */
export interface DrawContext {
  readonly spec: SweepSpec;
  readonly sweepId: string;
  readonly strategy: SearchStrategy;
  /** The most points stage one draws. */
  readonly size: number;
  /** Stage-one trials to keep unfinished. */
  readonly parallel: number;
  /** Points the record already holds, in draw order. */
  readonly recorded: readonly Params[];
  /** Stores the drawn points (all of them, in order) in the sweep record; resolves once stored. */
  persist(drawn: readonly Params[], exhausted: boolean): Promise<void>;
  /** Publishes a point's trials that have no result yet. */
  publish(trials: readonly TrialAssignment[]): Promise<void>;
}

/** A point's folds at one rung: how many ended, whether one ended without a score, and the scores. */
interface RungTally {
  ended: number;
  bad: boolean;
  readonly scores: number[];
}

interface PointState {
  readonly params: Params;
  /** By rung; a stage without rungs has rung 0 only. */
  readonly rungs: RungTally[];
}

const tally = (): RungTally => ({ ended: 0, bad: false, scores: [] });

/** The adaptive draws of one stage one. */
export class StageOneDraws {
  readonly #c: DrawContext;
  readonly #folds: number;
  readonly #points = new Map<string, PointState>();
  readonly #order: string[] = [];
  readonly #trials: TrialAssignment[] = [];
  #exhausted = false;
  #queue: Promise<void> = Promise.resolve();
  #failure: unknown;

  constructor(context: DrawContext) {
    this.#c = context;
    this.#folds = context.spec.stages.filter.folds;
  }

  /** Replays `stored` (the stage's results so far, in arrival order) and makes the first draws. */
  start(stored: readonly TrialResult[]): Promise<void> {
    this.#enqueue(() => this.#topUp());
    for (const r of stored) this.onResult(r);
    return this.idle();
  }

  /** Takes a stage-one result into account (in arrival order) and draws what the rule then asks for. */
  onResult(result: TrialResult): void {
    if (result.stage !== 'filter') return;
    this.#enqueue(() => {
      this.#take(result);
      return this.#topUp();
    });
  }

  /** Resolves once every queued step has run; rejects with the first step that failed. */
  async idle(): Promise<void> {
    await this.#queue;
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Every stage-one trial published so far. */
  trials(): readonly TrialAssignment[] {
    return this.#trials;
  }

  /** The points drawn so far, by id. */
  points(): ReadonlyMap<string, Params> {
    return new Map([...this.#points].map(([id, p]) => [id, p.params]));
  }

  /** True once nothing more will be drawn: `size` points drawn, or the strategy had none left. */
  get finished(): boolean {
    return this.#exhausted || this.#order.length >= this.#c.size;
  }

  /** Points drawn whose first rung's folds have not all ended. */
  get inFlight(): number {
    return this.#order.filter((id) => (this.#points.get(id)!.rungs[0]?.ended ?? 0) < this.#folds).length;
  }

  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue.then(() => (this.#failure === undefined ? step() : undefined)).catch((e: unknown) => {
      this.#failure ??= e;
    });
  }

  #take(result: TrialResult): void {
    const point = this.#points.get(result.pointId);
    if (!point || result.fold < 0) return;
    const t = (point.rungs[rungOf(result)] ??= tally());
    t.ended++;
    const value = result.metrics[this.#c.spec.objective.metric];
    if (result.status !== 'completed' || typeof value !== 'number' || !Number.isFinite(value)) t.bad = true;
    // Lower is better for every strategy.
    else t.scores.push(this.#c.spec.objective.mode === 'max' ? -value : value);
  }

  /**
   * Each point as the strategy sees it: running until its first rung has ended, then scored at the highest rung
   * all of whose folds ended (with that rung's epochs, so that tpe models the highest rung with enough points, as
   * BOHB does), or bad when a fold there ended without a score.
   */
  #history(): Observation[] {
    const epochs = stageRungs(this.#c.spec, 'filter')?.epochs;
    return this.#order.map((id) => {
      const p = this.#points.get(id)!;
      const rung = p.rungs.findLastIndex((t) => t !== undefined && t.ended >= this.#folds);
      if (rung < 0) return { params: p.params, state: 'running' };
      const t = p.rungs[rung]!;
      if (t.bad) return { params: p.params, state: 'bad' };
      const score = t.scores.reduce((a, b) => a + b, 0) / t.scores.length;
      return { params: p.params, state: 'complete', score, ...(epochs ? { rung: epochs[rung]! } : {}) };
    });
  }

  /** Unfinished trials of the points' first rung: promoted rungs come on top of the draws. */
  #unfinishedTrials(): number {
    return this.#order.reduce((n, id) => n + this.#folds - (this.#points.get(id)!.rungs[0]?.ended ?? 0), 0);
  }

  /** Draws one point at a time while fewer than `parallel` trials are unfinished. */
  async #topUp(): Promise<void> {
    while (!this.finished && this.#unfinishedTrials() < this.#c.parallel) {
      const index = this.#order.length;
      const recorded = this.#c.recorded[index];
      const params = recorded ?? this.#c.strategy.ask(this.#history(), 1)[0];
      if (!params) {
        this.#exhausted = true;
        await this.#c.persist(this.#order.map((id) => this.#points.get(id)!.params), true);
        return;
      }
      const id = pointId(params);
      this.#points.set(id, { params, rungs: [] });
      this.#order.push(id);
      const trials = planStage({ spec: this.#c.spec, sweepId: this.#c.sweepId, stage: 'filter', points: [params] });
      // The point is stored before its trials go out, so a resumed coordinator never draws it again.
      if (!recorded) await this.#c.persist(this.#order.map((i) => this.#points.get(i)!.params), false);
      await this.#c.publish(trials);
      // Listed once published: the watchdog takes a listed trial that is neither queued nor answered for lost.
      this.#trials.push(...trials);
    }
  }
}
