/**
 * Stage one's search as the header shows it: the strategy, the points drawn of the most it draws, and how many are
 * in flight (drawn, with folds not yet ended), which is what tpe keeps up to keep every worker busy.
 */
import { pointId, pointsInFlight } from '@seqsweep/core';
import type { SweepViewState } from './state.js';

/** `search tpe: 14 of 30 points drawn, 3 in flight`, or null before the record says which strategy runs. */
export function searchLine(state: SweepViewState): string | null {
  const search = state.record?.search;
  const spec = state.spec;
  if (!search || !spec) return null;
  const ended = new Map<string, number>();
  for (const r of state.results.values()) if (r.stage === 'filter') ended.set(r.pointId, (ended.get(r.pointId) ?? 0) + 1);
  const ids = search.drawn.map(pointId);
  const inFlight = pointsInFlight(search, (i) => ended.get(ids[i]!) ?? 0, spec.filterFolds);
  const drawnText = search.exhausted ? `${search.drawn.length} points drawn (the space ran out)` : `${search.drawn.length} of ${spec.points} points drawn`;
  return `search ${search.strategy}: ${drawnText}, ${inFlight} in flight`;
}
