/**
 * The median-stopping rule as a stage pruner (`stages.<stage>.median`), like Optuna's MedianPruner with the stage's
 * rungs for its steps: a point that finishes a rung goes on at once unless its score there is worse than the median
 * of the scores of the points that finished the rung before it. The first `startup` points to finish a rung always
 * go on. A point not sent on is halted when its rung closes (a few may still go on then, so that the stage hands on
 * as many points as it must).
 */
import type { MedianConfig, ObjectiveMode } from '@seqsweep/core';
import type { RungRule } from './rung-decide.js';
import { promotedBefore, rungPruner } from './rung-ladder.js';
import type { PrunerEntry } from './stage-pruner.js';

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The median rule: each point against the points that finished the rung before it. */
export function medianRule(config: Pick<MedianConfig, 'startup'>): RungRule {
  return {
    name: 'median',
    promote: (finished, _ranked, mode: ObjectiveMode) => finished
      .filter((p, i) => {
        if (i < config.startup) return true;
        const bar = median(finished.slice(0, i).map((q) => q.mean));
        return mode === 'min' ? p.mean <= bar : p.mean >= bar;
      })
      .map((p) => p.pointId),
  };
}

export const medianStopping: PrunerEntry = {
  name: 'median',
  create: (ctx) => (ctx.rungs?.rule === 'median' ? rungPruner(ctx, medianRule(ctx.rungs.config)) : undefined),
  publishedBefore: (result, facts) => facts.rungs?.rule !== 'median' || promotedBefore(result, facts),
};
