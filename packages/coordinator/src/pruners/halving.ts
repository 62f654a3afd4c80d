/**
 * Asynchronous successive halving (ASHA, Li et al. 2018) as a stage pruner (`stages.<stage>.halving`): the stage's
 * folds train in rungs (see rung-ladder.ts), and a point goes on to the next rung as soon as it ranks in the top
 * 1/reduction of the points that have finished its rung so far; it waits for no straggler. A point never sent on is
 * halted at its rung when that rung closes.
 */
import type { HalvingConfig } from '@seqsweep/core';
import type { RungRule } from './rung-decide.js';
import { promotedBefore, rungPruner } from './rung-ladder.js';
import type { PrunerEntry } from './stage-pruner.js';

/** ASHA's rule: the best floor(n / reduction) of the n points that finished the rung so far. */
export function halvingRule(config: Pick<HalvingConfig, 'reduction'>): RungRule {
  return { name: 'halving', promote: (_finished, ranked) => ranked.slice(0, Math.floor(ranked.length / config.reduction)).map((p) => p.pointId) };
}

export const halving: PrunerEntry = {
  name: 'halving',
  create: (ctx) => (ctx.rungs?.rule === 'halving' ? rungPruner(ctx, halvingRule(ctx.rungs.config)) : undefined),
  publishedBefore: (result, facts) => facts.rungs?.rule !== 'halving' || promotedBefore(result, facts),
};
