/**
 * Fold racing in a stage whose trials it does not schedule: a stage that trains in rungs (its rung pruner
 * publishes them) or whose points are drawn as results arrive (each drawn point's folds go out together). After
 * each result the live points are tested at each rung, over the folds they finished there (race-decide.ts); a
 * raced-out point is written to the record, so that workers skip its queued folds (recording each `raced-out`),
 * and the rung pruner sends it on no further. A decided race (`decided`) is left to the scheduled race: here the
 * stage runs on until its schedule ends.
 */
import { haltedIn, racedOutOf, type RaceConfig, type RacedOut, type TrialResult } from '@seqsweep/core';
import { raceDecisions, type RacePoint } from './race-decide.js';
import type { PrunerContext, StagePruner } from '../pruners/stage-pruner.js';

export class RaceJudge implements StagePruner {
  readonly name = 'racing';
  readonly #ctx: PrunerContext;
  readonly #config: RaceConfig;
  #chain: Promise<void> = Promise.resolve();
  #queued = false;

  constructor(ctx: PrunerContext, config: RaceConfig) {
    this.#ctx = ctx;
    this.#config = config;
  }

  start(): Promise<void> {
    this.poke();
    return this.#chain;
  }

  onResult(result: TrialResult): void {
    if (result.stage === this.#ctx.stage) this.poke();
  }

  poke(): void {
    if (this.#queued) return;
    this.#queued = true;
    this.#chain = this.#chain.then(() => {
      this.#queued = false;
      return this.#step();
    }).catch((e: unknown) => this.#ctx.background(`race the ${this.#ctx.stage} stage`, Promise.reject(e)));
  }

  idle(): Promise<void> {
    return this.#chain;
  }

  async #step(): Promise<void> {
    const ctx = this.#ctx;
    const at = new Date(ctx.now()).toISOString();
    const entries: RacedOut[] = [];
    for (const [rung, points] of this.#livePoints()) {
      for (const d of raceDecisions(points, { keep: ctx.keep(), mode: ctx.spec.objective.mode, config: this.#config })) {
        if (entries.some((e) => e.pointId === d.pointId)) continue;
        entries.push({ ...d, compared: [...d.compared], stage: ctx.stage, test: this.#config.test, at, ...(ctx.rungs ? { rung } : {}) });
      }
    }
    if (entries.length === 0) return;
    const state = ctx.record().race ?? { rounds: {}, out: [], decided: {} };
    // Recorded before anything else: from then on every worker skips the points' queued folds.
    await ctx.update({ race: { ...state, out: [...state.out, ...entries] } });
    for (const entry of entries) {
      const queued = ctx.stageTrials().filter((a) => a.pointId === entry.pointId && !ctx.result(a.trialId)).length;
      ctx.event({ type: 'raced-out', entry, withdrawn: queued });
    }
  }

  /** Per rung, the live points with their completed folds there; pruned, diverged and raced-out points take no part. */
  #livePoints(): Map<number, RacePoint[]> {
    const ctx = this.#ctx;
    const record = ctx.record();
    const excluded = new Set(record.pruned);
    const byRung = new Map<number, Map<string, Map<number, number>>>();
    for (const a of ctx.stageTrials()) {
      if (racedOutOf(record, a.pointId, ctx.stage) || haltedIn(record, a.pointId, ctx.stage)) excluded.add(a.pointId);
      const r = ctx.result(a.trialId);
      if (r?.status === 'diverged') excluded.add(a.pointId);
      const rung = a.fidelity?.rung ?? 0;
      const points = byRung.get(rung) ?? new Map<string, Map<number, number>>();
      byRung.set(rung, points);
      const values = points.get(a.pointId) ?? new Map<number, number>();
      points.set(a.pointId, values);
      const v = r?.status === 'completed' ? r.metrics[ctx.spec.objective.metric] : undefined;
      if (typeof v === 'number' && Number.isFinite(v)) values.set(r!.fold, v);
    }
    return new Map([...byRung].map(([rung, points]) => [rung, [...points].filter(([id]) => !excluded.has(id)).map(([pointId, values]) => ({ pointId, values }))]));
  }
}
