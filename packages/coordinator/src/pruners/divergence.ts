/**
 * Divergence pruning as a stage pruner (always on): a point with a diverged fold is pruned. It is written to the
 * record's `pruned` first, so workers skip its queued trials, and its trials without a result are recorded `pruned`.
 */
import { notRunResult, type TrialResult } from '@seqsweep/core';
import type { PrunerContext, PrunerEntry, StagePruner } from './stage-pruner.js';

const WHY = 'pruned: another fold of this point diverged';

class DivergencePruner implements StagePruner {
  readonly name = 'divergence';
  readonly #ctx: PrunerContext;
  /** One prune at a time, so that two diverged folds of a point record it once. */
  #chain: Promise<void> = Promise.resolve();

  constructor(ctx: PrunerContext) {
    this.#ctx = ctx;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  onResult(result: TrialResult): void {
    if (result.status !== 'diverged' || result.stage !== this.#ctx.stage) return;
    const run = this.#chain.then(() => this.#prune(result.pointId));
    this.#chain = run.catch(() => undefined);
    this.#ctx.background(`prune ${result.pointId}`, run);
  }

  idle(): Promise<void> {
    return this.#chain;
  }

  async #prune(point: string): Promise<void> {
    const ctx = this.#ctx;
    if (ctx.record().pruned.includes(point)) return;
    await ctx.update({ pruned: [...ctx.record().pruned, point] });
    const open = ctx.stageTrials().filter((a) => a.pointId === point && !ctx.result(a.trialId));
    const at = new Date(ctx.now()).toISOString();
    for (const a of open) await ctx.publishResult(notRunResult(a, 'pruned', WHY, 'coordinator', 0, at));
    ctx.event({ type: 'pruned', pointId: point, trials: open.length });
  }
}

export const divergence: PrunerEntry = { name: 'divergence', create: (ctx) => new DivergencePruner(ctx) };
