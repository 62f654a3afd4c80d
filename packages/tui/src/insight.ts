/**
 * What the sweep has learned so far, from the results that arrived: stage one's best score so far in the order
 * points finished, and parameter importance (`@seqsweep/insight`, the same fANOVA over a random forest that
 * results.json records, with fewer trees so it redraws quickly).
 */
import { atReachedRung } from '@seqsweep/core';
import { stageOneImportance, stagePoints, type Importance } from '@seqsweep/insight';
import type { SweepViewState } from './state.js';

/**
 * Trees per forest in the TUI, and fold resamples (results.json's figure uses 64 and 5): the panel fits on the
 * render path, and ml-random-forest's trees cost about n² in the points, so the live figure is the cheaper one.
 */
export const LIVE_TREES = 16;
export const LIVE_RESAMPLES = 3;

/** Stage one's best mean score so far, one value per scored point in the order points first finished. */
export function bestSoFar(state: SweepViewState): number[] {
  const metric = state.spec?.metric ?? 'valLoss';
  const min = (state.spec?.mode ?? 'min') === 'min';
  const out: number[] = [];
  // A point that trains in rungs scores at the highest rung it reached, as on the leaderboard.
  for (const p of stagePoints(atReachedRung([...state.results.values()]), { metric, stage: 'filter' })) {
    if (p.mean === null) continue;
    const last = out.at(-1);
    out.push(last === undefined ? p.mean : min ? Math.min(last, p.mean) : Math.max(last, p.mean));
  }
  return out;
}

/** Importance over the stage-one points that have a score, or null with fewer than four of them. */
export function liveImportance(state: SweepViewState): Importance | null {
  return stageOneImportance(atReachedRung([...state.results.values()]), {
    metric: state.spec?.metric ?? 'valLoss', spec: state.spec?.parsed ?? { seed: 0, grid: {}, space: {} }, trees: LIVE_TREES, resamples: LIVE_RESAMPLES,
  });
}
